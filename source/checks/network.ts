// 3.4 Network access: NetworkPolicies per namespace, whether the network plugin enforces them
// at all, and services that open ports on every node or to the outside.
import type {KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import type {Change, Check, Evidence, FixPlan} from '../engine/types.js';
import {booleanOption, chooseTargets, evidence, isSystemNamespace, namespaceEvidence, selectsAll, workloadNamespaces, noWorkloadNamespaces} from './util.js';

export const defaultDenyName = 'kubectl-harden-default-deny-ingress';

interface PolicySpec {
	podSelector?: unknown;
	policyTypes?: string[];
	ingress?: Array<{from?: unknown[]; ports?: unknown[]}>;
	egress?: Array<{to?: Array<{ipBlock?: {cidr: string; except?: string[]}; podSelector?: unknown; namespaceSelector?: unknown}>; ports?: unknown[]}>;
}

export function policySpec(policy: KubeObject): PolicySpec {
	return (policy['spec'] ?? {}) as PolicySpec;
}

export function policyTypes(policy: KubeObject): string[] {
	const spec = policySpec(policy);
	if (spec.policyTypes && spec.policyTypes.length > 0) {
		return spec.policyTypes;
	}
	// The API's default: Ingress always, Egress when egress rules are present.
	return spec.egress && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/**
 * A policy that isolates every pod of the namespace for ingress and does not let everything
 * back in (an empty rule, or a rule with no `from`, admits every source).
 */
export function isDefaultDenyIngress(policy: KubeObject): boolean {
	const spec = policySpec(policy);
	if (!selectsAll(spec.podSelector) || !policyTypes(policy).includes('Ingress')) {
		return false;
	}
	return !(spec.ingress ?? []).some(rule => !rule.from || rule.from.length === 0);
}

export const networkPolicy: Check = {
	id: 'network-policy',
	section: '3.4',
	async probe(context) {
		const namespaces = await workloadNamespaces(context);
		if (namespaces.length === 0) {
			return noWorkloadNamespaces();
		}
		const policies = await context.snapshot.byNamespace('networking.k8s.io/v1', 'NetworkPolicy');
		const found: Evidence[] = [];
		const fixTargets: string[] = [];
		let none = false;
		for (const ns of namespaces) {
			const name = ns.metadata.name;
			const own = policies.get(name) ?? [];
			if (own.length === 0) {
				none = true;
				found.push(namespaceEvidence(name, t('check.network-policy.ev.none')));
				fixTargets.push(name);
			} else if (!own.some(policy => isDefaultDenyIngress(policy))) {
				found.push(namespaceEvidence(name, t('check.network-policy.ev.noDefaultDeny', {count: own.length})));
				fixTargets.push(name);
			}
		}
		if (found.length === 0) {
			return {status: 'pass', severity: 'info', evidence: [], reason: t('check.network-policy.pass', {count: namespaces.length})};
		}
		return {status: none ? 'fail' : 'warn', severity: none ? 'high' : 'medium', evidence: found, fixTargets, reason: t('check.network-policy.reason.cni')};
	},
	async planFix(_context, verdict, options): Promise<FixPlan> {
		const notes: string[] = [];
		const sameNamespace = booleanOption(options, 'same-namespace', true);
		const targets = chooseTargets(verdict.fixTargets ?? [], options, notes);
		const changes: Change[] = targets.filter(name => !isSystemNamespace(name)).map(namespace => ({
			action: 'create',
			object: {
				apiVersion: 'networking.k8s.io/v1',
				kind: 'NetworkPolicy',
				metadata: {name: defaultDenyName, namespace, labels: {'app.kubernetes.io/managed-by': 'kubectl-harden'}},
				spec: {
					podSelector: {},
					policyTypes: ['Ingress'],
					ingress: sameNamespace ? [{from: [{podSelector: {}}]}] : [],
				},
			},
			summary: t(sameNamespace ? 'check.network-policy.change.sameNamespace' : 'check.network-policy.change.denyAll', {namespace}),
		}));
		notes.push(t(sameNamespace ? 'check.network-policy.note.sameNamespace' : 'check.network-policy.note.denyAll'));
		notes.push(t('check.network-policy.note.dns'));
		return {checkId: 'network-policy', changes, notes};
	},
};

interface Plugin {
	name: string;
	pattern: RegExp;
	enforces: boolean;
}

/** Network plugins recognised by the images of their node agents. */
export const plugins: Plugin[] = [
	{name: 'Calico', pattern: /calico\/node|calico-node|tigera|(^|\/)canal/, enforces: true},
	{name: 'Cilium', pattern: /cilium\/cilium|cilium-agent|(^|\/)cilium(:|@|$)|gke.*anetd|(^|\/)anetd/, enforces: true},
	{name: 'Weave Net', pattern: /weave-kube|weaveworks\/weave|weave-npc/, enforces: true},
	{name: 'kube-router', pattern: /kube-router/, enforces: true},
	{name: 'Antrea', pattern: /antrea/, enforces: true},
	{name: 'Kube-OVN', pattern: /kube-ovn/, enforces: true},
	{name: 'OVN-Kubernetes', pattern: /ovn-kubernetes|ovnkube/, enforces: true},
	{name: 'AWS VPC CNI network policy agent', pattern: /aws-network-policy-agent/, enforces: true},
	{name: 'Azure Network Policy Manager', pattern: /azure-npm/, enforces: true},
	{name: 'Flannel', pattern: /flannel/, enforces: false},
	{name: 'AWS VPC CNI', pattern: /amazon-k8s-cni|aws-vpc-cni/, enforces: false},
];

function images(object: KubeObject): string[] {
	const spec = (object.kind === 'Pod' ? object['spec'] : (object['spec'] as {template?: {spec?: unknown}} | undefined)?.template?.spec) as {containers?: Array<{image?: string}>; initContainers?: Array<{image?: string}>} | undefined;
	return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map(container => container.image ?? '');
}

export const cniPolicySupport: Check = {
	id: 'cni-policy-support',
	section: '3.4',
	async probe(context) {
		// Node agents run as DaemonSets (any namespace); some installs run them as static pods in kube-system.
		const [daemonSets, systemPods] = await Promise.all([
			context.snapshot.listAll('apps/v1', 'DaemonSet'),
			context.snapshot.list('v1', 'Pod', 'kube-system'),
		]);
		const seen = new Map<string, {plugin: Plugin; object: KubeObject}>();
		for (const object of [...daemonSets, ...systemPods]) {
			for (const image of images(object)) {
				const plugin = plugins.find(candidate => candidate.pattern.test(image));
				if (plugin && !seen.has(plugin.name)) {
					seen.set(plugin.name, {plugin, object});
				}
			}
		}
		const found: Evidence[] = [...seen.values()].map(({plugin, object}) => evidence(object, t(plugin.enforces ? 'check.cni-policy-support.ev.enforces' : 'check.cni-policy-support.ev.ignores', {plugin: plugin.name})));
		if ([...seen.values()].some(({plugin}) => plugin.enforces)) {
			return {status: 'pass', severity: 'info', evidence: found};
		}
		if (seen.size > 0) {
			return {status: 'fail', severity: 'high', evidence: found, reason: t('check.cni-policy-support.reason.ignores')};
		}
		return {status: 'unknown', severity: 'info', evidence: [], reason: t('check.cni-policy-support.reason.notFound', {daemonSets: daemonSets.length})};
	},
};

export const exposedServices: Check = {
	id: 'exposed-services',
	section: '3.4',
	async probe(context) {
		const namespaces = new Set((await workloadNamespaces(context)).map(ns => ns.metadata.name));
		const [services, quotas] = await Promise.all([context.snapshot.list('v1', 'Service'), context.snapshot.byNamespace('v1', 'ResourceQuota')]);
		const found: Evidence[] = [];
		let unlimited = 0;
		for (const service of services) {
			const namespace = service.metadata.namespace ?? '';
			const spec = (service['spec'] ?? {}) as {type?: string; ports?: Array<{nodePort?: number}>};
			if (!namespaces.has(namespace) || (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer')) {
				continue;
			}
			const key = spec.type === 'NodePort' ? 'services.nodeports' : 'services.loadbalancers';
			const limited = (quotas.get(namespace) ?? []).some(quota => ((quota['spec'] as {hard?: Record<string, string>} | undefined)?.hard ?? {})[key] !== undefined);
			unlimited += limited ? 0 : 1;
			const ports = (spec.ports ?? []).map(port => port.nodePort).filter(Boolean).join(', ') || '-';
			found.push(evidence(service, t(limited ? 'check.exposed-services.ev.limited' : 'check.exposed-services.ev.unlimited', {type: spec.type, ports, key})));
		}
		if (found.length === 0) {
			return {status: 'pass', severity: 'info', evidence: [], reason: t('check.exposed-services.pass')};
		}
		return unlimited > 0
			? {status: 'warn', severity: 'medium', evidence: found}
			: {status: 'pass', severity: 'info', evidence: found, reason: t('check.exposed-services.allLimited')};
	},
};
