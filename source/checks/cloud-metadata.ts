// 3.5 Cloud metadata API. On a cloud, every pod can usually ask the link-local metadata
// service for the node's credentials. The provider is read from the nodes' providerID; per
// namespace, an egress NetworkPolicy that isolates every pod and allows nothing to the
// metadata address blocks it.
import type {V1NodeSpec} from '@kubernetes/client-node';
import {type Change, type Check, type Evidence, type FixPlan, isSystemNamespace} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
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
	'step.aws': 'On AWS: require IMDSv2 with a hop limit of 1 on every node instance, and set the same in the launch template of each node group, so a pod (one network hop further) gets no metadata token.',
	'step.gcpAzure': 'On GKE: turn on Workload Identity for the cluster and run node pools with the GKE metadata server. On AKS: turn on Microsoft Entra Workload ID. Pods then get their own cloud identity, not the node\'s.',
	'step.hostNetwork': 'List the pods on the host network: no NetworkPolicy applies to them, so only the node or cloud level block keeps them from the metadata address.',
	'step.verify': 'From a pod in a workload namespace, ask the metadata address: the request should time out.',
} as const;

const zh = translation(en)({
	title: 'Pod 無法存取雲端元資料 API',
	risk: '在雲端上，鏈路本地（link-local）的元資料位址會把節點的身分、它的雲端憑據，往往還有啟動用的機密資料，交給任何從節點上發出請求的人，Pod 也包括在內。',
	attack: '攻擊者從任何一個 Pod（或透過網頁應用中的伺服器端請求偽造，SSRF）向 169.254.169.254 取得節點的雲端憑據，再拿來攻擊整個雲端帳戶。',
	fix: '在每個名字空間建立一個名為 "kubectl-harden-block-cloud-metadata" 的 NetworkPolicy：允許所有出站流量，唯獨不允許連到元資料位址（169.254.169.254，在 AWS 上還有 fd00:ec2::254）；Pod 之間的流量仍然允許。',
	undo: 'kubectl harden undo 會刪除它建立的策略，除非之後有人改過這些策略。',
	manual: '也要在節點或雲端層級封鎖它（AWS 上用 IMDSv2 並把跳數上限設為 1，GKE 和 AKS 上用工作負載身分），因為 NetworkPolicy 對使用主機網路的 Pod 無效，網路插件不執行策略時也無效。',
	link: en.link,
	'ev.provider': '執行在 {provider} 上（{total} 個節點中有 {count} 個的 providerID 屬於 {provider}）',
	'ev.open': '連到 {addresses} 的出站流量沒有被封鎖',
	'reason.noNodes': '看不到任何 Node 物件，因此無法判斷雲端供應商。',
	'reason.offCloud': '{count} 個節點都沒有雲端的 providerID：這看起來是不在任何雲端上的叢集，沒有會發放憑據的元資料 API。如果你的節點其實執行在雲端、只是沒有整合雲端供應商，仍請封鎖 169.254.169.254。',
	pass: '在 {provider} 上，範圍內全部 {count} 個名字空間都封鎖了連到元資料位址的出站流量。',
	change: '建立 NetworkPolicy {namespace}/kubectl-harden-block-cloud-metadata（允許所有出站流量，{addresses} 除外）',
	'impact.identity': '透過元資料服務取得雲端憑據（{how}）：將會失去這些憑據',
	'note.overridden': '{namespace}：kubectl-harden-block-cloud-metadata 已存在，但那裡另一條出站策略仍允許連到元資料位址；請檢查那條策略。',
	'note.otherEgress': '{namespace}：已有其他出站策略；出站規則是累加的，只要其中一條允許元資料位址，它就仍然連得到。',
	'step.aws': '在 AWS 上：每個節點執行個體都要求 IMDSv2，並把跳數上限設為 1，每個節點群組的啟動範本也要同樣設定，讓 Pod（多隔一層網路）拿不到元資料令牌。',
	'step.gcpAzure': '在 GKE 上：為叢集啟用 Workload Identity，節點池改用 GKE 元資料伺服器。在 AKS 上：啟用 Microsoft Entra Workload ID。這樣 Pod 拿到的是自己的雲端身分，而不是節點的。',
	'step.hostNetwork': '列出使用主機網路的 Pod：網路策略對它們無效，只有節點或雲端層級的封鎖能擋住它們連到元資料位址。',
	'step.verify': '從某個工作負載名字空間的 Pod 向元資料位址發出請求：請求應該逾時。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
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
	steps: [
		{id: 'aws', text: 'step.aws', command: 'aws ec2 modify-instance-metadata-options --instance-id <instance-id> --http-tokens required --http-put-response-hop-limit 1'},
		{id: 'gcpAzure', text: 'step.gcpAzure', command: 'gcloud container clusters update <cluster> --workload-pool=<project-id>.svc.id.goog\ngcloud container node-pools update <pool> --cluster=<cluster> --workload-metadata=GKE_METADATA\naz aks update --resource-group <resource-group> --name <cluster> --enable-oidc-issuer --enable-workload-identity'},
		{id: 'hostNetwork', text: 'step.hostNetwork', command: 'kubectl get pods -A -o jsonpath=\'{range .items[?(@.spec.hostNetwork==true)]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}\''},
		{id: 'verify', text: 'step.verify', command: 'kubectl run imds-test -n <namespace> --rm -it --restart=Never --image=busybox -- wget -qO- -T 5 http://169.254.169.254/'},
	],
	seeIt: [
		"kubectl get nodes -o 'custom-columns=NAME:.metadata.name,PROVIDER-ID:.spec.providerID'",
		"kubectl get networkpolicies -A -o 'custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,POD-SELECTOR:.spec.podSelector,TYPES:.spec.policyTypes'",
		'kubectl describe networkpolicies -A',
	],
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
