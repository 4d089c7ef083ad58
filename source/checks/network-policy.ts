// 3.4 network-policy: Every namespace has a default-deny ingress NetworkPolicy.
// The check in one file: its probe, its fix and its words.
import {type Change, type Check, type Evidence, type FixPlan, isSystemNamespace} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {policySpec, policyTypes, sayNetworkPolicy} from '../facts/network-policies.js';
import {booleanOption, chooseTargets, guideUrl, namespaceEvidence, noWorkloadNamespaces, selectsAll, workloadNamespaces} from '../facts/util.js';
import type {KubeObject} from '../kube/objects.js';
import {itemFor, listPath} from '../engine/impact.js';
import type {ImpactItem} from '../engine/types.js';

const en = {
	title: 'Every namespace has a default-deny ingress NetworkPolicy',
	risk: 'Until a NetworkPolicy selects a pod, the pod accepts connections from every other pod in the cluster, in every namespace.',
	attack: 'One compromised pod anywhere scans the cluster network and talks straight to databases, admin endpoints and internal APIs that assumed nobody else could reach them.',
	fix: 'Creates a NetworkPolicy "kubectl-harden-default-deny-ingress" per namespace that isolates all its pods for ingress while still allowing traffic from pods in the same namespace (--option same-namespace=false denies that too). Egress, and so DNS lookups, are not affected. Traffic from other namespaces and from outside then needs its own allow policy.',
	undo: 'kubectl harden undo deletes the policies it created, unless someone changed them since.',
	manual: 'Write allow policies for the traffic each service really needs (ingress controllers, monitoring scrapes), then keep default-deny in every namespace, new ones included.',
	link: `${guideUrl}#restricting-network-access`,
	'ev.none': 'no NetworkPolicy: every pod accepts connections from anywhere in the cluster',
	'ev.noDefaultDeny': '{count} NetworkPolicies, none isolating all pods for ingress: pods they do not select are open',
	pass: 'All {count} namespaces in scope have a default-deny ingress policy.',
	'change.sameNamespace': 'create NetworkPolicy {namespace}/kubectl-harden-default-deny-ingress (ingress only from pods in {namespace})',
	'change.denyAll': 'create NetworkPolicy {namespace}/kubectl-harden-default-deny-ingress (no ingress at all)',
	'note.sameNamespace': 'Pods in the same namespace can still reach each other; traffic from other namespaces, node ports and load balancers is dropped unless another policy allows it.',
	'note.denyAll': 'All ingress is dropped, from the same namespace too, unless another policy allows it.',
	'impact.ingress': 'Ingress into this namespace: traffic from the ingress controller is dropped',
	'impact.route': 'Gateway route into this namespace: traffic from the gateway is dropped',
	'impact.exposed': '{type} Service: traffic from outside the cluster is dropped',
	'impact.crossNamespace': 'pods in {from} connect to this Service today: their traffic is dropped',
	'impact.sameNamespace': 'pods in this namespace can no longer reach each other',
	'note.dns': 'Only ingress is restricted: DNS lookups and other egress keep working.',
	'step.inventory': 'List what each namespace serves and who calls it: the ingress controller, monitoring that scrapes metrics, Services that pods in other namespaces use.',
	'step.allow': 'Write an allow policy for each caller found, before or together with the default-deny one. The example lets an ingress controller\'s namespace reach one app\'s pods; fill in your own names.',
	'step.newNamespaces': 'Make the default-deny policy part of how a namespace is created (your namespace template, GitOps repository or a policy engine that generates it), so new namespaces do not start open.',
	'step.verify': 'From a pod in another namespace, call a Service that no policy allows: the request should time out. Then run this check again.',
} as const;

const zh = translation(en)({
	title: '每個名字空間都有預設拒絕入站流量的網路策略',
	risk: '只要還沒有任何 NetworkPolicy 選中某個 Pod，這個 Pod 就接受叢集內所有 Pod 的連線，不分名字空間。',
	attack: '叢集裡任何一個 Pod 被攻破後，攻擊者就能掃描叢集網路，直接連到資料庫、管理端點和內部 API；這些服務原本以為別人根本連不到它們。',
	fix: '在每個名字空間建立一個名為 "kubectl-harden-default-deny-ingress" 的 NetworkPolicy：所有 Pod 的入站流量都被隔離，但仍允許同一名字空間內 Pod 之間的流量（用 --option same-namespace=false 連這個也拒絕）。出站流量不受影響，因此 DNS 查詢照常運作。之後來自其他名字空間和叢集外部的流量，需要各自的允許策略。',
	undo: 'kubectl harden undo 會刪除它建立的策略，除非之後有人改過這些策略。',
	manual: '為每個服務真正需要的流量寫允許策略（Ingress 控制器、監控系統的指標抓取），然後讓每個名字空間都保有預設拒絕策略，新建立的名字空間也一樣。',
	link: en.link,
	'ev.none': '沒有任何 NetworkPolicy：每個 Pod 都接受叢集內任何地方的連線',
	'ev.noDefaultDeny': '有 {count} 個 NetworkPolicy，但沒有一個隔離所有 Pod 的入站流量：沒被選中的 Pod 仍是開放的',
	pass: '範圍內全部 {count} 個名字空間都有預設拒絕入站流量的策略。',
	'change.sameNamespace': '建立 NetworkPolicy {namespace}/kubectl-harden-default-deny-ingress（只允許來自 {namespace} 內 Pod 的入站流量）',
	'change.denyAll': '建立 NetworkPolicy {namespace}/kubectl-harden-default-deny-ingress（完全不允許入站流量）',
	'note.sameNamespace': '同一名字空間內的 Pod 仍可互相連線；來自其他名字空間、節點端口和負載平衡器的流量會被丟棄，除非另有策略允許。',
	'note.denyAll': '所有入站流量都會被丟棄，包括來自同一名字空間的流量，除非另有策略允許。',
	'impact.ingress': '進入這個名字空間的 Ingress：來自 Ingress 控制器的流量會被丟棄',
	'impact.route': '進入這個名字空間的 Gateway 路由：來自閘道的流量會被丟棄',
	'impact.exposed': '{type} 類型的 Service：來自叢集外部的流量會被丟棄',
	'impact.crossNamespace': '{from} 中的 Pod 目前會連到這個 Service：它們的流量會被丟棄',
	'impact.sameNamespace': '這個名字空間內的 Pod 將無法再互相連線',
	'note.dns': '只限制入站流量：DNS 查詢和其他出站流量照常運作。',
	'step.inventory': '列出每個名字空間提供哪些服務、由誰呼叫：Ingress 控制器、抓取指標的監控系統、其他名字空間的 Pod 會用到的 Service。',
	'step.allow': '為找到的每個呼叫來源寫一條允許策略，在預設拒絕策略之前或同時套用。範例讓 Ingress 控制器所在的名字空間連到某個應用的 Pod；名稱請換成你自己的。',
	'step.newNamespaces': '把預設拒絕策略納入建立名字空間的流程（名字空間範本、GitOps 儲存庫，或會自動產生它的策略引擎），讓新的名字空間不會一開始就是開放的。',
	'step.verify': '從另一個名字空間的 Pod 呼叫一個沒有策略允許的 Service：請求應該逾時。然後再執行一次這項檢查。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('network-policy', words);

export const defaultDenyName = 'kubectl-harden-default-deny-ingress';

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
	choices: {'same-namespace': ['true', 'false']},
	reads: ['Namespace', 'NetworkPolicy'],
	words,
	steps: [
		{id: 'inventory', text: 'step.inventory', command: 'kubectl get services,ingresses -A'},
		{id: 'allow', text: 'step.allow', command: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-from-ingress\n  namespace: <namespace>\nspec:\n  podSelector:\n    matchLabels:\n      app: <app>\n  policyTypes:\n  - Ingress\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: <ingress-controller-namespace>'},
		{id: 'newNamespaces', text: 'step.newNamespaces', command: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-ingress\n  namespace: <namespace>\nspec:\n  podSelector: {}\n  policyTypes:\n  - Ingress\n  ingress:\n  - from:\n    - podSelector: {}'},
		{id: 'verify', text: 'step.verify', command: 'kubectl run np-test -n <other-namespace> --rm -it --restart=Never --image=busybox -- wget -qO- -T 5 http://<service>.<namespace>.svc\nkubectl harden --section 3.4 --report markdown'},
	],
	seeIt: [
		'kubectl get namespaces',
		"kubectl get networkpolicies -A -o 'custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,POD-SELECTOR:.spec.podSelector,TYPES:.spec.policyTypes'",
		'kubectl describe networkpolicies -A',
	],
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
				found.push(namespaceEvidence(name, say.code('ev.none')));
				fixTargets.push(name);
			} else if (!own.some(policy => isDefaultDenyIngress(policy))) {
				found.push(namespaceEvidence(name, say.code('ev.noDefaultDeny', {count: own.length})));
				fixTargets.push(name);
			}
		}
		if (found.length === 0) {
			return {status: 'pass', severity: 'info', evidence: [], ...say.reason('pass', {count: namespaces.length})};
		}
		return {status: none ? 'fail' : 'warn', severity: none ? 'high' : 'medium', evidence: found, fixTargets, ...sayNetworkPolicy.reason('reason.cni')};
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
			summary: say(sameNamespace ? 'change.sameNamespace' : 'change.denyAll', {namespace}),
		}));
		notes.push(say(sameNamespace ? 'note.sameNamespace' : 'note.denyAll'));
		notes.push(say('note.dns'));
		return {checkId: 'network-policy', changes, notes};
	},
	async impact(context, plan) {
		const items: ImpactItem[] = [];
		const path = (group: string, plural: string, namespace: string) => `/apis/${group}/namespaces/${encodeURIComponent(namespace)}/${plural}`;
		for (const change of plan.changes) {
			if (change.action !== 'create') {
				continue;
			}
			const namespace = change.object.metadata.namespace ?? '';
			for (const ingress of await listPath(context.client, path('networking.k8s.io/v1', 'ingresses', namespace))) {
				items.push(itemFor('breaks', {...ingress, kind: 'Ingress'}, say.code('impact.ingress')));
			}
			for (const kind of ['HTTPRoute', 'GRPCRoute']) {
				for (const route of await listPath(context.client, path('gateway.networking.k8s.io/v1', `${kind.toLowerCase()}s`, namespace))) {
					items.push(itemFor('breaks', {...route, kind}, say.code('impact.route')));
				}
			}
			const services = (await context.snapshot.byNamespace('v1', 'Service')).get(namespace) ?? [];
			for (const service of services) {
				const type = (service['spec'] as {type?: string} | undefined)?.type;
				if (type === 'NodePort' || type === 'LoadBalancer') {
					items.push(itemFor('breaks', {...service, kind: 'Service'}, say.code('impact.exposed', {type})));
				}
			}
			// Services other namespaces use: an Ingress or ExternalName elsewhere naming this namespace's Service by DNS.
			const others = await context.snapshot.list('v1', 'Service');
			for (const service of services) {
				const host = `${service.metadata.name}.${namespace}.svc`;
				const from = others.filter(other => other.metadata.namespace !== namespace && ((other['spec'] as {externalName?: string} | undefined)?.externalName ?? '').startsWith(host)).map(other => other.metadata.namespace);
				if (from.length > 0) {
					items.push(itemFor('breaks', {...service, kind: 'Service'}, say.code('impact.crossNamespace', {from: [...new Set(from)].join(', ')})));
				}
			}
			const spec = change.object['spec'] as {ingress?: unknown[]} | undefined;
			if ((spec?.ingress ?? []).length === 0 && services.length > 0) {
				items.push({effect: 'breaks', object: `Namespace ${namespace}`, phrase: say.code('impact.sameNamespace')});
			}
		}
		return items;
	},
};
