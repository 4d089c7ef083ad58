// 3.1 Limiting resource usage: quotas and default requests per namespace, and pods that say
// nothing about the resources they need.
import type {KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import type {Change, Check, Evidence, FixPlan} from '../engine/types.js';
import {activePods, chooseTargets, isActive, podSpec, type Container, cpuText, evidence, memoryText, namespaceEvidence, parseQuantity, workloadNamespaces, noWorkloadNamespaces} from './util.js';

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
		const spec = (service['spec'] ?? {}) as {type?: string; ports?: unknown[]};
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
			const id = !hasQuota && !hasLimits ? 'check.resource-quota.ev.neither' : hasQuota ? 'check.resource-quota.ev.noLimitRange' : 'check.resource-quota.ev.noQuota';
			found.push(namespaceEvidence(name, t(id)));
			fixTargets.push(name);
		}
		return found.length > 0
			? {status: 'warn', severity: 'medium', evidence: found, fixTargets}
			: {status: 'pass', severity: 'info', evidence: [], reason: t('check.resource-quota.pass', {count: namespaces.length})};
	},
	async planFix(context, verdict, options): Promise<FixPlan> {
		const notes: string[] = [];
		const targets = chooseTargets(verdict.fixTargets ?? [], options, notes);
		const [quotas, limits, pods, services] = await Promise.all([
			context.snapshot.byNamespace('v1', 'ResourceQuota'),
			context.snapshot.byNamespace('v1', 'LimitRange'),
			context.snapshot.byNamespace('v1', 'Pod'),
			context.snapshot.byNamespace('v1', 'Service'),
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
					summary: t('check.resource-quota.change.limitRange', {namespace, cpu: defaultRequest.cpu, memory: defaultRequest.memory}),
				});
			}
			if ((quotas.get(namespace) ?? []).length === 0) {
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
					summary: t('check.resource-quota.change.quota', {namespace, hard: Object.entries(hard).map(([key, value]) => `${key}=${value}`).join(', ')}),
				});
				notes.push(t('check.resource-quota.note.sizing', {
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
};

export const podResources: Check = {
	id: 'pod-resources',
	section: '3.1',
	async probe(context) {
		const namespaces = new Set((await workloadNamespaces(context)).map(ns => ns.metadata.name));
		const pods = await activePods(context, namespaces);
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
				const parts: string[] = [];
				if (noRequests.length > 0) {
					parts.push(t('check.pod-resources.ev.noRequests', {containers: noRequests.join(', ')}));
				}
				if (noLimits.length > 0) {
					parts.push(t('check.pod-resources.ev.noMemoryLimit', {containers: noLimits.join(', ')}));
				}
				found.push(evidence(pod, parts.join('; ')));
			}
		}
		if (found.length > 0) {
			return {status: 'warn', severity: 'low', evidence: found};
		}
		return {status: 'pass', severity: 'info', evidence: [], reason: t('check.pod-resources.pass', {count: pods.length})};
	},
};
