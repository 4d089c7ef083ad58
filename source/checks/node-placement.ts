// 3.6 Which nodes pods may use. Control-plane nodes should refuse ordinary pods (a NoSchedule
// taint), no workload pod should be running on one, and a namespace can be pinned to a set of
// nodes with the PodNodeSelector annotation.
import type {V1NodeSpec, V1Taint} from '@kubernetes/client-node';
import {type Change, type Check, type Evidence, type FixPlan, isSystemNamespace} from '../engine/types.js';
import {type Words, sayer} from '../engine/words.js';
import {activePods, chooseTargets, evidence, guideUrl, podSpec, workloadNamespaces} from '../facts/util.js';
import {UserError} from '../kube/errors.js';
import type {KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';

const en = {
	title: 'Workloads stay off control-plane nodes',
	risk: 'A control-plane node holds the cluster\'s keys (the API server\'s certificates, often etcd itself). A workload pod scheduled there shares the node with them.',
	attack: 'Someone who escapes a container on a control-plane node reads the etcd data or the cluster CA key from the node\'s disk and owns the whole cluster.',
	fix: 'Taints each untainted control-plane node with node-role.kubernetes.io/control-plane:NoSchedule, keeping its other taints; pods already there keep running. With --option node-selector=label=value --target <namespace>, it instead pins those namespaces to matching nodes (needs the PodNodeSelector admission plugin).',
	undo: 'kubectl harden undo puts the node\'s taints (or the namespace\'s annotation) back as they were, unless someone changed them since.',
	manual: 'Move the workload pods listed off control-plane nodes (delete them so they reschedule once the taint is in place). Give only system DaemonSets a toleration for the control-plane taint.',
	link: `${guideUrl}#controlling-which-nodes-pods-may-access`,
	'ev.untainted': 'control-plane node without a NoSchedule taint: any pod may be scheduled here',
	'ev.podOnControlPlane': 'workload pod running on control-plane node {node}',
	'reason.noNodes': 'No Node objects are visible, so where pods may run cannot be told.',
	'reason.noControlPlane': 'None of the {count} nodes is labelled as control plane: the control plane runs out of sight (a managed cluster) or is not labelled.',
	'reason.selectors': '{pinned} of {count} workload namespaces have a node selector (scheduler.alpha.kubernetes.io/node-selector).',
	'change.taint': 'taint Node {node} with {taint}',
	'change.selector': 'annotate Namespace {namespace}: scheduler.alpha.kubernetes.io/node-selector={selector}',
	'note.taint': 'Pods already on these nodes keep running (NoSchedule does not evict); DaemonSets that must run there need a toleration.',
	'note.podNodeSelector': 'The annotation is only enforced when the API server runs the PodNodeSelector admission plugin.',
	'error.selectorNeedsTargets': '--option node-selector needs --target <namespace> for each namespace to pin.',
	'error.notNamespace': '{target} is not a workload namespace in scope.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('node-placement', words);

export const controlPlaneTaint = {key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'};

export const nodeSelectorAnnotation = 'scheduler.alpha.kubernetes.io/node-selector';

export function isControlPlane(node: KubeObject): boolean {
	const labels = node.metadata.labels ?? {};
	return 'node-role.kubernetes.io/control-plane' in labels || 'node-role.kubernetes.io/master' in labels;
}

export function taints(node: KubeObject): V1Taint[] {
	return ((node['spec'] as V1NodeSpec | undefined)?.taints) ?? [];
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
	words,
	async probe(context) {
		const nodes = await context.snapshot.listAll('v1', 'Node');
		if (nodes.length === 0) {
			return {status: 'unknown', severity: 'info', evidence: [], ...say.reason('reason.noNodes')};
		}
		const controlPlane = nodes.filter(node => isControlPlane(node));
		if (controlPlane.length === 0) {
			return {status: 'not-applicable', severity: 'info', evidence: [], ...say.reason('reason.noControlPlane', {count: nodes.length})};
		}
		const found: Evidence[] = [];
		const fixTargets: string[] = [];
		for (const node of controlPlane) {
			if (!refusesPods(node)) {
				found.push(evidence({kind: 'Node', metadata: node.metadata}, say.code('ev.untainted')));
				fixTargets.push(node.metadata.name);
			}
		}
		const names = new Set(controlPlane.map(node => node.metadata.name));
		for (const pod of await activePods(context)) {
			const nodeName = podSpec(pod).nodeName;
			if (nodeName && names.has(nodeName) && !isSystemNamespace(pod.metadata.namespace)) {
				found.push(evidence(pod, say.code('ev.podOnControlPlane', {node: nodeName})));
			}
		}
		const namespaces = await workloadNamespaces(context);
		const pinned = namespaces.filter(ns => ns.metadata.annotations?.[nodeSelectorAnnotation] !== undefined).length;
		const reason = say.reason('reason.selectors', {pinned, count: namespaces.length});
		if (found.length === 0) {
			return {status: 'pass', severity: 'info', evidence: [], ...reason};
		}
		return {status: 'fail', severity: 'high', evidence: found, fixTargets, ...reason};
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
				throw new UserError(say('error.selectorNeedsTargets'), 2);
			}
			const namespaces = new Map((await workloadNamespaces(context)).map(ns => [ns.metadata.name, ns]));
			for (const name of requested) {
				const ns = namespaces.get(name);
				if (!ns) {
					throw new UserError(say('error.notNamespace', {target: name}), 2);
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
					summary: say('change.selector', {namespace: name, selector}),
				});
			}
			notes.push(say('note.podNodeSelector'));
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
				summary: say('change.taint', {node: name, taint: `${controlPlaneTaint.key}:${controlPlaneTaint.effect}`}),
			});
		}
		if (changes.length > 0) {
			notes.push(say('note.taint'));
		}
		return {checkId: 'node-placement', changes, notes};
	},
};
