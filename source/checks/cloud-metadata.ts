// 3.5 Cloud metadata API. On a cloud, every pod can usually ask the link-local metadata
// service for the node's credentials. The provider is read from the nodes' providerID; per
// namespace, an egress NetworkPolicy that isolates every pod and allows nothing to the
// metadata address blocks it.
import type {V1NodeSpec} from '@kubernetes/client-node';
import {type Change, type Check, type Evidence, type FixPlan, isSystemNamespace} from '../engine/types.js';
import {type Words, sayer} from '../engine/words.js';
import {policySpec, policyTypes, sayNetworkPolicy} from '../facts/network-policies.js';
import {chooseTargets, cidrContains, evidence, guideUrl, namespaceEvidence, selectsAll, workloadNamespaces} from '../facts/util.js';
import type {KubeObject} from '../kube/objects.js';
import {itemFor} from '../engine/impact.js';
import type {ImpactItem} from '../engine/types.js';

/** How a pod is known to get credentials from the metadata service: the service account's or pod's marks. */
const metadataUsers: Array<{on: 'account' | 'pod'; key: string; how: string}> = [
	{on: 'account', key: 'iam.gke.io/gcp-service-account', how: 'GKE Workload Identity'},
	{on: 'pod', key: 'aadpodidbinding', how: 'AAD Pod Identity'},
	{on: 'pod', key: 'iam.amazonaws.com/role', how: 'kube2iam/kiam'},
];

const en = {
	title: 'Pods cannot reach the cloud metadata API',
	risk: 'On a cloud, the link-local metadata address hands out the node\'s identity, its cloud credentials and often its bootstrap secrets to whoever asks from the node, pods included.',
	attack: 'From any pod, an attacker (or a server-side request forgery in a web app) fetches the node\'s cloud credentials from 169.254.169.254 and uses them against the cloud account.',
	fix: 'Creates a NetworkPolicy "kubectl-harden-block-cloud-metadata" per namespace that allows all egress except to the metadata address (169.254.169.254, and fd00:ec2::254 on AWS); pod-to-pod traffic stays allowed.',
	undo: 'kubectl harden undo deletes the policies it created, unless someone changed them since.',
	manual: 'Also block it at the node or cloud level (IMDSv2 with a hop limit of 1 on AWS, workload identity on GKE and AKS), since a NetworkPolicy does nothing for host-network pods or with a plugin that ignores policies.',
	link: `${guideUrl}#restricting-cloud-metadata-api-access`,
	'ev.provider': 'runs on {provider} ({count} of {total} nodes have a {provider} providerID)',
	'ev.open': 'egress to {addresses} is not blocked',
	'reason.noNodes': 'No Node objects are visible, so the cloud provider cannot be told.',
	'reason.offCloud': 'None of the {count} nodes has a cloud providerID: this looks like a cluster off any cloud, where no metadata API serves credentials. If your nodes do run on a cloud without a cloud provider integration, block 169.254.169.254 anyway.',
	pass: 'On {provider}, all {count} namespaces in scope block egress to the metadata address.',
	change: 'create NetworkPolicy {namespace}/kubectl-harden-block-cloud-metadata (all egress allowed except {addresses})',
	'impact.identity': 'gets cloud credentials from the metadata service ({how}): it loses them',
	'note.overridden': '{namespace}: kubectl-harden-block-cloud-metadata exists but another egress policy there still allows the metadata address; review that policy.',
	'note.otherEgress': '{namespace}: other egress policies exist; egress rules add up, so if one of them allows the metadata address it stays reachable.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('cloud-metadata', words);

export const metadataPolicyName = 'kubectl-harden-block-cloud-metadata';

export const metadataV4 = '169.254.169.254';

/** AWS also serves instance metadata on this IPv6 address (Nitro instances). */
export const metadataV6Aws = 'fd00:ec2::254';

const providers: Array<{prefix: string; name: string; ipv6: boolean}> = [
	{prefix: 'aws://', name: 'AWS', ipv6: true},
	{prefix: 'gce://', name: 'Google Cloud', ipv6: false},
	{prefix: 'azure://', name: 'Azure', ipv6: false},
	{prefix: 'openstack://', name: 'OpenStack', ipv6: false},
	{prefix: 'digitalocean://', name: 'DigitalOcean', ipv6: false},
	{prefix: 'hcloud://', name: 'Hetzner Cloud', ipv6: false},
	{prefix: 'linode://', name: 'Linode', ipv6: false},
	{prefix: 'oci://', name: 'Oracle Cloud', ipv6: false},
	{prefix: 'ibm://', name: 'IBM Cloud', ipv6: false},
	{prefix: 'alicloud://', name: 'Alibaba Cloud', ipv6: false},
	{prefix: 'vsphere://', name: 'vSphere', ipv6: false},
	{prefix: 'vultr://', name: 'Vultr', ipv6: false},
	{prefix: 'exoscale://', name: 'Exoscale', ipv6: false},
	{prefix: 'upcloud://', name: 'UpCloud', ipv6: false},
];

export function provider(node: KubeObject): {name: string; ipv6: boolean} | undefined {
	const id = (node['spec'] as V1NodeSpec | undefined)?.providerID;
	if (!id) {
		return undefined;
	}
	// Only a known cloud counts: kubemark://, kind://, k3s:// and the like are no cloud with a metadata API.
	return providers.find(candidate => id.startsWith(candidate.prefix));
}

/** Whether an egress rule lets traffic reach `ip` (a rule with no `to` reaches everything). */
function ruleAllows(rule: NonNullable<ReturnType<typeof policySpec>['egress']>[number], ip: string): boolean {
	if (!rule.to || rule.to.length === 0) {
		return true;
	}
	return rule.to.some(peer => peer.ipBlock !== undefined
		&& cidrContains(peer.ipBlock.cidr, ip)
		&& !(peer.ipBlock.except ?? []).some(except => cidrContains(except, ip)));
}

/** Blocked when an egress policy isolates every pod and no egress rule in the namespace reaches the address. */
export function blocks(policies: KubeObject[], ip: string): boolean {
	const egress = policies.filter(policy => policyTypes(policy).includes('Egress'));
	if (!egress.some(policy => selectsAll(policySpec(policy).podSelector))) {
		return false;
	}
	return !egress.some(policy => (policySpec(policy).egress ?? []).some(rule => ruleAllows(rule, ip)));
}

export const cloudMetadata: Check = {
	id: 'cloud-metadata',
	section: '3.5',
	reads: ['Namespace', 'NetworkPolicy', 'Node'],
	words,
	async probe(context) {
		const nodes = await context.snapshot.listAll('v1', 'Node');
		const onCloud = nodes.map(node => ({node, cloud: provider(node)})).filter(item => item.cloud);
		if (nodes.length === 0) {
			return {status: 'unknown', severity: 'info', evidence: [], ...say.reason('reason.noNodes')};
		}
		if (onCloud.length === 0) {
			return {status: 'not-applicable', severity: 'info', evidence: [], ...say.reason('reason.offCloud', {count: nodes.length})};
		}
		const cloud = onCloud[0]!.cloud!;
		const addresses = cloud.ipv6 ? [metadataV4, metadataV6Aws] : [metadataV4];
		const namespaces = await workloadNamespaces(context);
		const policies = await context.snapshot.byNamespace('networking.k8s.io/v1', 'NetworkPolicy');
		const found: Evidence[] = [evidence(onCloud[0]!.node, say.code('ev.provider', {provider: cloud.name, count: onCloud.length, total: nodes.length}))];
		const fixTargets: string[] = [];
		for (const ns of namespaces) {
			const open = addresses.filter(ip => !blocks(policies.get(ns.metadata.name) ?? [], ip));
			if (open.length > 0) {
				found.push(namespaceEvidence(ns.metadata.name, say.code('ev.open', {addresses: open.join(', ')})));
				fixTargets.push(ns.metadata.name);
			}
		}
		if (fixTargets.length === 0) {
			return {status: 'pass', severity: 'info', evidence: found, ...say.reason('pass', {provider: cloud.name, count: namespaces.length})};
		}
		return {status: 'fail', severity: 'high', evidence: found, fixTargets, ...sayNetworkPolicy.reason('reason.cni')};
	},
	async planFix(context, verdict, options): Promise<FixPlan> {
		const notes: string[] = [];
		const targets = chooseTargets(verdict.fixTargets ?? [], options, notes).filter(name => !isSystemNamespace(name));
		const nodes = await context.snapshot.listAll('v1', 'Node');
		const ipv6 = nodes.some(node => provider(node)?.ipv6);
		const policies = await context.snapshot.byNamespace('networking.k8s.io/v1', 'NetworkPolicy');
		const to: unknown[] = [
			{ipBlock: {cidr: '0.0.0.0/0', except: [`${metadataV4}/32`]}},
			...(ipv6 ? [{ipBlock: {cidr: '::/0', except: [`${metadataV6Aws}/128`]}}] : []),
			// Pod-to-pod traffic: some plugins do not match pod addresses with ipBlock.
			{namespaceSelector: {}},
		];
		const changes: Change[] = [];
		for (const namespace of targets) {
			const own = policies.get(namespace) ?? [];
			if (own.some(policy => policy.metadata.name === metadataPolicyName)) {
				notes.push(say('note.overridden', {namespace}));
				continue;
			}
			changes.push({
				action: 'create',
				object: {
					apiVersion: 'networking.k8s.io/v1',
					kind: 'NetworkPolicy',
					metadata: {name: metadataPolicyName, namespace, labels: {'app.kubernetes.io/managed-by': 'kubectl-harden'}},
					spec: {podSelector: {}, policyTypes: ['Egress'], egress: [{to}]},
				},
				summary: say('change', {namespace, addresses: ipv6 ? `${metadataV4}, ${metadataV6Aws}` : metadataV4}),
			});
			if (own.some(policy => policyTypes(policy).includes('Egress'))) {
				notes.push(say('note.otherEgress', {namespace}));
			}
		}
		return {checkId: 'cloud-metadata', changes, notes};
	},
	async impact(context, plan) {
		const items: ImpactItem[] = [];
		const [pods, accounts] = await Promise.all([context.snapshot.byNamespace('v1', 'Pod'), context.snapshot.byNamespace('v1', 'ServiceAccount')]);
		for (const change of plan.changes) {
			const namespace = change.action === 'create' ? change.object.metadata.namespace ?? '' : '';
			for (const pod of pods.get(namespace) ?? []) {
				const accountName = (pod['spec'] as {serviceAccountName?: string} | undefined)?.serviceAccountName ?? 'default';
				const account = (accounts.get(namespace) ?? []).find(item => item.metadata.name === accountName);
				const marks = {account: account?.metadata.annotations ?? {}, pod: {...pod.metadata.labels, ...pod.metadata.annotations}};
				const user = metadataUsers.find(mark => marks[mark.on][mark.key] !== undefined);
				if (user) {
					items.push(itemFor('breaks', {...pod, kind: 'Pod'}, say.code('impact.identity', {how: user.how})));
				}
			}
		}
		return items;
	},
};
