// Section 5 ("What's next"): seccomp. A container filters its system calls when its spec (or its
// pod's) asks for RuntimeDefault or Localhost, or when it states nothing and its node's kubelet
// runs with seccompDefault: true. The pod specs come from the shared snapshot; the kubelets'
// configuration from the same node-proxy reads (sampled) that section 2 uses.
import {type Check, type Evidence, type Status, isSystemNamespace, statusOrder, worst} from '../engine/types.js';
import {type Words, sayer, because, line, type Phrase} from '../engine/words.js';
import {type KubeletRead, kubelets} from '../facts/kubelets.js';
import {activePods, evidence, guideUrl, isConfined, podSpec, seccompProfiles} from '../facts/util.js';
import type {KubeObject} from '../kube/objects.js';

const checklist = 'https://kubernetes.io/docs/concepts/security/security-checklist/';
const seccompReference = 'https://kubernetes.io/docs/reference/node/seccomp/';

const en = {
	title: 'Containers run under a seccomp profile',
	risk: 'seccomp limits which system calls a container may make into the node\'s kernel. Without a profile the container may call anything the kernel offers, so a flaw behind any rarely used system call is within its reach. The runtime\'s RuntimeDefault profile refuses the risky, seldom needed calls and nearly every application runs under it unchanged.',
	attack: 'With code running in an unconfined container, an attacker uses a system call such as keyctl, bpf or unshare, common in container-escape exploits, to reach a kernel flaw and take over the node; under RuntimeDefault those calls are refused.',
	fix: 'No automatic fix: the profile belongs in each workload\'s manifest, where the next rollout would undo a patch made here, and seccompDefault is a setting in each node\'s kubelet configuration.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: `In each workload's pod template: securityContext: {seccompProfile: {type: RuntimeDefault}} (or type: Localhost with localhostProfile: <file> for a profile of your own), and no type: Unconfined anywhere. To make RuntimeDefault the default for every container without a profile, set seccompDefault: true in each node's KubeletConfiguration (/var/lib/kubelet/config.yaml on kubeadm) and restart the kubelet; try it on one node first, as a few workloads need a call the default profile refuses. Pod Security at restricted (3.2) refuses pods without a profile. Further reading: the Security Checklist (${checklist}) and the seccomp node reference (${seccompReference}).`,
	link: `${guideUrl}#what-s-next`,
	'ev.unconfined': 'seccomp explicitly Unconfined: {containers} (worse than no profile: seccompDefault does not apply to it)',
	'ev.exposed': 'no seccomp profile: {containers}; node {node} has seccompDefault off, so they run unconfined',
	'ev.unread': 'no seccomp profile: {containers}; the kubelet of node {node} was not read, so whether seccompDefault covers them is not known',
	'ev.unscheduled': 'no seccomp profile: {containers}; not on a node yet, and not every node is known to have seccompDefault on',
	'ev.system': 'system namespace, listed, not judged: {detail}',
	'ev.nodeOn': 'seccompDefault: true: containers without a profile run under RuntimeDefault',
	'ev.nodeOff': 'seccompDefault is off: containers without a profile run unconfined',
	'ev.nodeUnread': 'kubelet configuration not readable: {error}',
	'reason.pass': 'Every container of the {count} workload pods in scope runs under RuntimeDefault or Localhost, set in its spec or by its node\'s seccompDefault.',
	'reason.system': '{count} pods in system namespaces run without one and are listed for review.',
	'reason.found': '{count} pods in scope have containers without seccomp filtering.',
	'reason.unsure': '{count} pods in scope have containers without a profile on nodes whose kubelet was not read: whether seccompDefault covers them is not known.',
	'reason.read': 'Read the configuration of {read} of {asked} kubelets asked ({total} nodes).',
	'reason.nodesRefused': 'The nodes could not be listed ({error}), so whether their kubelets apply seccompDefault is not known.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('seccomp-default', words);

/** How the containers that state no profile fare on the pod's node. */
type Coverage = 'covered' | 'exposed' | 'unread' | 'unscheduled';

/** What a pod's spec leaves unfiltered, and whether its node makes up for it. */
export function seccompGaps(pod: KubeObject, nodes: Map<string, KubeletRead>, coveredEverywhere: boolean): {status: Status; detail: string; phrases: Phrase[]} | undefined {
	// Seccomp is a Linux feature; Windows pods have nothing to set.
	if (podSpec(pod).os?.name === 'windows') {
		return undefined;
	}
	const profiles = seccompProfiles(pod);
	const explicit = profiles.filter(profile => profile.type === 'Unconfined').map(profile => profile.container);
	const missing = profiles.filter(profile => !isConfined(profile.type) && profile.type !== 'Unconfined').map(profile => profile.container);
	const parts: Array<{status: Status; phrase: Phrase}> = [];
	if (explicit.length > 0) {
		parts.push({status: 'fail', phrase: say.code('ev.unconfined', {containers: explicit.join(', ')})});
	}
	if (missing.length > 0) {
		const node = podSpec(pod).nodeName;
		const read = node ? nodes.get(node) : undefined;
		const coverage: Coverage = node
			? read?.config ? (read.config.seccompDefault === true ? 'covered' : 'exposed') : 'unread'
			: coveredEverywhere ? 'covered' : 'unscheduled';
		const params = {containers: missing.join(', '), node: node ?? ''};
		if (coverage === 'exposed') {
			parts.push({status: 'warn', phrase: say.code('ev.exposed', params)});
		} else if (coverage !== 'covered') {
			parts.push({status: 'unknown', phrase: say.code(coverage === 'unread' ? 'ev.unread' : 'ev.unscheduled', params)});
		}
	}
	const phrases = parts.map(part => part.phrase);
	return phrases.length === 0 ? undefined : {status: worst(parts.map(part => part.status)), detail: line(phrases).detail, phrases};
}

export const seccompDefault: Check = {
	id: 'seccomp-default',
	section: '5',
	reads: ['Pod'],
	words,
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
				system.push(evidence(pod, say.code('ev.system', {detail: gap.detail})));
			} else {
				found.push({status: gap.status, line: evidence(pod, gap.phrases)});
			}
		}
		found.sort((a, b) => statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status));
		const nodeLines: Evidence[] = facts.reads.map(read => ({
			kind: 'Node',
			name: read.node,
			...read.config
				? say.line(read.config.seccompDefault === true ? 'ev.nodeOn' : 'ev.nodeOff')
				: say.line('ev.nodeUnread', {error: read.error ?? ''}),
		}));
		const status = worst(found.map(item => item.status));
		const readNote = facts.error
			? say.code('reason.nodesRefused', {error: facts.error})
			: say.code('reason.read', {read: facts.reads.filter(read => read.config).length, asked: facts.reads.length, total: facts.total});
		const workloads = pods.filter(pod => !isSystemNamespace(pod.metadata.namespace)).length;
		const summary = status === 'pass'
			? [say.code('reason.pass', {count: workloads}), ...system.length > 0 ? [say.code('reason.system', {count: system.length})] : []]
			: status === 'unknown'
				? [say.code('reason.unsure', {count: found.length})]
				: [say.code('reason.found', {count: found.length})];
		return {
			status,
			severity: status === 'fail' ? 'high' : status === 'pass' ? 'info' : 'medium',
			evidence: [...found.map(item => item.line), ...system, ...nodeLines],
			...because([...summary, readNote]),
		};
	},
};
