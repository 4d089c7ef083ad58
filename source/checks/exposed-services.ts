// 3.4 exposed-services: NodePort and LoadBalancer services are few and bounded by quota.
// The check in one file: its probe and its words (the fix is manual).
import type {V1ResourceQuotaSpec, V1ServiceSpec} from '@kubernetes/client-node';
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer} from '../engine/words.js';
import {evidence, guideUrl, workloadNamespaces} from '../facts/util.js';

const en = {
	title: 'NodePort and LoadBalancer services are few and bounded by quota',
	risk: 'A NodePort service opens a port on every node; a LoadBalancer service usually opens one to the internet. Nothing bounds how many a namespace may create unless a quota does.',
	attack: 'A user who may create services exposes an internal pod (or their own backdoor) on every node or to the internet, bypassing the ingress and its controls.',
	fix: 'No automatic fix for the services themselves; the resource-quota fix caps services.nodeports and services.loadbalancers at today\'s count.',
	undo: 'Nothing to undo.',
	manual: 'Prefer ClusterIP services behind an ingress; set services.nodeports and services.loadbalancers in each namespace\'s quota (0 where none are needed).',
	link: `${guideUrl}#restricting-network-access`,
	'ev.unlimited': '{type} (node ports {ports}); no quota limits {key} in this namespace',
	'ev.limited': '{type} (node ports {ports}); bounded by a quota on {key}',
	pass: 'No NodePort or LoadBalancer services in workload namespaces.',
	allLimited: 'Every NodePort or LoadBalancer service is in a namespace whose quota bounds them.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('exposed-services', words);

export const exposedServices: Check = {
	id: 'exposed-services',
	section: '3.4',
	reads: ['Namespace', 'Service', 'ResourceQuota'],
	words,
	async probe(context) {
		const namespaces = new Set((await workloadNamespaces(context)).map(ns => ns.metadata.name));
		const [services, quotas] = await Promise.all([context.snapshot.list('v1', 'Service'), context.snapshot.byNamespace('v1', 'ResourceQuota')]);
		const found: Evidence[] = [];
		let unlimited = 0;
		for (const service of services) {
			const namespace = service.metadata.namespace ?? '';
			const spec = (service['spec'] ?? {}) as V1ServiceSpec;
			if (!namespaces.has(namespace) || (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer')) {
				continue;
			}
			const key = spec.type === 'NodePort' ? 'services.nodeports' : 'services.loadbalancers';
			const limited = (quotas.get(namespace) ?? []).some(quota => ((quota['spec'] as V1ResourceQuotaSpec | undefined)?.hard ?? {})[key] !== undefined);
			unlimited += limited ? 0 : 1;
			const ports = (spec.ports ?? []).map(port => port.nodePort).filter(Boolean).join(', ') || '-';
			found.push(evidence(service, say.code(limited ? 'ev.limited' : 'ev.unlimited', {type: spec.type, ports, key})));
		}
		if (found.length === 0) {
			return {status: 'pass', severity: 'info', evidence: [], ...say.reason('pass')};
		}
		return unlimited > 0
			? {status: 'warn', severity: 'medium', evidence: found}
			: {status: 'pass', severity: 'info', evidence: found, ...say.reason('allLimited')};
	},
};
