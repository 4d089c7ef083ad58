// 3.1 resource-quota: Namespaces have a resource quota and default requests.
// The check in one file: its probe, its fix and its words.
import type {V1ServiceSpec} from '@kubernetes/client-node';
import type {Change, Check, Evidence, FixPlan} from '../engine/types.js';
import {type Words, sayer} from '../engine/words.js';
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
} as const;

export const words: Words<typeof en> = {en};
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
