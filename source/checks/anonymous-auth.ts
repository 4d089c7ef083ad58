// 1.2 anonymous-auth: Requests without credentials are refused.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, line, translation, type Phrase} from '../engine/words.js';
import {controlPlane, flag} from '../facts/control-plane.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'Requests without credentials are refused',
	risk: 'With anonymous authentication on, a request with no credentials at all is treated as the user system:anonymous. Then one binding to that user (or to system:unauthenticated) opens the API to anyone who can reach it.',
	attack: 'An attacker who reaches the API server\'s port from the internet or a pod asks it questions without logging in; wherever a binding lets system:anonymous read, they read the cluster\'s layout, and sometimes more.',
	fix: 'Nothing to change through the API: anonymous authentication is an API server flag. The bindings that give anonymous callers access are removed by anonymous-bindings.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Set --anonymous-auth=false on the API server, or (Kubernetes 1.32 and later) keep it on only for health endpoints with an AuthenticationConfiguration: anonymous: {enabled: true, conditions: [{path: /livez}, {path: /readyz}, {path: /healthz}]}. Check that load balancer health checks still pass.',
	link: `${guideUrl}#api-authentication`,
	'ev.401': 'without credentials: 401 Unauthorized',
	'ev.403': 'without credentials: 403 Forbidden (the request was taken as system:anonymous, then refused by authorization)',
	'ev.200': 'without credentials: 200 OK: anyone who reaches the server can list namespaces',
	'reason.off': 'Anonymous authentication is off: the request was turned away before authorization.',
	'reason.on': 'Anonymous authentication is on (flag --anonymous-auth: {flag}); only RBAC keeps anonymous callers out.',
	'reason.open': 'Anonymous callers can read the cluster.',
	flagUnseen: 'not visible',
	'step.flag': 'On every control-plane node, edit the API server\'s static Pod manifest: set --anonymous-auth=false, or on 1.32 and later keep anonymous access only for the health endpoints (the AuthenticationConfiguration below).',
	'step.health': 'Check that your load balancer\'s health checks still succeed; if they call /healthz without credentials, use the AuthenticationConfiguration form.',
	'step.verify': 'Ask the API server without credentials: the answer should be 401 Unauthorized.',
} as const;

const zh = translation(en)({
	title: '拒絕不帶憑據的請求',
	risk: '開啟匿名認證時，完全不帶憑據的請求會被當成使用者 system:anonymous。只要有一條綁定給了這個使用者（或 system:unauthenticated），任何連得到 API 伺服器的人都能使用 API。',
	attack: '攻擊者從網際網路或某個 Pod 連上 API 伺服器的端口，不登入就發出請求；只要某條綁定允許 system:anonymous 讀取，他就能看到叢集的結構，有時還不止這些。',
	fix: '這項不能透過 API 修改：匿名認證是 API 伺服器的命令列參數。給匿名呼叫者存取權的綁定由 anonymous-bindings 負責移除。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '在 API 伺服器上設定 --anonymous-auth=false；或者（Kubernetes 1.32 起）用 AuthenticationConfiguration 只對健康檢查端點保留匿名存取：anonymous: {enabled: true, conditions: [{path: /livez}, {path: /readyz}, {path: /healthz}]}。確認負載平衡器的健康檢查仍然通過。',
	link: en.link,
	'ev.401': '不帶憑據：401 Unauthorized',
	'ev.403': '不帶憑據：403 Forbidden（請求被當成 system:anonymous，隨後被鑑權拒絕）',
	'ev.200': '不帶憑據：200 OK：任何連得到伺服器的人都能列出名字空間',
	'reason.off': '匿名認證已關閉：請求在鑑權之前就被拒絕。',
	'reason.on': '匿名認證已開啟（參數 --anonymous-auth：{flag}）；只靠 RBAC 擋住匿名呼叫者。',
	'reason.open': '匿名呼叫者可以讀取叢集。',
	flagUnseen: '看不到',
	'step.flag': '在每個控制平面節點上編輯 API 伺服器的靜態 Pod 清單：設定 --anonymous-auth=false；或在 1.32 及以後的版本只對健康檢查端點保留匿名存取（見下方的 AuthenticationConfiguration）。',
	'step.health': '確認負載平衡器的健康檢查仍然成功；如果它不帶憑據呼叫 /healthz，請改用 AuthenticationConfiguration 的寫法。',
	'step.verify': '不帶憑據向 API 伺服器發出請求：應得到 401 Unauthorized。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('anonymous-auth', words);

/** What an unauthenticated caller gets back: 401 off, 403 on but refused, 200 on and allowed. */
export const anonymousAuth: Check = {
	id: 'anonymous-auth',
	section: '1.2',
	words,
	steps: [
		{id: 'flag', text: 'step.flag', command: '- --anonymous-auth=false\n\n- --authentication-config=/etc/kubernetes/auth-config.yaml\n---\napiVersion: apiserver.config.k8s.io/v1beta1\nkind: AuthenticationConfiguration\nanonymous:\n  enabled: true\n  conditions:\n  - path: /livez\n  - path: /readyz\n  - path: /healthz'},
		{id: 'health', text: 'step.health'},
		{id: 'verify', text: 'step.verify', command: 'curl -sk -o /dev/null -w \'%{http_code}\\n\' "$(kubectl config view --minify -o jsonpath=\'{.clusters[0].cluster.server}\')/api/v1/namespaces"'},
	],
	seeIt: [
		'kubectl get --raw /api/v1/namespaces --as=system:anonymous --as-group=system:unauthenticated',
		'kubectl -n kube-system get pods -l component=kube-apiserver -o jsonpath=\'{range .items[*].spec.containers[0].command[*]}{@}{"\\n"}{end}\' | grep anonymous-auth',
	],
	async probe(context) {
		const asked = '/api/v1/namespaces';
		const {status} = await context.snapshot.request({path: asked, query: {limit: 1}, acceptStatus: [401, 403]}, 'anonymous');
		const evidence = (detail: Phrase): Evidence[] => [{kind: 'Request', name: `GET ${asked}`, ...line(detail)}];
		if (status === 401) {
			return {status: 'pass', severity: 'info', evidence: evidence(say.code('ev.401')), ...say.reason('reason.off')};
		}
		if (status === 403) {
			const plane = await controlPlane(context);
			const flagged = plane.apiserver ? flag(plane.apiserver, 'anonymous-auth') : undefined;
			return {status: 'warn', severity: 'low', evidence: evidence(say.code('ev.403')), ...say.reason('reason.on', {flag: flagged ?? say('flagUnseen')})};
		}
		return {status: 'fail', severity: 'critical', evidence: evidence(say.code('ev.200')), ...say.reason('reason.open')};
	},
};
