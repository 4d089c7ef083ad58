// 3.6 Which nodes pods may use. Control-plane nodes should refuse ordinary pods (a NoSchedule
// taint), no workload pod should be running on one, and a namespace can be pinned to a set of
// nodes with the PodNodeSelector annotation.
import type {V1NodeSpec, V1Taint} from '@kubernetes/client-node';
import {type Change, type Check, type Evidence, type FixPlan, isSystemNamespace} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {activePods, chooseTargets, evidence, guideUrl, podSpec, workloadNamespaces} from '../facts/util.js';
import {UserError} from '../kube/errors.js';
import type {KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import {itemFor} from '../engine/impact.js';
import type {ImpactItem} from '../engine/types.js';

function tolerates(spec: {tolerations?: Array<{key?: string; operator?: string; value?: string; effect?: string}>}, taint: V1Taint): boolean {
	return (spec.tolerations ?? []).some(toleration => (!toleration.effect || toleration.effect === taint.effect)
		&& (toleration.operator === 'Exists' ? !toleration.key || toleration.key === taint.key : toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '')));
}

function schedulable(node: KubeObject, extra: V1Taint[]): boolean {
	return !(node['spec'] as V1NodeSpec | undefined)?.unschedulable && !refusesPods({...node, spec: {...node['spec'] as object, taints: [...taints(node), ...extra]}});
}

function matches(node: KubeObject, selector: string): boolean {
	return selector.split(',').every(pair => {
		const [key, value = ''] = pair.split('=');
		return node.metadata.labels?.[key!] === value;
	});
}

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
	'impact.onlyNode': 'the only schedulable node: after the taint, no new pod without a toleration can schedule anywhere',
	'impact.daemonSet': 'no toleration for {taint}: its pod on {node} is not re-created there',
	'impact.podStays': 'runs on {node} without a toleration: keeps running, but is not scheduled there again',
	'impact.noNodeMatches': 'no node has the labels {selector}: no new pod in this namespace can schedule',
	'impact.podElsewhere': 'runs on {node}, which lacks {selector}: re-created, it goes elsewhere or stays pending',
	'note.taint': 'Pods already on these nodes keep running (NoSchedule does not evict); DaemonSets that must run there need a toleration.',
	'note.podNodeSelector': 'The annotation is only enforced when the API server runs the PodNodeSelector admission plugin.',
	'error.selectorNeedsTargets': '--option node-selector needs --target <namespace> for each namespace to pin.',
	'error.notNamespace': '{target} is not a workload namespace in scope.',
	'step.find': 'List the pods on each control-plane node and pick out the workload pods (those outside kube-system and the other system namespaces).',
	'step.move': 'Once the taint is in place (the fix, or kubectl taint by hand), delete each workload pod there: its Deployment, StatefulSet or Job re-creates it on another node. A pod with no controller has to be re-created by hand from its manifest.',
	'step.tolerations': 'Check which DaemonSets tolerate the control-plane taint, and keep that toleration only on system agents that must run there (network plugin, log and monitoring agents).',
	'step.verify': 'Check again that no workload pod runs on a control-plane node.',
} as const;

const zh = translation(en)({
	title: '工作負載不在控制平面節點上執行',
	risk: '控制平面節點存放著叢集的金鑰（API 伺服器的證書，往往還有 etcd 本身）。被排程到那裡的工作負載 Pod 會和它們共用同一個節點。',
	attack: '在控制平面節點上逃出容器的人，可以從節點磁碟讀取 etcd 資料或叢集 CA 的金鑰，進而掌控整個叢集。',
	fix: '為每個沒有污點的控制平面節點加上 node-role.kubernetes.io/control-plane:NoSchedule 污點，並保留它原有的其他污點；已經在上面的 Pod 會繼續執行。若使用 --option node-selector=label=value --target <namespace>，則改為把這些名字空間固定到符合標籤的節點上（需要 PodNodeSelector 准入插件）。',
	undo: 'kubectl harden undo 會把節點的污點（或名字空間的註解）恢復原狀，除非之後有人改過。',
	manual: '把列出的工作負載 Pod 移出控制平面節點（污點加上後刪除它們，讓它們重新排程）。只給系統 DaemonSet 容忍控制平面污點的容忍度。',
	link: en.link,
	'ev.untainted': '控制平面節點沒有 NoSchedule 污點：任何 Pod 都可能被排程到這裡',
	'ev.podOnControlPlane': '工作負載 Pod 正在控制平面節點 {node} 上執行',
	'reason.noNodes': '看不到任何 Node 物件，因此無法判斷 Pod 可以在哪裡執行。',
	'reason.noControlPlane': '{count} 個節點都沒有控制平面的標籤：控制平面在看不到的地方執行（託管叢集），或是沒有加標籤。',
	'reason.selectors': '{count} 個工作負載名字空間中，有 {pinned} 個設定了節點選擇器（scheduler.alpha.kubernetes.io/node-selector）。',
	'change.taint': '為 Node {node} 加上污點 {taint}',
	'change.selector': '為 Namespace {namespace} 加上註解：scheduler.alpha.kubernetes.io/node-selector={selector}',
	'impact.onlyNode': '唯一可排程的節點：加上污點後，沒有容忍度的新 Pod 將無處可排程',
	'impact.daemonSet': '沒有容忍 {taint}：它在 {node} 上的 Pod 不會在那裡重建',
	'impact.podStays': '在 {node} 上執行且沒有容忍度：會繼續執行，但不會再被排程到那裡',
	'impact.noNodeMatches': '沒有節點帶有標籤 {selector}：這個名字空間中的新 Pod 都無法排程',
	'impact.podElsewhere': '在 {node} 上執行，而該節點沒有 {selector}：重建時它會被排到別處，或停在 Pending',
	'note.taint': '已經在這些節點上的 Pod 會繼續執行（NoSchedule 不會驅逐）；必須在那裡執行的 DaemonSet 需要容忍度。',
	'note.podNodeSelector': '只有 API 伺服器啟用 PodNodeSelector 准入插件時，這個註解才會被強制執行。',
	'error.selectorNeedsTargets': '--option node-selector 需要為每個要固定的名字空間指定 --target <namespace>。',
	'error.notNamespace': '{target} 不是範圍內的工作負載名字空間。',
	'step.find': '列出每個控制平面節點上的 Pod，找出其中的工作負載 Pod（kube-system 和其他系統名字空間以外的）。',
	'step.move': '污點加上之後（透過修復，或手動執行 kubectl taint），刪除那裡的每個工作負載 Pod：它的 Deployment、StatefulSet 或 Job 會在別的節點重建它。沒有控制器的 Pod 必須依它的清單手動重建。',
	'step.tolerations': '檢查哪些 DaemonSet 容忍控制平面污點，只讓必須在那裡執行的系統代理（網路插件、日誌與監控代理）保留這個容忍度。',
	'step.verify': '再確認一次：控制平面節點上沒有任何工作負載 Pod。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
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
	reads: ['Namespace', 'Node', 'Pod'],
	words,
	steps: [
		{id: 'find', text: 'step.find', command: 'kubectl get nodes -l node-role.kubernetes.io/control-plane\nkubectl get pods -A -o wide --field-selector spec.nodeName=<node>'},
		{id: 'move', text: 'step.move', command: 'kubectl taint nodes <node> node-role.kubernetes.io/control-plane:NoSchedule\nkubectl delete pod -n <namespace> <pod>'},
		{id: 'tolerations', text: 'step.tolerations', command: "kubectl get daemonsets -A -o 'custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,TOLERATIONS:.spec.template.spec.tolerations[*].key'"},
		{id: 'verify', text: 'step.verify', command: 'kubectl get pods -A -o wide --field-selector spec.nodeName=<node>'},
	],
	seeIt: [
		'kubectl get nodes',
		"kubectl get nodes -o 'custom-columns=NAME:.metadata.name,TAINTS:.spec.taints[*].key,EFFECTS:.spec.taints[*].effect'",
		"kubectl get pods -A --sort-by=.spec.nodeName -o 'custom-columns=NODE:.spec.nodeName,NAMESPACE:.metadata.namespace,NAME:.metadata.name'",
		"kubectl get namespaces -o 'custom-columns=NAME:.metadata.name,NODE-SELECTOR:.metadata.annotations.scheduler\\.alpha\\.kubernetes\\.io/node-selector'",
	],
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
	async impact(context, plan) {
		const items: ImpactItem[] = [];
		const nodes = await context.snapshot.listAll('v1', 'Node');
		const pods = await activePods(context);
		const tainted = new Set(plan.changes.filter(change => change.action === 'patch' && change.ref.kind === 'Node').map(change => (change as {ref: {name: string}}).ref.name));
		if (tainted.size > 0) {
			const left = nodes.filter(node => schedulable(node, tainted.has(node.metadata.name) ? [controlPlaneTaint] : []));
			const before = nodes.filter(node => schedulable(node, []));
			if (left.length === 0 && before.length > 0) {
				for (const node of before) {
					items.push(itemFor('breaks', {...node, kind: 'Node'}, say.code('impact.onlyNode')));
				}
			}
			const taint = `${controlPlaneTaint.key}:${controlPlaneTaint.effect}`;
			const daemonSets = await context.snapshot.list('apps/v1', 'DaemonSet');
			for (const pod of pods.filter(item => tainted.has(podSpec(item).nodeName ?? ''))) {
				const node = podSpec(pod).nodeName ?? '';
				if (tolerates(podSpec(pod) as never, controlPlaneTaint)) {
					continue;
				}
				const owner = (pod.metadata['ownerReferences'] as Array<{kind?: string; uid?: string}> | undefined)?.find(item => item.kind === 'DaemonSet');
				const daemonSet = owner && daemonSets.find(item => item.metadata.uid === owner.uid);
				items.push(daemonSet
					? itemFor('breaks', {...daemonSet, kind: 'DaemonSet'}, say.code('impact.daemonSet', {taint, node}))
					: itemFor('note', {...pod, kind: 'Pod'}, say.code('impact.podStays', {node})));
			}
		}
		for (const change of plan.changes) {
			const selector = change.action === 'patch' && change.ref.kind === 'Namespace' ? (change.patch['metadata'] as {annotations: Record<string, string>}).annotations[nodeSelectorAnnotation] : undefined;
			if (!selector || change.action !== 'patch') {
				continue;
			}
			const namespace = change.ref.name;
			if (!nodes.some(node => matches(node, selector))) {
				items.push({effect: 'breaks', object: `Namespace ${namespace}`, phrase: say.code('impact.noNodeMatches', {selector})});
			}
			for (const pod of pods.filter(item => item.metadata.namespace === namespace)) {
				const node = nodes.find(item => item.metadata.name === podSpec(pod).nodeName);
				if (node && !matches(node, selector)) {
					items.push(itemFor('breaks', {...pod, kind: 'Pod'}, say.code('impact.podElsewhere', {node: node.metadata.name, selector})));
				}
			}
		}
		return items;
	},
};
