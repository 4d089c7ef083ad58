// 3.4 exposed-services: NodePort and LoadBalancer services are few and bounded by quota.
// The check in one file: its probe and its words (the fix is manual).
import type {V1ResourceQuotaSpec, V1ServiceSpec} from '@kubernetes/client-node';
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
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
	'step.review': 'For each listed Service, decide with its owner whether it must be reachable from outside the cluster; if not, make it a ClusterIP Service (behind the ingress when it serves web traffic).',
	'step.quota': 'Bound the rest with a quota in each namespace: 0 where none is needed, otherwise today\'s count (the resource-quota fix sets these at today\'s count).',
	'step.verify': 'Check that each namespace with such Services now shows the limits in its quota.',
} as const;

const zh = translation(en)({
	title: 'NodePort 與 LoadBalancer 類型的 Service 數量少，且受配額限制',
	risk: 'NodePort 類型的 Service 會在每個節點上開一個端口；LoadBalancer 類型的 Service 通常會對網際網路開一個端口。除非有配額限制，否則沒有任何東西限制一個名字空間能建立多少個。',
	attack: '能建立 Service 的使用者，可以把某個內部 Pod（或自己放的後門）開放到每個節點上或網際網路，繞過 Ingress 及其管控。',
	fix: '這些 Service 本身沒有自動修復；resource-quota 的修復會把 services.nodeports 和 services.loadbalancers 的上限設為目前的數量。',
	undo: '沒有要復原的。',
	manual: '優先使用放在 Ingress 後面的 ClusterIP 類型 Service；在每個名字空間的資源配額中設定 services.nodeports 和 services.loadbalancers（不需要的地方設為 0）。',
	link: en.link,
	'ev.unlimited': '{type}（節點端口 {ports}）；這個名字空間沒有任何配額限制 {key}',
	'ev.limited': '{type}（節點端口 {ports}）；受 {key} 的配額限制',
	pass: '工作負載名字空間中沒有 NodePort 或 LoadBalancer 類型的 Service。',
	allLimited: '每個 NodePort 或 LoadBalancer 類型的 Service 所在的名字空間，都有配額限制它們的數量。',
	'step.review': '對列出的每個 Service，和它的負責人確認是否必須從叢集外部存取；如果不必，就改成 ClusterIP 類型（提供網頁流量的，放到 Ingress 後面）。',
	'step.quota': '其餘的在每個名字空間用配額限制：不需要的設為 0，否則設為目前的數量（resource-quota 的修復會依目前數量設定）。',
	'step.verify': '確認每個有這類 Service 的名字空間，其配額現在都顯示這兩項上限。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('exposed-services', words);

export const exposedServices: Check = {
	id: 'exposed-services',
	section: '3.4',
	reads: ['Namespace', 'Service', 'ResourceQuota'],
	words,
	steps: [
		{id: 'review', text: 'step.review', command: "kubectl get services -A -o 'custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,TYPE:.spec.type,NODE-PORTS:.spec.ports[*].nodePort'"},
		{id: 'quota', text: 'step.quota', command: 'apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: exposed-services\n  namespace: <namespace>\nspec:\n  hard:\n    services.nodeports: "0"\n    services.loadbalancers: "0"'},
		{id: 'verify', text: 'step.verify', command: "kubectl get resourcequotas -A -o 'custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,NODEPORTS:.spec.hard.services\\.nodeports,LOADBALANCERS:.spec.hard.services\\.loadbalancers'"},
	],
	seeIt: [
		"kubectl get services -A -o 'custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,TYPE:.spec.type,NODE-PORTS:.spec.ports[*].nodePort'",
		"kubectl get resourcequotas -A -o 'custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,NODEPORTS:.spec.hard.services\\.nodeports,LOADBALANCERS:.spec.hard.services\\.loadbalancers'",
	],
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
