// 3.4 cni-policy-support: The network plugin enforces NetworkPolicies.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
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
	'step.identify': 'Find the network plugin: its node agent runs as a DaemonSet (in kube-system or a namespace of its own); the image names it.',
	'step.plan': 'Plan the move to a plugin that enforces NetworkPolicies (Calico, Cilium, Antrea, ...), or add Canal\'s policy agent next to flannel. Follow that plugin\'s own migration guide: replacing the plugin interrupts pod networking, so do it in a maintenance window.',
	'step.test': 'Test enforcement in a scratch namespace: start a web server, apply a deny-all ingress policy and call the server from another pod. The call must time out; if it succeeds, policies are still ignored. Delete the namespace afterwards.',
} as const;

const zh = translation(en)({
	title: '網路插件會執行網路策略',
	risk: 'NetworkPolicy 物件只是指示，要由網路插件實際執行。有些插件（例如單獨使用的 flannel）會接受這些物件，卻完全不理會它們。',
	attack: '防守方寫了策略，以為 Pod 已經隔離，但所有連線照樣通行；對攻擊者來說一切毫無差別。',
	fix: '沒有自動修復：更換網路插件等於一次叢集遷移。',
	undo: '沒有要復原的。',
	manual: '改用會執行策略的插件（Calico、Cilium、Antrea 等），或在 flannel 旁加上一個（Canal）。然後實際測試：套用一條拒絕策略，再試一個應該失敗的連線。',
	link: en.link,
	'ev.enforces': '這裡執行的是 {plugin}，它會執行網路策略',
	'ev.ignores': '這裡執行的是 {plugin}，它不會執行網路策略',
	'reason.ignores': '找到的網路插件都不執行網路策略：這個叢集裡的每條策略都被默默忽略。',
	'reason.notFound': '在 {daemonSets} 個 DaemonSet 和 kube-system 的 Pod 中都沒有找到已知的網路插件；它可能在 API 看不到的地方執行（託管叢集常把它藏起來）。從這裡無法判斷策略是否被執行。',
	'step.identify': '找出網路插件：它的節點代理以 DaemonSet 執行（在 kube-system 或它自己的名字空間），從映像名稱就能看出是哪一個。',
	'step.plan': '規劃改用會執行網路策略的插件（Calico、Cilium、Antrea 等），或在 flannel 旁加上 Canal 的策略代理。請依照該插件自己的遷移指南進行：更換插件會中斷 Pod 網路，應安排在維護時段。',
	'step.test': '在一個臨時名字空間測試是否真的執行：啟動一個網頁伺服器，套用拒絕所有入站流量的策略，再從另一個 Pod 呼叫它。呼叫必須逾時；如果成功，代表策略仍被忽略。測完刪除這個名字空間。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
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
	steps: [
		{id: 'identify', text: 'step.identify', command: "kubectl get daemonsets -A -o 'custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,IMAGES:.spec.template.spec.containers[*].image'"},
		{id: 'plan', text: 'step.plan'},
		{id: 'test', text: 'step.test', command: "kubectl create namespace np-trial\nkubectl -n np-trial run web --image=nginx --port=80 --expose\nkubectl -n np-trial apply -f - <<'EOF'\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all-ingress\nspec:\n  podSelector: {}\n  policyTypes:\n  - Ingress\nEOF\nkubectl -n np-trial run probe --rm -it --restart=Never --image=busybox -- wget -qO- -T 5 http://web\nkubectl delete namespace np-trial"},
	],
	seeIt: [
		"kubectl get daemonsets -A -o 'custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,IMAGES:.spec.template.spec.containers[*].image'",
		"kubectl -n kube-system get pods -o 'custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image'",
	],
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
