// 3.4 cni-policy-support: The network plugin enforces NetworkPolicies.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer} from '../engine/words.js';
import {evidence, guideUrl} from '../facts/util.js';
import type {KubeObject} from '../kube/objects.js';

const en = {
	title: 'The network plugin enforces NetworkPolicies',
	risk: 'NetworkPolicy objects are only instructions: the network plugin has to carry them out. Some plugins (flannel on its own, for one) accept the objects and ignore them.',
	attack: 'Defenders write policies and believe pods are isolated while every connection still goes through; the attacker sees no difference at all.',
	fix: 'No automatic fix: changing the network plugin is a cluster migration.',
	undo: 'Nothing to undo.',
	manual: 'Run a plugin that enforces policies (Calico, Cilium, Antrea, ...), or add one alongside flannel (Canal). Then test it: apply a deny policy and try a connection that should fail.',
	link: `${guideUrl}#restricting-network-access`,
	'ev.enforces': '{plugin} runs here and enforces NetworkPolicies',
	'ev.ignores': '{plugin} runs here and does not enforce NetworkPolicies',
	'reason.ignores': 'The only network plugins found do not enforce NetworkPolicies: every policy in this cluster is silently ignored.',
	'reason.notFound': 'No known network plugin was found among {daemonSets} DaemonSets and the kube-system pods; it may run outside what the API shows (managed clusters often hide it). Whether policies are enforced cannot be told from here.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('cni-policy-support', words);

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
	reads: ['NetworkPolicy', 'Pod'],
	words,
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
		const found: Evidence[] = [...seen.values()].map(({plugin, object}) => evidence(object, say.code(plugin.enforces ? 'ev.enforces' : 'ev.ignores', {plugin: plugin.name})));
		if ([...seen.values()].some(({plugin}) => plugin.enforces)) {
			return {status: 'pass', severity: 'info', evidence: found};
		}
		if (seen.size > 0) {
			return {status: 'fail', severity: 'high', evidence: found, ...say.reason('reason.ignores')};
		}
		return {status: 'unknown', severity: 'info', evidence: [], ...say.reason('reason.notFound', {daemonSets: daemonSets.length})};
	},
};
