// Section 5 ("What's next"): seccomp. A container filters its system calls when its spec (or its
// pod's) asks for RuntimeDefault or Localhost, or when it states nothing and its node's kubelet
// runs with seccompDefault: true. The pod specs come from the shared snapshot; the kubelets'
// configuration from the same node-proxy reads (sampled) that section 2 uses.
import type {KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import type {Check, Evidence, Status} from '../engine/types.js';
import {statusOrder, worst} from '../engine/types.js';
import {kubelets, type KubeletRead} from './kubelet.js';
import {activePods, evidence, isConfined, isSystemNamespace, podSpec, seccompProfiles} from './util.js';

/** How the containers that state no profile fare on the pod's node. */
type Coverage = 'covered' | 'exposed' | 'unread' | 'unscheduled';

/** What a pod's spec leaves unfiltered, and whether its node makes up for it. */
export function seccompGaps(pod: KubeObject, nodes: Map<string, KubeletRead>, coveredEverywhere: boolean): {status: Status; detail: string} | undefined {
	// Seccomp is a Linux feature; Windows pods have nothing to set.
	if (podSpec(pod).os?.name === 'windows') {
		return undefined;
	}
	const profiles = seccompProfiles(pod);
	const explicit = profiles.filter(profile => profile.type === 'Unconfined').map(profile => profile.container);
	const missing = profiles.filter(profile => !isConfined(profile.type) && profile.type !== 'Unconfined').map(profile => profile.container);
	const parts: Array<{status: Status; detail: string}> = [];
	if (explicit.length > 0) {
		parts.push({status: 'fail', detail: t('check.seccomp-default.ev.unconfined', {containers: explicit.join(', ')})});
	}
	if (missing.length > 0) {
		const node = podSpec(pod).nodeName;
		const read = node ? nodes.get(node) : undefined;
		const coverage: Coverage = node
			? read?.config ? (read.config.seccompDefault === true ? 'covered' : 'exposed') : 'unread'
			: coveredEverywhere ? 'covered' : 'unscheduled';
		const params = {containers: missing.join(', '), node: node ?? ''};
		if (coverage === 'exposed') {
			parts.push({status: 'warn', detail: t('check.seccomp-default.ev.exposed', params)});
		} else if (coverage !== 'covered') {
			parts.push({status: 'unknown', detail: t(coverage === 'unread' ? 'check.seccomp-default.ev.unread' : 'check.seccomp-default.ev.unscheduled', params)});
		}
	}
	return parts.length === 0 ? undefined : {status: worst(parts.map(part => part.status)), detail: parts.map(part => part.detail).join('; ')};
}

export const seccompDefault: Check = {
	id: 'seccomp-default',
	section: '5',
	async probe(context) {
		const [pods, facts] = await Promise.all([activePods(context), kubelets(context)]);
		const nodes = new Map(facts.reads.map(read => [read.node, read]));
		const coveredEverywhere = !facts.error && facts.total > 0 && facts.reads.length === facts.total && facts.reads.every(read => read.config?.seccompDefault === true);
		const found: Array<{status: Status; line: Evidence}> = [];
		const system: Evidence[] = [];
		for (const pod of pods) {
			const gap = seccompGaps(pod, nodes, coveredEverywhere);
			if (!gap) {
				continue;
			}
			if (isSystemNamespace(pod.metadata.namespace)) {
				system.push(evidence(pod, t('check.seccomp-default.ev.system', {detail: gap.detail})));
			} else {
				found.push({status: gap.status, line: evidence(pod, gap.detail)});
			}
		}
		found.sort((a, b) => statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status));
		const nodeLines: Evidence[] = facts.reads.map(read => ({
			kind: 'Node',
			name: read.node,
			detail: read.config
				? t(read.config.seccompDefault === true ? 'check.seccomp-default.ev.nodeOn' : 'check.seccomp-default.ev.nodeOff')
				: t('check.seccomp-default.ev.nodeUnread', {error: read.error ?? ''}),
		}));
		const status = worst(found.map(item => item.status));
		const readNote = facts.error
			? t('check.seccomp-default.reason.nodesRefused', {error: facts.error})
			: t('check.seccomp-default.reason.read', {read: facts.reads.filter(read => read.config).length, asked: facts.reads.length, total: facts.total});
		const workloads = pods.filter(pod => !isSystemNamespace(pod.metadata.namespace)).length;
		const summary = status === 'pass'
			? `${t('check.seccomp-default.reason.pass', {count: workloads})}${system.length > 0 ? ` ${t('check.seccomp-default.reason.system', {count: system.length})}` : ''}`
			: status === 'unknown'
				? t('check.seccomp-default.reason.unsure', {count: found.length})
				: t('check.seccomp-default.reason.found', {count: found.length});
		return {
			status,
			severity: status === 'fail' ? 'high' : status === 'pass' ? 'info' : 'medium',
			evidence: [...found.map(item => item.line), ...system, ...nodeLines],
			reason: `${summary} ${readNote}`,
		};
	},
};
