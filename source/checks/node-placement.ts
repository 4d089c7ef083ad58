// 3.6 Which nodes pods may use. Control-plane nodes should refuse ordinary pods (a NoSchedule
// taint), no workload pod should be running on one, and a namespace can be pinned to a set of
// nodes with the PodNodeSelector annotation.
import {UserError} from '../kube/errors.js';
import type {KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import type {Change, Check, Evidence, FixPlan} from '../engine/types.js';
import {activePods, chooseTargets, evidence, isSystemNamespace, podSpec, workloadNamespaces} from './util.js';

export const controlPlaneTaint = {key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'};
export const nodeSelectorAnnotation = 'scheduler.alpha.kubernetes.io/node-selector';

interface Taint {
	key: string;
	value?: string;
	effect: string;
}

export function isControlPlane(node: KubeObject): boolean {
	const labels = node.metadata.labels ?? {};
	return 'node-role.kubernetes.io/control-plane' in labels || 'node-role.kubernetes.io/master' in labels;
}

export function taints(node: KubeObject): Taint[] {
	return ((node['spec'] as {taints?: Taint[]} | undefined)?.taints) ?? [];
}

/**
 * A taint that keeps ordinary pods away for good. Taints under node.kubernetes.io/ (not-ready,
 * unreachable, unschedulable...) come and go with the node's condition and do not count.
 */
function refusesPods(node: KubeObject): boolean {
	return taints(node).some(taint => (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !taint.key.startsWith('node.kubernetes.io/'));
}

export const nodePlacement: Check = {
	id: 'node-placement',
	section: '3.6',
	async probe(context) {
		const nodes = await context.snapshot.listAll('v1', 'Node');
		if (nodes.length === 0) {
			return {status: 'unknown', severity: 'info', evidence: [], reason: t('check.node-placement.reason.noNodes')};
		}
		const controlPlane = nodes.filter(node => isControlPlane(node));
		if (controlPlane.length === 0) {
			return {status: 'not-applicable', severity: 'info', evidence: [], reason: t('check.node-placement.reason.noControlPlane', {count: nodes.length})};
		}
		const found: Evidence[] = [];
		const fixTargets: string[] = [];
		for (const node of controlPlane) {
			if (!refusesPods(node)) {
				found.push(evidence({kind: 'Node', metadata: node.metadata}, t('check.node-placement.ev.untainted')));
				fixTargets.push(node.metadata.name);
			}
		}
		const names = new Set(controlPlane.map(node => node.metadata.name));
		for (const pod of await activePods(context)) {
			const nodeName = podSpec(pod).nodeName;
			if (nodeName && names.has(nodeName) && !isSystemNamespace(pod.metadata.namespace)) {
				found.push(evidence(pod, t('check.node-placement.ev.podOnControlPlane', {node: nodeName})));
			}
		}
		const namespaces = await workloadNamespaces(context);
		const pinned = namespaces.filter(ns => ns.metadata.annotations?.[nodeSelectorAnnotation] !== undefined).length;
		const reason = t('check.node-placement.reason.selectors', {pinned, count: namespaces.length});
		if (found.length === 0) {
			return {status: 'pass', severity: 'info', evidence: [], reason};
		}
		return {status: 'fail', severity: 'high', evidence: found, fixTargets, reason};
	},
	async planFix(context, verdict, options): Promise<FixPlan> {
		const notes: string[] = [];
		const changes: Change[] = [];
		const selector = options.options?.['node-selector'];
		if (selector !== undefined) {
			// Pin the named namespaces to nodes: the operator names both the namespaces and the labels.
			if (!/^[\w./-]+=[\w.-]*(,[\w./-]+=[\w.-]*)*$/.test(selector)) {
				throw new UserError(t('fix.error.badOption', {name: 'node-selector', value: selector, expected: 'label=value[,label=value]'}), 2);
			}
			const requested = options.targets ?? [];
			if (requested.length === 0) {
				throw new UserError(t('check.node-placement.error.selectorNeedsTargets'), 2);
			}
			const namespaces = new Map((await workloadNamespaces(context)).map(ns => [ns.metadata.name, ns]));
			for (const name of requested) {
				const ns = namespaces.get(name);
				if (!ns) {
					throw new UserError(t('check.node-placement.error.notNamespace', {target: name}), 2);
				}
				if (ns.metadata.annotations?.[nodeSelectorAnnotation] === selector) {
					notes.push(t('fix.target.notAffected', {target: name}));
					continue;
				}
				changes.push({
					action: 'patch',
					ref: {apiVersion: 'v1', kind: 'Namespace', name},
					patch: {metadata: {annotations: {[nodeSelectorAnnotation]: selector}}},
					resourceVersion: ns.metadata.resourceVersion,
					summary: t('check.node-placement.change.selector', {namespace: name, selector}),
				});
			}
			notes.push(t('check.node-placement.note.podNodeSelector'));
			return {checkId: 'node-placement', changes, notes};
		}
		const targets = chooseTargets(verdict.fixTargets ?? [], options, notes);
		const nodes = new Map((await context.snapshot.listAll('v1', 'Node')).map(node => [node.metadata.name, node]));
		for (const name of targets) {
			const node = nodes.get(name);
			if (!node || refusesPods(node)) {
				continue;
			}
			changes.push({
				action: 'patch',
				ref: {apiVersion: 'v1', kind: 'Node', name},
				// A merge patch replaces the whole list, so the node's other taints are carried over.
				patch: {spec: {taints: [...taints(node), controlPlaneTaint]}},
				resourceVersion: node.metadata.resourceVersion,
				summary: t('check.node-placement.change.taint', {node: name, taint: `${controlPlaneTaint.key}:${controlPlaneTaint.effect}`}),
			});
		}
		if (changes.length > 0) {
			notes.push(t('check.node-placement.note.taint'));
		}
		return {checkId: 'node-placement', changes, notes};
	},
};


