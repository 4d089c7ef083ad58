// 1.3 node-restriction: A node can change only its own objects.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, line, because, verbatim, type Phrase, translation} from '../engine/words.js';
import {guideUrl} from '../facts/util.js';
import {isKubeError} from '../kube/errors.js';
import {objectPath} from '../kube/objects.js';

const en = {
	title: 'A node can change only its own objects',
	risk: 'Each kubelet holds credentials on its node. Without the Node authorizer and the NodeRestriction admission plugin, those credentials can change other nodes\' labels and status and read Secrets of pods on other nodes.',
	attack: 'An attacker who breaks out onto one node uses its kubelet credentials to relabel other nodes, steering sensitive workloads onto the node they control.',
	fix: 'Nothing to change through the API: the Node authorizer and NodeRestriction are API server flags.',
	undo: 'Nothing to undo: the probe is a dry-run.',
	manual: 'Run the API server with --authorization-mode=Node,RBAC and --enable-admission-plugins=NodeRestriction (kubeadm does both by default).',
	link: `${guideUrl}#api-authorization`,
	'ev.allowed': 'acting as node {node}, a dry-run label change on this other node was ALLOWED',
	'ev.refused': 'acting as node {node}, a dry-run label change on this other node was refused by {by}',
	'by.admission': 'NodeRestriction',
	'by.authorizer': 'authorization',
	'reason.noNodes': 'There is no Node to try a change on, so this cannot be tested.',
	'reason.noImpersonate': 'You may not impersonate a node, so this cannot be tested: {error}',
	'step.flags': 'On every control-plane node, make sure /etc/kubernetes/manifests/kube-apiserver.yaml has Node in --authorization-mode and NodeRestriction in --enable-admission-plugins (add it to the plugins already listed there). The kubelet restarts the API server by itself.',
	'step.verify': 'Acting as one node, try a dry-run label change on another node: the API server must refuse it.',
} as const;

const zh = translation(en)({
	title: '節點只能修改自己的物件',
	risk: '每個 kubelet 都在自己的節點上持有憑據。沒有 Node 鑑權器與 NodeRestriction 准入插件時，這些憑據可以修改其他節點的標籤和狀態，還能讀取其他節點上 Pod 的 Secret。',
	attack: '攻擊者逃逸到某個節點後，用它的 kubelet 憑據替其他節點改標籤，把敏感的工作負載引到他所控制的節點上。',
	fix: '這項不能透過 API 修改：Node 鑑權器與 NodeRestriction 都是 API 伺服器的參數。',
	undo: '沒有要復原的：探測用的是試運行（dry-run）。',
	manual: '以 --authorization-mode=Node,RBAC 與 --enable-admission-plugins=NodeRestriction 執行 API 伺服器（kubeadm 預設兩者都有）。',
	link: en.link,
	'ev.allowed': '以節點 {node} 的身分，對這個別的節點做試運行的標籤修改，竟然被「允許」了',
	'ev.refused': '以節點 {node} 的身分，對這個別的節點做試運行的標籤修改，被 {by} 拒絕',
	'by.admission': 'NodeRestriction 准入插件',
	'by.authorizer': '鑑權',
	'reason.noNodes': '沒有可以嘗試修改的 Node，所以無法測試。',
	'reason.noImpersonate': '你不能冒充節點，所以無法測試：{error}',
	'step.flags': '在每個控制平面節點上，確認 /etc/kubernetes/manifests/kube-apiserver.yaml 的 --authorization-mode 含有 Node、--enable-admission-plugins 含有 NodeRestriction（加到已列出的插件後面）。kubelet 會自行重新啟動 API 伺服器。',
	'step.verify': '以某個節點的身分，對另一個節點做試運行的標籤修改：API 伺服器必須拒絕。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('node-restriction', words);

/** The name a made-up node gets when impersonated (it exists nowhere). */
export const probeNodeName = 'kubectl-harden-probe-node';

export const nodeRestriction: Check = {
	id: 'node-restriction',
	section: '1.3',
	words,
	steps: [
		{id: 'flags', text: 'step.flags', command: '- --authorization-mode=Node,RBAC\n- --enable-admission-plugins=NodeRestriction'},
		{id: 'verify', text: 'step.verify', command: 'kubectl label node <other-node> kubectl-harden/probe=x --dry-run=server --as=system:node:<node> --as-group=system:nodes'},
	],
	seeIt: [
		'kubectl -n kube-system get pods -l component=kube-apiserver -o jsonpath=\'{range .items[*].spec.containers[0].command[*]}{@}{"\\n"}{end}\' | grep -E -- \'--(authorization-mode|authorization-config|enable-admission-plugins)\'',
		'kubectl auth can-i get secrets -n <namespace> --as=system:node:<node> --as-group=system:nodes',
	],
	async probe(context) {
		const nodes = await context.snapshot.listAll('v1', 'Node');
		const other = nodes.find(node => node.metadata.name !== probeNodeName);
		if (!other) {
			return {status: 'unknown', severity: 'high', evidence: [], ...say.reason('reason.noNodes')};
		}
		const name = other.metadata.name;
		const evidence = (detail: Phrase): Evidence[] => [{kind: 'Node', name, ...line(detail)}];
		try {
			await context.snapshot.request({
				method: 'PATCH',
				path: objectPath({apiVersion: 'v1', kind: 'Node', name}),
				query: {dryRun: 'All'},
				body: {metadata: {labels: {'kubectl-harden/probe': 'other-node'}}},
				contentType: 'application/merge-patch+json',
			}, {user: `system:node:${probeNodeName}`, groups: ['system:nodes', 'system:authenticated']});
			return {status: 'fail', severity: 'high', evidence: evidence(say.code('ev.allowed', {node: probeNodeName}))};
		} catch (error) {
			if (!isKubeError(error)) {
				throw error;
			}
			if (error.code !== 'forbidden') {
				throw error;
			}
			const detail = error.detail ?? error.message;
			if (/impersonate/i.test(detail) && !/system:node:/.test(detail.replace(`system:node:${probeNodeName}`, ''))) {
				// The operator may not impersonate: nothing was learned about nodes.
				if (/cannot impersonate/i.test(detail)) {
					return {status: 'unknown', severity: 'high', evidence: [], ...say.reason('reason.noImpersonate', {error: error.message})};
				}
			}
			const by = /NodeRestriction|node .* is not allowed to modify node/i.test(detail) ? say('by.admission') : say('by.authorizer');
			return {status: 'pass', severity: 'info', evidence: evidence(say.code('ev.refused', {node: probeNodeName, by})), ...because(verbatim('node-restriction.reason.refusal', detail))};
		}
	},
};
