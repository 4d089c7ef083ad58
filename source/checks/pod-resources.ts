// 3.1 pod-resources: Pods state their resource requests and memory limits.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, type Phrase, translation} from '../engine/words.js';
import {evidence, guideUrl, podSpec, workloadNamespaces} from '../facts/util.js';
import {runners} from '../facts/workloads.js';

const en = {
	title: 'Pods state their resource requests and memory limits',
	risk: 'A container without requests is placed on a node without reserving anything, and one without a memory limit can use the node\'s memory until the kernel kills something else.',
	attack: 'A process that leaks or is made to allocate memory, with no limit, takes the node\'s memory; before the kubelet reacts, the kernel\'s out-of-memory killer may end processes of well-behaved pods on the same node.',
	fix: 'No automatic fix: requests and limits belong in each workload\'s own manifest (the Deployment or chart), where the next rollout would overwrite any patch here. The resource-quota fix adds default requests for new pods.',
	undo: 'Nothing to undo.',
	manual: 'Set resources.requests (cpu, memory) and resources.limits.memory on every container in the workload templates; measure real use first.',
	link: `${guideUrl}#limiting-resource-usage-on-a-cluster`,
	'ev.noRequests': 'no CPU or memory request: {containers}',
	'ev.noMemoryLimit': 'no memory limit: {containers}',
	pass: 'All {count} pods in workload namespaces state requests and memory limits.',
	'step.measure': 'Measure what each listed container really uses over a normal day and at its peak (kubectl top needs metrics-server; your monitoring keeps the history).',
	'step.template': 'In the workload\'s own manifest or chart, give every container requests for CPU and memory near its usual use and a memory limit above its peak; roll it out from there.',
	'step.verify': 'Check the requests and memory limits of the pods that replaced the listed ones.',
} as const;

const zh = translation(en)({
	title: 'Pod 都寫出資源請求量與記憶體上限',
	risk: '沒有請求量的容器被排到節點上時不會預留任何資源；沒有記憶體上限的容器則能一直吃節點的記憶體，直到內核砍掉別的程序。',
	attack: '一個記憶體洩漏、或被誘導大量配置記憶體的程序，在沒有上限的情況下會吃光節點的記憶體；在 kubelet 反應之前，內核的 OOM killer 可能就先結束了同一節點上其他正常 Pod 的程序。',
	fix: '沒有自動修復：請求量和上限應該寫在每個工作負載自己的清單（Deployment 或 chart）裡，在這裡打的修補會被下一次發布蓋掉。resource-quota 的修復會為新的 Pod 加上預設請求量。',
	undo: '沒有要復原的。',
	manual: '在工作負載模板中，為每個容器設定 resources.requests（cpu、memory）與 resources.limits.memory；先量測實際用量。',
	link: en.link,
	'ev.noRequests': '沒有 CPU 或記憶體請求量：{containers}',
	'ev.noMemoryLimit': '沒有記憶體上限：{containers}',
	pass: '工作負載名字空間中全部 {count} 個 Pod 都寫出了請求量與記憶體上限。',
	'step.measure': '量測每個列出的容器在平常一天與尖峰時實際用了多少（kubectl top 需要 metrics-server；歷史資料看你的監控）。',
	'step.template': '在工作負載自己的清單或 chart 中，給每個容器接近平常用量的 CPU 與記憶體請求量，以及高於尖峰的記憶體上限；從那裡發布。',
	'step.verify': '檢查取代了所列 Pod 的新 Pod 的請求量與記憶體上限。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('pod-resources', words);

const resourceColumns = 'kubectl get pods -A -o custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,REQUESTS:.spec.containers[*].resources.requests,MEMORY_LIMIT:.spec.containers[*].resources.limits.memory';

export const podResources: Check = {
	id: 'pod-resources',
	section: '3.1',
	reads: ['Namespace', 'Pod'],
	words,
	steps: [
		{id: 'measure', text: 'step.measure', command: 'kubectl top pods -n <namespace> --containers'},
		{id: 'template', text: 'step.template', command: 'resources:\n  requests:\n    cpu: 100m\n    memory: 128Mi\n  limits:\n    memory: 256Mi'},
		{id: 'verify', text: 'step.verify', command: resourceColumns},
	],
	seeIt: [
		resourceColumns,
		'kubectl -n <namespace> describe pod <pod>',
	],
	async probe(context) {
		const namespaces = new Set((await workloadNamespaces(context)).map(ns => ns.metadata.name));
		// Pods, and the pod templates of workloads (named once, whether or not their pods exist now).
		const pods = await runners(context, namespaces);
		const found: Evidence[] = [];
		for (const pod of pods) {
			const noRequests: string[] = [];
			const noLimits: string[] = [];
			for (const {name, resources = {}} of podSpec(pod).containers ?? []) {
				if (!resources.requests?.['cpu'] && !resources.limits?.['cpu'] || !resources.requests?.['memory'] && !resources.limits?.['memory']) {
					noRequests.push(name);
				}
				if (!resources.limits?.['memory']) {
					noLimits.push(name);
				}
			}
			if (noRequests.length > 0 || noLimits.length > 0) {
				const parts: Phrase[] = [];
				if (noRequests.length > 0) {
					parts.push(say.code('ev.noRequests', {containers: noRequests.join(', ')}));
				}
				if (noLimits.length > 0) {
					parts.push(say.code('ev.noMemoryLimit', {containers: noLimits.join(', ')}));
				}
				found.push(evidence(pod, parts));
			}
		}
		if (found.length > 0) {
			return {status: 'warn', severity: 'low', evidence: found};
		}
		return {status: 'pass', severity: 'info', evidence: [], ...say.reason('pass', {count: pods.length})};
	},
};
