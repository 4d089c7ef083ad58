// 3.1 resource-quota: Namespaces have a resource quota and default requests.
// The check in one file: its probe, its fix and its words.
import type {V1ServiceSpec} from '@kubernetes/client-node';
import type {Change, Check, Evidence, FixPlan} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {type Container, chooseTargets, cpuText, guideUrl, isActive, memoryText, namespaceEvidence, noWorkloadNamespaces, parseQuantity, podSpec, workloadNamespaces} from '../facts/util.js';
import type {KubeObject} from '../kube/objects.js';
import {itemFor, listPath} from '../engine/impact.js';
import {t} from '../messages/catalog.js';
import type {ImpactItem} from '../engine/types.js';

/** A Deployment's surge during a rollout: maxSurge as a count or a share of replicas (25% by default), rounded up. */
function surgeOf(deployment: KubeObject): number {
	const spec = deployment['spec'] as {replicas?: number; strategy?: {type?: string; rollingUpdate?: {maxSurge?: number | string}}} | undefined;
	if (spec?.strategy?.type === 'Recreate') {
		return 0;
	}
	const replicas = spec?.replicas ?? 1;
	const surge = spec?.strategy?.rollingUpdate?.maxSurge ?? '25%';
	return typeof surge === 'number' ? surge : Math.ceil(replicas * Number.parseFloat(surge) / 100);
}

const en = {
	title: 'Namespaces have a resource quota and default requests',
	risk: 'A namespace without a ResourceQuota can take as much CPU, memory and as many pods and node ports as the cluster has. Without a LimitRange, pods that state no requests are scheduled as if they needed nothing.',
	attack: 'A compromised or careless workload scales itself up or leaks memory until the nodes are starved, and every other team\'s pods are evicted or left pending: a denial of service from inside.',
	fix: 'Creates a LimitRange "kubectl-harden-defaults" that gives containers without requests 100m CPU and 128Mi memory, then a ResourceQuota "kubectl-harden-quota" sized at twice what the namespace uses now (at least 10 pods, 1 CPU and 1Gi requested), with NodePorts and LoadBalancers capped at today\'s count. Running pods are not touched; the quota applies to new ones.',
	undo: 'kubectl harden undo deletes the two objects it created (only if nobody changed them since).',
	manual: 'Size quotas per team from real usage (kubectl top, your monitoring), and review them when teams grow. Quotas on limits.cpu/limits.memory also need every pod to state limits.',
	link: `${guideUrl}#limiting-resource-usage-on-a-cluster`,
	'ev.neither': 'no ResourceQuota and no LimitRange: nothing bounds what it may use',
	'ev.noQuota': 'has a LimitRange but no ResourceQuota: the total is unbounded',
	'ev.noLimitRange': 'has a ResourceQuota but no LimitRange: pods without requests get no defaults',
	pass: 'All {count} namespaces in scope have a ResourceQuota and a LimitRange.',
	'change.limitRange': 'create LimitRange {namespace}/kubectl-harden-defaults (default requests: cpu {cpu}, memory {memory})',
	'change.quota': 'create ResourceQuota {namespace}/kubectl-harden-quota ({hard})',
	'impact.use': '{resource}: {used} used now of {hard}',
	'impact.hpa': 'may scale {target} to {max} replicas: {needed} pods in all, over the quota of {hard}',
	'impact.surge': 'wants {replicas} replicas and a rollout adds {surge} more for a while: {needed} pods in all, over the quota of {hard}',
	'impact.daemonSet': 'runs a pod on every node ({nodes} now): {needed} pods in all, over the quota of {hard}',
	'impact.defaults': 'a container states no requests: it gets cpu {cpu}, memory {memory} on its next start',
	'note.sizing': '{namespace}: sized from current use: {pods} pods requesting {cpu} CPU and {memory} memory (containers without requests counted at the defaults), {nodePorts} node ports, {loadBalancers} load balancers; quota = twice that, with a floor.',
	'step.usage': 'Measure what each namespace really uses (kubectl top needs metrics-server; your monitoring shows the peaks) and compare it with its quota.',
	'step.size': 'Set each team\'s quota from that, and agree with the team when it is reviewed (when they grow, or each quarter).',
	'step.limits': 'If a quota also caps limits.cpu or limits.memory, every pod must state limits: give the namespace\'s LimitRange default limits too.',
	'step.verify': 'Check that every namespace has a ResourceQuota and a LimitRange, and how much of each quota is used.',
} as const;

const zh = translation(en)({
	title: '名字空間都有資源配額與預設請求量',
	risk: '沒有 ResourceQuota 的名字空間可以用掉叢集所有的 CPU、記憶體，以及所有能建立的 Pod 和節點端口。沒有 LimitRange 時，沒寫請求量的 Pod 會被當成什麼都不需要來調度。',
	attack: '遭入侵或設定草率的工作負載不斷擴充自己，或持續洩漏記憶體，直到節點資源耗盡，其他團隊的 Pod 被驅逐或一直停在 Pending：這是從內部發起的阻斷服務。',
	fix: '建立一個 LimitRange「kubectl-harden-defaults」，讓沒寫請求量的容器預設請求 100m CPU 與 128Mi 記憶體；再建立一個 ResourceQuota「kubectl-harden-quota」，大小是名字空間目前用量的兩倍（至少 10 個 Pod、請求 1 CPU 與 1Gi），NodePort 與 LoadBalancer 的數量上限則定在今天的數量。執行中的 Pod 不受影響；配額只對新的 Pod 生效。',
	undo: 'kubectl harden undo 會刪除它建立的這兩個物件（只在之後沒人改過它們時）。',
	manual: '依實際用量（kubectl top、你的監控）為每個團隊訂定配額，並在團隊成長時重新檢視。對 limits.cpu/limits.memory 設定配額時，每個 Pod 也都必須寫出 limits。',
	link: en.link,
	'ev.neither': '沒有 ResourceQuota 也沒有 LimitRange：它能用多少資源完全沒有上限',
	'ev.noQuota': '有 LimitRange 但沒有 ResourceQuota：總量沒有上限',
	'ev.noLimitRange': '有 ResourceQuota 但沒有 LimitRange：沒寫請求量的 Pod 得不到預設值',
	pass: '範圍內全部 {count} 個名字空間都有 ResourceQuota 與 LimitRange。',
	'change.limitRange': '建立 LimitRange {namespace}/kubectl-harden-defaults（預設請求量：cpu {cpu}、memory {memory}）',
	'change.quota': '建立 ResourceQuota {namespace}/kubectl-harden-quota（{hard}）',
	'impact.use': '{resource}：目前已用 {used}，上限 {hard}',
	'impact.hpa': '可能把 {target} 擴充到 {max} 個副本：總共需要 {needed} 個 Pod，超過配額 {hard}',
	'impact.surge': '需要 {replicas} 個副本，發布期間還會暫時多出 {surge} 個：總共需要 {needed} 個 Pod，超過配額 {hard}',
	'impact.daemonSet': '在每個節點上執行一個 Pod（目前 {nodes} 個節點）：總共需要 {needed} 個 Pod，超過配額 {hard}',
	'impact.defaults': '有容器沒寫請求量：下次啟動時會得到 cpu {cpu}、memory {memory}',
	'note.sizing': '{namespace}：依目前用量訂定：{pods} 個 Pod 共請求 {cpu} CPU 與 {memory} 記憶體（沒寫請求量的容器以預設值計算）、{nodePorts} 個節點端口、{loadBalancers} 個負載平衡器；配額為其兩倍，並有下限。',
	'step.usage': '量測每個名字空間實際的用量（kubectl top 需要 metrics-server；尖峰值看你的監控），並與它的配額比較。',
	'step.size': '依此為每個團隊訂定配額，並和團隊約好何時重新檢視（團隊成長時，或每季一次）。',
	'step.limits': '如果配額也限制了 limits.cpu 或 limits.memory，每個 Pod 都必須寫出 limits：也在名字空間的 LimitRange 中給出預設 limits。',
	'step.verify': '確認每個名字空間都有 ResourceQuota 與 LimitRange，並查看每個配額已用了多少。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('resource-quota', words);

export const quotaName = 'kubectl-harden-quota';

export const limitRangeName = 'kubectl-harden-defaults';

/** Default requests the LimitRange gives containers that state none. */
export const defaultRequest = {cpu: '100m', memory: '128Mi'};

interface Usage {
	pods: number;
	cpu: number;
	memory: number;
	nodePorts: number;
	loadBalancers: number;
}

function requestOf(container: Container, resource: 'cpu' | 'memory'): number {
	// A container without a request gets its limit as the request, else the LimitRange default.
	const value = container.resources?.requests?.[resource] ?? container.resources?.limits?.[resource] ?? defaultRequest[resource];
	return parseQuantity(value) ?? 0;
}

export function usage(pods: KubeObject[], services: KubeObject[]): Usage {
	const total: Usage = {pods: pods.length, cpu: 0, memory: 0, nodePorts: 0, loadBalancers: 0};
	for (const pod of pods) {
		for (const container of podSpec(pod).containers ?? []) {
			total.cpu += requestOf(container, 'cpu');
			total.memory += requestOf(container, 'memory');
		}
	}
	for (const service of services) {
		const spec = (service['spec'] ?? {}) as V1ServiceSpec;
		if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
			total.nodePorts += spec.ports?.length ?? 0;
		}
		if (spec.type === 'LoadBalancer') {
			total.loadBalancers++;
		}
	}
	return total;
}

/** Twice today's use, and never below a floor a small team can work in. */
export function sizeQuota(current: Usage): Record<string, string> {
	return {
		pods: String(Math.max(current.pods * 2, 10)),
		'requests.cpu': cpuText(Math.max(current.cpu * 2, 1)),
		'requests.memory': memoryText(Math.max(current.memory * 2, 2 ** 30)),
		'services.nodeports': String(current.nodePorts),
		'services.loadbalancers': String(current.loadBalancers),
	};
}

export const resourceQuota: Check = {
	id: 'resource-quota',
	section: '3.1',
	reads: ['Namespace', 'ResourceQuota', 'LimitRange', 'Pod', 'Service'],
	words,
	steps: [
		{id: 'usage', text: 'step.usage', command: 'kubectl top pods -n <namespace>\nkubectl -n <namespace> describe resourcequota'},
		{id: 'size', text: 'step.size', command: 'kubectl -n <namespace> edit resourcequota kubectl-harden-quota'},
		{id: 'limits', text: 'step.limits', command: 'spec:\n  limits:\n  - type: Container\n    defaultRequest:\n      cpu: 100m\n      memory: 128Mi\n    default:\n      cpu: 500m\n      memory: 512Mi'},
		{id: 'verify', text: 'step.verify', command: 'kubectl get resourcequotas,limitranges -A'},
	],
	seeIt: [
		'kubectl get resourcequotas,limitranges -A',
		'kubectl -n <namespace> describe resourcequota',
		'kubectl -n <namespace> describe limitrange',
	],
	async probe(context) {
		const namespaces = await workloadNamespaces(context);
		if (namespaces.length === 0) {
			return noWorkloadNamespaces();
		}
		const [quotas, limits] = await Promise.all([
			context.snapshot.byNamespace('v1', 'ResourceQuota'),
			context.snapshot.byNamespace('v1', 'LimitRange'),
		]);
		const found: Evidence[] = [];
		const fixTargets: string[] = [];
		for (const ns of namespaces) {
			const name = ns.metadata.name;
			const hasQuota = (quotas.get(name) ?? []).length > 0;
			const hasLimits = (limits.get(name) ?? []).length > 0;
			if (hasQuota && hasLimits) {
				continue;
			}
			const id = !hasQuota && !hasLimits ? 'ev.neither' : hasQuota ? 'ev.noLimitRange' : 'ev.noQuota';
			found.push(namespaceEvidence(name, say.code(id)));
			fixTargets.push(name);
		}
		return found.length > 0
			? {status: 'warn', severity: 'medium', evidence: found, fixTargets}
			: {status: 'pass', severity: 'info', evidence: [], ...say.reason('pass', {count: namespaces.length})};
	},
	async planFix(context, verdict, options): Promise<FixPlan> {
		const notes: string[] = [];
		const targets = chooseTargets(verdict.fixTargets ?? [], options, notes);
		// An offer (the report, the walk's probe) says what would be created; sizing the quota from
		// every pod's requests waits until the fix is opened or run.
		const [quotas, limits, pods, services] = await Promise.all([
			context.snapshot.byNamespace('v1', 'ResourceQuota'),
			context.snapshot.byNamespace('v1', 'LimitRange'),
			options.offer ? new Map<string, KubeObject[]>() : context.snapshot.byNamespace('v1', 'Pod'),
			options.offer ? new Map<string, KubeObject[]>() : context.snapshot.byNamespace('v1', 'Service'),
		]);
		const changes: Change[] = [];
		for (const namespace of targets) {
			// Defaults first: once the quota counts CPU and memory requests, a pod without them is refused.
			if ((limits.get(namespace) ?? []).length === 0) {
				changes.push({
					action: 'create',
					object: {
						apiVersion: 'v1',
						kind: 'LimitRange',
						metadata: {name: limitRangeName, namespace, labels: {'app.kubernetes.io/managed-by': 'kubectl-harden'}},
						spec: {limits: [{type: 'Container', defaultRequest}]},
					},
					summary: say('change.limitRange', {namespace, cpu: defaultRequest.cpu, memory: defaultRequest.memory}),
				});
			}
			if ((quotas.get(namespace) ?? []).length === 0 && options.offer) {
				changes.push({
					action: 'create',
					object: {apiVersion: 'v1', kind: 'ResourceQuota', metadata: {name: quotaName, namespace, labels: {'app.kubernetes.io/managed-by': 'kubectl-harden'}}, spec: {}},
					summary: say('change.quota', {namespace, hard: t('offer.sizedWhenOpened')}),
				});
			} else if ((quotas.get(namespace) ?? []).length === 0) {
				const current = usage((pods.get(namespace) ?? []).filter(pod => isActive(pod)), services.get(namespace) ?? []);
				const hard = sizeQuota(current);
				changes.push({
					action: 'create',
					object: {
						apiVersion: 'v1',
						kind: 'ResourceQuota',
						metadata: {name: quotaName, namespace, labels: {'app.kubernetes.io/managed-by': 'kubectl-harden'}},
						spec: {hard},
					},
					summary: say('change.quota', {namespace, hard: Object.entries(hard).map(([key, value]) => `${key}=${value}`).join(', ')}),
				});
				notes.push(say('note.sizing', {
					namespace,
					pods: current.pods,
					cpu: cpuText(current.cpu),
					memory: memoryText(current.memory),
					nodePorts: current.nodePorts,
					loadBalancers: current.loadBalancers,
				}));
			}
		}
		return {checkId: 'resource-quota', changes, notes};
	},
	async impact(context, plan) {
		const items: ImpactItem[] = [];
		for (const change of plan.changes) {
			if (change.action !== 'create') {
				continue;
			}
			const namespace = change.object.metadata.namespace ?? '';
			const pods = ((await context.snapshot.byNamespace('v1', 'Pod')).get(namespace) ?? []).filter(pod => isActive(pod));
			if (change.object.kind === 'LimitRange') {
				for (const pod of pods.filter(item => (podSpec(item).containers ?? []).some(container => !container.resources?.requests))) {
					items.push(itemFor('note', {...pod, kind: 'Pod'}, say.code('impact.defaults', defaultRequest)));
				}
				continue;
			}
			const hard = (change.object['spec'] as {hard: Record<string, string>}).hard;
			const current = usage(pods, (await context.snapshot.byNamespace('v1', 'Service')).get(namespace) ?? []);
			const used: Record<string, string> = {pods: String(current.pods), 'requests.cpu': cpuText(current.cpu), 'requests.memory': memoryText(current.memory), 'services.nodeports': String(current.nodePorts), 'services.loadbalancers': String(current.loadBalancers)};
			const quota = `ResourceQuota ${namespace}/${quotaName}`;
			for (const [resource, limit] of Object.entries(hard)) {
				items.push({effect: 'note', object: quota, phrase: say.code('impact.use', {resource, used: used[resource] ?? '?', hard: limit})});
			}
			const maxPods = Number(hard['pods'] ?? Infinity);
			const over = (needed: number) => needed > maxPods;
			const deployments = (await context.snapshot.byNamespace('apps/v1', 'Deployment')).get(namespace) ?? [];
			for (const deployment of deployments) {
				const surge = surgeOf(deployment);
				const replicas = (deployment['spec'] as {replicas?: number} | undefined)?.replicas ?? 1;
				const needed = Math.max(current.pods, replicas) + surge;
				if (over(needed)) {
					items.push(itemFor('breaks', {...deployment, kind: 'Deployment'}, say.code('impact.surge', {replicas, surge, needed, hard: maxPods})));
				}
			}
			const nodes = (await context.snapshot.listAll('v1', 'Node')).length;
			for (const daemonSet of (await context.snapshot.byNamespace('apps/v1', 'DaemonSet')).get(namespace) ?? []) {
				const running = pods.filter(pod => (pod.metadata['ownerReferences'] as Array<{uid?: string}> | undefined)?.some(owner => owner.uid === daemonSet.metadata.uid)).length;
				const needed = current.pods - running + nodes;
				if (over(needed)) {
					items.push(itemFor('breaks', {...daemonSet, kind: 'DaemonSet'}, say.code('impact.daemonSet', {nodes, needed, hard: maxPods})));
				}
			}
			for (const hpa of await listPath(context.client, `/apis/autoscaling/v2/namespaces/${encodeURIComponent(namespace)}/horizontalpodautoscalers`)) {
				const spec = hpa['spec'] as {maxReplicas?: number; scaleTargetRef?: {kind?: string; name?: string}} | undefined;
				const replicas = (hpa['status'] as {currentReplicas?: number} | undefined)?.currentReplicas ?? 0;
				const max = spec?.maxReplicas ?? 0;
				const needed = current.pods - replicas + max;
				if (over(needed)) {
					items.push(itemFor('breaks', {...hpa, kind: 'HorizontalPodAutoscaler'}, say.code('impact.hpa', {target: `${spec?.scaleTargetRef?.kind ?? ''} ${spec?.scaleTargetRef?.name ?? ''}`.trim(), max, needed, hard: maxPods})));
				}
			}
		}
		return items;
	},
};
