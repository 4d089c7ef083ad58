// 1.3 node-age: Nodes are replaced regularly, and a compromised one can be taken out.
// The check in one file: its probe and its words (the fix is manual). Deleting a Node object
// makes the pods bound to it end and start again elsewhere: the way to take a node out, and
// the reason old nodes can be replaced without much ado. How old each Node object is, is a
// hint only (a node re-registered under the same name looks young; an old one may be
// patched in place), so the verdict is at most a warning.
import {thresholdsOf} from '../engine/thresholds.js';
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'Nodes are replaced regularly, and a compromised one can be taken out',
	risk: 'A node that has run for a long time has had a long time to be tampered with, and may still run an image from before recent kernel and runtime fixes. A node you think is compromised keeps running its pods, with their tokens and Secrets, until its Node object is deleted and the machine is gone.',
	attack: 'An attacker who got root on a node stays there as long as the machine lives: reading the tokens and Secrets of every pod scheduled onto it, and waiting for more valuable pods to land.',
	fix: 'Nothing to change through the API: replacing a node is done with your node pools or machine tooling; the steps say how to take one out.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Replace nodes older than your limit with fresh ones from a patched image, one at a time (cordon, drain, delete the Node, remove the machine). For a node you suspect: cordon it, drain it (its pods start again on other nodes), delete the Node object, revoke its credentials (client certificate, cloud instance role) and keep the disk for investigation before the machine is destroyed.',
	link: `${guideUrl}#api-authorization`,
	'ev.old': 'registered {date}, {days} days ago (limit {limit} days): due for replacement',
	'reason.old': '{count} of {total} nodes are older than {limit} days. A hint only: an old Node object may run a patched machine; set the limit with --node-max-age.',
	'reason.young': 'All {total} nodes are younger than {limit} days (--node-max-age).',
	'reason.none': 'The cluster has no nodes.',
	'step.replace': 'Replace each node older than the limit with a fresh one from a patched image, one at a time, so the workloads always have room.',
	'step.cordon': 'For a node you suspect is compromised: cordon it, so that nothing new is scheduled there.',
	'step.drain': 'Drain it: its pods end and start again on other nodes (the way the API does when a Node is deleted).',
	'step.delete': 'Delete the Node object, revoke the node\'s credentials (its client certificate, its cloud instance role) and keep its disk for investigation before the machine is destroyed.',
} as const;

const zh = translation(en)({
	title: '節點定期更換，遭入侵的節點能被移出',
	risk: '執行很久的節點有很長的時間可能被竄改，也可能還在跑修正近期核心與容器執行環境漏洞之前的映像。你認為已遭入侵的節點，在它的 Node 對象被刪除、機器被移除之前，會繼續執行它的 Pod，以及這些 Pod 的令牌與 Secret。',
	attack: '取得節點 root 權限的攻擊者，只要機器還在就一直待著：讀取被調度到這裡的每個 Pod 的令牌與 Secret，等更有價值的 Pod 過來。',
	fix: '這項不能透過 API 修改：更換節點要用你的節點池或機器管理工具；步驟說明如何移出一個節點。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '把超過期限的節點逐一換成以已修補映像建立的新節點（cordon、drain、刪除 Node、移除機器）。對可疑的節點：cordon，drain（它的 Pod 會在其他節點重新啟動），刪除 Node 對象，撤銷它的憑據（用戶端證書、雲端實例角色），並在銷毀機器前保留磁碟以供調查。',
	link: en.link,
	'ev.old': '註冊於 {date}，{days} 天前（期限 {limit} 天）：該更換了',
	'reason.old': '{total} 個節點中有 {count} 個超過 {limit} 天。這只是提示：舊的 Node 對象也可能跑在已修補的機器上；用 --node-max-age 設定期限。',
	'reason.young': '全部 {total} 個節點都不到 {limit} 天（--node-max-age）。',
	'reason.none': '叢集沒有節點。',
	'step.replace': '把每個超過期限的節點逐一換成以已修補映像建立的新節點，讓工作負載始終有地方可跑。',
	'step.cordon': '對懷疑遭入侵的節點：先 cordon，不再有新的 Pod 被調度過去。',
	'step.drain': '對它執行 drain：它的 Pod 結束並在其他節點重新啟動（和 API 刪除 Node 時的做法一樣）。',
	'step.delete': '刪除 Node 對象，撤銷節點的憑據（用戶端證書、雲端實例角色），並在銷毀機器前保留它的磁碟以供調查。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('node-age', words);

const day = 24 * 60 * 60 * 1000;

export const nodeAge: Check = {
	id: 'node-age',
	section: '1.3',
	reads: ['Node'],
	words,
	steps: [
		{id: 'replace', text: 'step.replace'},
		{id: 'cordon', text: 'step.cordon', command: 'kubectl cordon <node>'},
		{id: 'drain', text: 'step.drain', command: 'kubectl drain <node> --ignore-daemonsets --delete-emptydir-data'},
		{id: 'delete', text: 'step.delete', command: 'kubectl delete node <node>'},
	],
	seeIt: [
		'kubectl get nodes --sort-by=.metadata.creationTimestamp -o custom-columns=NAME:.metadata.name,CREATED:.metadata.creationTimestamp,KUBELET:.status.nodeInfo.kubeletVersion,IMAGE:.status.nodeInfo.osImage',
		'kubectl get pods -A -o wide --field-selector spec.nodeName=<node>',
	],
	async probe(context) {
		const limit = thresholdsOf(context).nodeMaxAgeDays;
		const nodes = await context.snapshot.listAll('v1', 'Node');
		if (nodes.length === 0) {
			return {status: 'not-applicable', severity: 'info', evidence: [], ...say.reason('reason.none')};
		}
		const now = Date.now();
		const evidence: Evidence[] = [];
		for (const node of nodes) {
			const created = Date.parse(node.metadata.creationTimestamp ?? '');
			if (Number.isNaN(created)) {
				continue;
			}
			const days = Math.floor((now - created) / day);
			const date = new Date(created).toISOString().slice(0, 10);
			if (days >= limit) {
				evidence.push({kind: 'Node', name: node.metadata.name, ...say.line('ev.old', {date, days, limit})});
			}
		}
		evidence.sort((a, b) => a.name.localeCompare(b.name));
		// A hint, never a failure: the age of a Node object is not the age of what runs on it.
		return evidence.length > 0
			? {status: 'warn', severity: 'low', evidence, ...say.reason('reason.old', {count: evidence.length, total: nodes.length, limit})}
			: {status: 'pass', severity: 'info', evidence: [], ...say.reason('reason.young', {total: nodes.length, limit})};
	},
};
