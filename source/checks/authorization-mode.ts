// 1.3 authorization-mode: The API server authorizes every request.
// The check in one file: its probe and its words (the fix is manual).
import crypto from 'node:crypto';
import {type Check, type Evidence, type Status, combine} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {apiserverEvidence, controlPlane, flag} from '../facts/control-plane.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'The API server authorizes every request',
	risk: 'With the AlwaysAllow authorizer, every authenticated caller may do anything: RBAC objects exist but decide nothing. Without the Node authorizer, kubelets are limited only by RBAC roles that are far broader than one node needs.',
	attack: 'Any token at all (a pod\'s service account, a CI job\'s) reads every Secret and creates privileged pods; the cluster has one permission level.',
	fix: 'Nothing to change through the API: the authorization modes are API server flags.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Run the API server with --authorization-mode=Node,RBAC (or an --authorization-config file listing Node, then RBAC, then any webhooks) and --enable-admission-plugins=NodeRestriction.',
	link: `${guideUrl}#api-authorization`,
	'ev.allowed': 'a made-up user was ALLOWED to list Secrets in every namespace: authorization lets everything through',
	'ev.refused': 'a made-up user was refused listing Secrets: requests are really authorized',
	'ev.flagAlwaysAllow': '--authorization-mode={modes} includes AlwaysAllow',
	'ev.noNode': '--authorization-mode={modes}: without the Node authorizer, kubelets are not limited to their own node\'s objects',
	'ev.modes': 'authorization: {modes}',
	unset: '(unset)',
	'step.flags': 'On every control-plane node, set these flags in /etc/kubernetes/manifests/kube-apiserver.yaml and remove AlwaysAllow wherever it appears (with an --authorization-config file instead, list Node first, then RBAC, then any webhooks). The kubelet restarts the API server by itself.',
	'step.verify': 'Ask whether a made-up signed-in user may list Secrets: the answer must be no.',
} as const;

const zh = translation(en)({
	title: 'API 伺服器對每個請求都做鑑權',
	risk: '使用 AlwaysAllow 鑑權器時，每個通過認證的呼叫者都能做任何事：RBAC 物件雖然存在，卻什麼也決定不了。沒有 Node 鑑權器時，kubelet 只受 RBAC 角色限制，而這些角色遠比單一節點所需的寬。',
	attack: '隨便一個令牌（Pod 的服務帳戶、CI 作業的）都能讀取每個 Secret、建立特權 Pod；整個叢集只剩一種權限等級。',
	fix: '這項不能透過 API 修改：鑑權模式是 API 伺服器的參數。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '以 --authorization-mode=Node,RBAC（或一個依序列出 Node、RBAC、再來是各 webhook 的 --authorization-config 檔案）與 --enable-admission-plugins=NodeRestriction 執行 API 伺服器。',
	link: en.link,
	'ev.allowed': '一個虛構的使用者竟被「允許」列出所有名字空間的 Secret：鑑權放行了一切',
	'ev.refused': '一個虛構的使用者被拒絕列出 Secret：請求確實經過鑑權',
	'ev.flagAlwaysAllow': '--authorization-mode={modes} 包含 AlwaysAllow',
	'ev.noNode': '--authorization-mode={modes}：沒有 Node 鑑權器，kubelet 不會被限制在只能存取自己節點的物件',
	'ev.modes': '鑑權：{modes}',
	unset: '（未設定）',
	'step.flags': '在每個控制平面節點上，於 /etc/kubernetes/manifests/kube-apiserver.yaml 設定這些參數，並拿掉所有出現的 AlwaysAllow（若改用 --authorization-config 檔案，請依序列出 Node、RBAC，再來是各 webhook）。kubelet 會自行重新啟動 API 伺服器。',
	'step.verify': '詢問一個虛構的已登入使用者能否列出 Secret：答案必須是 no。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('authorization-mode', words);

const madeUpUser = 'kubectl auth can-i list secrets -A --as=kubectl-harden-nobody --as-group=system:authenticated';

export const authorizationMode: Check = {
	id: 'authorization-mode',
	section: '1.3',
	words,
	steps: [
		{id: 'flags', text: 'step.flags', command: '- --authorization-mode=Node,RBAC\n- --enable-admission-plugins=NodeRestriction'},
		{id: 'verify', text: 'step.verify', command: madeUpUser},
	],
	seeIt: [
		madeUpUser,
		'kubectl -n kube-system get pods -l component=kube-apiserver -o jsonpath=\'{range .items[*].spec.containers[0].command[*]}{@}{"\\n"}{end}\' | grep -E -- \'--(authorization-mode|authorization-config|enable-admission-plugins)\'',
	],
	async probe(context) {
		const parts: Array<{status: Status; evidence: Evidence[]}> = [];
		const user = `kubectl-harden-nobody-${crypto.randomBytes(4).toString('hex')}`;
		const {body} = await context.snapshot.request<{status?: {allowed?: boolean; reason?: string}}>({
			method: 'POST',
			path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
			body: {apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: {user, groups: ['system:authenticated'], resourceAttributes: {verb: 'list', resource: 'secrets'}}},
		});
		const allowed = body.status?.allowed === true;
		parts.push({status: allowed ? 'fail' : 'pass', evidence: [{kind: 'SubjectAccessReview', name: user, ...say.line(allowed ? 'ev.allowed' : 'ev.refused')}]});
		const plane = await controlPlane(context);
		if (plane.apiserver) {
			const modes = (flag(plane.apiserver, 'authorization-mode') ?? '').split(',').filter(Boolean);
			const config = flag(plane.apiserver, 'authorization-config');
			if (modes.includes('AlwaysAllow')) {
				parts.push({status: 'fail', evidence: [apiserverEvidence(plane, say.code('ev.flagAlwaysAllow', {modes: modes.join(',')}))]});
			} else if (!config && !modes.includes('Node')) {
				parts.push({status: 'warn', evidence: [apiserverEvidence(plane, say.code('ev.noNode', {modes: modes.join(',') || say('unset')}))]});
			} else {
				parts.push({status: 'pass', evidence: [apiserverEvidence(plane, say.code('ev.modes', {modes: config ? `--authorization-config=${config}` : modes.join(',')}))]});
			}
		}
		return combine(parts, 'critical');
	},
};
