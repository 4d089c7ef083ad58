// 2 kubelet-config: Kubelets demand authentication and authorization.
// The check in one file: its probe and its words (the fix is manual).
import {type Check, type Evidence, type Status, worst} from '../engine/types.js';
import {type Words, sayer, type Phrase, line, because, translation} from '../engine/words.js';
import {type KubeletRead, kubelets, sayKubelet} from '../facts/kubelets.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'Kubelets demand authentication and authorization',
	risk: 'The kubelet\'s HTTPS API runs commands in containers, reads their logs and lists pods. If it accepts anonymous requests or authorizes everything, anyone who reaches port 10250 on a node controls every pod on it; the read-only port 10255 answers without any authentication.',
	attack: 'From any pod, an attacker calls a node\'s kubelet directly and runs a shell in another team\'s container, skipping the API server, RBAC and the audit log.',
	fix: 'Nothing to change through the API: the kubelet\'s configuration is a file on each node.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'In each node\'s KubeletConfiguration (/var/lib/kubelet/config.yaml on kubeadm): authentication: {anonymous: {enabled: false}, webhook: {enabled: true}, x509: {clientCAFile: /etc/kubernetes/pki/ca.crt}}, authorization: {mode: Webhook}, readOnlyPort: 0; then restart the kubelet.',
	link: `${guideUrl}#controlling-access-to-the-kubelet`,
	unset: '(unset)',
	'ev.unread': 'configuration not readable: {error}',
	'ev.anonymous': 'anonymous requests are accepted',
	'ev.alwaysAllow': 'authorization mode {mode}: every authenticated caller may do anything',
	'ev.noWebhook': 'webhook authentication is off: API server tokens are not accepted, only client certificates',
	'ev.good': 'anonymous off, webhook authentication on, authorization {mode}, read-only port closed',
	'reason.read': 'Read the configuration of {read} of {asked} kubelets asked ({total} nodes).',
	'reason.noneRead': 'No kubelet answered through the node proxy, so nothing is known about them.',
	'step.apiserver': 'First make sure the API server\'s own kubelet client may use the kubelet API once the kubelets ask the API server who may do what (kubeadm binds it already; the user is the CN of --kubelet-client-certificate).',
	'step.config': 'On every node, set these fields in /var/lib/kubelet/config.yaml (kubeadm; other installers keep the KubeletConfiguration elsewhere, or pass --anonymous-auth=false --authorization-mode=Webhook --read-only-port=0 as flags).',
	'step.restart': 'Restart the kubelet on that node, one node at a time.',
	'step.verify': 'Read each kubelet\'s running configuration through the API server, and check that logs still come back.',
} as const;

const zh = translation(en)({
	title: 'kubelet 要求認證與鑑權',
	risk: 'kubelet 的 HTTPS API 可以在容器裡執行命令、讀取容器日誌、列出 Pod。如果它接受匿名請求，或在鑑權時對一切都放行，那麼任何連得到節點 10250 端口的人都能控制節點上的每個 Pod；唯讀端口 10255 更是完全不需要認證就會回應。',
	attack: '攻擊者從任何一個 Pod 直接呼叫某個節點的 kubelet，在另一個團隊的容器裡開出 shell，完全繞過 API 伺服器、RBAC 和審計日誌。',
	fix: '這項不能透過 API 修改：kubelet 的設定是每個節點上的檔案。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '在每個節點的 KubeletConfiguration（kubeadm 為 /var/lib/kubelet/config.yaml）中設定：authentication: {anonymous: {enabled: false}, webhook: {enabled: true}, x509: {clientCAFile: /etc/kubernetes/pki/ca.crt}}、authorization: {mode: Webhook}、readOnlyPort: 0；然後重新啟動 kubelet。',
	link: en.link,
	unset: '（未設定）',
	'ev.unread': '無法讀取設定：{error}',
	'ev.anonymous': '接受匿名請求',
	'ev.alwaysAllow': '鑑權模式 {mode}：每個通過認證的呼叫者都能做任何事',
	'ev.noWebhook': 'webhook 認證已關閉：kubelet 不會請 API 伺服器驗證令牌，只接受客戶端證書',
	'ev.good': '匿名已關閉、webhook 認證已開啟、鑑權模式 {mode}、唯讀端口已關閉',
	'reason.read': '在詢問的 {asked} 個 kubelet 中讀到了 {read} 個的設定（共 {total} 個節點）。',
	'reason.noneRead': '沒有任何 kubelet 透過節點代理回應，所以對它們一無所知。',
	'step.apiserver': '先確認：當 kubelet 改為詢問 API 伺服器誰能做什麼之後，API 伺服器自己的 kubelet 客戶端仍可使用 kubelet API（kubeadm 已經綁定好；使用者名稱是 --kubelet-client-certificate 的 CN）。',
	'step.config': '在每個節點的 /var/lib/kubelet/config.yaml 中設定這些欄位（kubeadm；其他安裝工具會把 KubeletConfiguration 放在別處，或以參數 --anonymous-auth=false --authorization-mode=Webhook --read-only-port=0 傳入）。',
	'step.restart': '在該節點上重新啟動 kubelet，一次一個節點。',
	'step.verify': '透過 API 伺服器讀取每個 kubelet 正在使用的設定，並確認日誌仍然取得到。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('kubelet-config', words);

function nodeEvidence(node: string, detail: Phrase | Phrase[]): Evidence {
	return {kind: 'Node', name: node, ...line(detail)};
}

/** The kubelet settings that decide who may use its API, judged per node. */
export function judgeKubelet(read: KubeletRead): {status: Status; evidence: Evidence[]} {
	if (!read.config) {
		return {status: 'unknown', evidence: [nodeEvidence(read.node, say.code('ev.unread', {error: read.error ?? ''}))]};
	}
	const config = read.config;
	const problems: Phrase[] = [];
	let status: Status = 'pass';
	if (config.authentication?.anonymous?.enabled !== false) {
		problems.push(say.code('ev.anonymous'));
		status = 'fail';
	}
	if (config.authorization?.mode === 'AlwaysAllow' || config.authorization?.mode === undefined) {
		problems.push(say.code('ev.alwaysAllow', {mode: config.authorization?.mode ?? say('unset')}));
		status = 'fail';
	}
	if (config.authentication?.webhook?.enabled !== true) {
		problems.push(say.code('ev.noWebhook'));
		status = status === 'fail' ? 'fail' : 'warn';
	}
	if ((config.readOnlyPort ?? 0) > 0) {
		problems.push(sayKubelet.code('ev.readOnlyPort', {port: config.readOnlyPort!}));
		status = 'fail';
	}
	const detail = problems.length > 0
		? problems
		: say.code('ev.good', {mode: config.authorization?.mode ?? ''});
	return {status, evidence: [nodeEvidence(read.node, detail)]};
}

export const kubeletConfig: Check = {
	id: 'kubelet-config',
	section: '2',
	reads: ['Node'],
	words,
	steps: [
		{id: 'apiserver', text: 'step.apiserver', command: 'kubectl get clusterrolebindings -o wide | grep system:kubelet-api-admin\nkubectl create clusterrolebinding kube-apiserver-kubelet-admin --clusterrole=system:kubelet-api-admin --user=kube-apiserver-kubelet-client'},
		{id: 'config', text: 'step.config', command: 'authentication:\n  anonymous:\n    enabled: false\n  webhook:\n    enabled: true\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt\nauthorization:\n  mode: Webhook\nreadOnlyPort: 0'},
		{id: 'restart', text: 'step.restart', command: 'sudo systemctl restart kubelet'},
		{id: 'verify', text: 'step.verify', command: 'kubectl get --raw /api/v1/nodes/<node>/proxy/configz\nkubectl -n kube-system logs <pod> --tail=1'},
	],
	seeIt: [
		'kubectl get nodes -o wide',
		'kubectl get --raw /api/v1/nodes/<node>/proxy/configz',
	],
	async probe(context) {
		const facts = await kubelets(context);
		if (facts.error) {
			return {status: 'unknown', severity: 'high', evidence: [], ...sayKubelet.reason('reason.noNodes', {error: facts.error})};
		}
		if (facts.total === 0) {
			return {status: 'unknown', severity: 'high', evidence: [], ...sayKubelet.reason('reason.none')};
		}
		const judged = facts.reads.map(judgeKubelet);
		const status = worst(judged.map(item => item.status));
		const read = facts.reads.filter(item => item.config).length;
		const reason = say.code('reason.read', {read, asked: facts.reads.length, total: facts.total});
		return {
			status,
			severity: status === 'pass' ? 'info' : 'critical',
			evidence: judged.flatMap(item => item.evidence),
			...because(read === 0 ? [reason, say.code('reason.noneRead')] : reason),
		};
	},
};
