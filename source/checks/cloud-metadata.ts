// 3.5 Cloud metadata API. On a cloud, every pod can usually ask the link-local metadata
// service for the node's credentials. The provider is read from the nodes' providerID; per
// namespace, an egress NetworkPolicy that isolates every pod and allows nothing to the
// metadata address blocks it.
import type {KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import type {Change, Check, Evidence, FixPlan} from '../engine/types.js';
import {chooseTargets, cidrContains, evidence, isSystemNamespace, namespaceEvidence, selectsAll, workloadNamespaces} from './util.js';
import {policySpec, policyTypes} from './network.js';

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
];

export function provider(node: KubeObject): {name: string; ipv6: boolean} | undefined {
	const id = (node['spec'] as {providerID?: string} | undefined)?.providerID;
	if (!id) {
		return undefined;
	}
	return providers.find(candidate => id.startsWith(candidate.prefix)) ?? {name: id.split('://')[0] ?? id, ipv6: false};
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
	async probe(context) {
		const nodes = await context.snapshot.listAll('v1', 'Node');
		const onCloud = nodes.map(node => ({node, cloud: provider(node)})).filter(item => item.cloud);
		if (nodes.length === 0) {
			return {status: 'unknown', severity: 'info', evidence: [], reason: t('check.cloud-metadata.reason.noNodes')};
		}
		if (onCloud.length === 0) {
			return {status: 'not-applicable', severity: 'info', evidence: [], reason: t('check.cloud-metadata.reason.offCloud', {count: nodes.length})};
		}
		const cloud = onCloud[0]!.cloud!;
		const addresses = cloud.ipv6 ? [metadataV4, metadataV6Aws] : [metadataV4];
		const namespaces = await workloadNamespaces(context);
		const policies = await context.snapshot.byNamespace('networking.k8s.io/v1', 'NetworkPolicy');
		const found: Evidence[] = [evidence(onCloud[0]!.node, t('check.cloud-metadata.ev.provider', {provider: cloud.name, count: onCloud.length, total: nodes.length}))];
		const fixTargets: string[] = [];
		for (const ns of namespaces) {
			const open = addresses.filter(ip => !blocks(policies.get(ns.metadata.name) ?? [], ip));
			if (open.length > 0) {
				found.push(namespaceEvidence(ns.metadata.name, t('check.cloud-metadata.ev.open', {addresses: open.join(', ')})));
				fixTargets.push(ns.metadata.name);
			}
		}
		if (fixTargets.length === 0) {
			return {status: 'pass', severity: 'info', evidence: found, reason: t('check.cloud-metadata.pass', {provider: cloud.name, count: namespaces.length})};
		}
		return {status: 'fail', severity: 'high', evidence: found, fixTargets, reason: t('check.network-policy.reason.cni')};
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
				notes.push(t('check.cloud-metadata.note.overridden', {namespace}));
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
				summary: t('check.cloud-metadata.change', {namespace, addresses: ipv6 ? `${metadataV4}, ${metadataV6Aws}` : metadataV4}),
			});
			if (own.some(policy => policyTypes(policy).includes('Egress'))) {
				notes.push(t('check.cloud-metadata.note.otherEgress', {namespace}));
			}
		}
		return {checkId: 'cloud-metadata', changes, notes};
	},
};
