// 1.2 static-credentials: No static token or password files.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, because, translation} from '../engine/words.js';
import {apiserverEvidence, controlPlane, flag, hiddenReason} from '../facts/control-plane.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'No static token or password files',
	risk: 'Tokens and passwords listed in a file on the control-plane nodes never expire, cannot be rotated without restarting the API server, and are easily copied along with backups.',
	attack: 'Whoever reads that file (a backup, a node image, a support bundle) logs in as every user in it, for as long as the file is in use.',
	fix: 'Nothing to change through the API: the flags live on the control-plane nodes.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Remove --token-auth-file (and --basic-auth-file on old versions) from the API server and move those users to OIDC or client certificates; service accounts get tokens from the TokenRequest API.',
	link: `${guideUrl}#api-authentication`,
	'ev.file': '{flag}={file}: static credentials',
	pass: 'The API server reads no static token or password file.',
	'step.users': 'Give every user listed in the file another way in (OIDC or a client certificate), and move any automation to a service account with short-lived tokens.',
	'step.flag': 'On every control-plane node, remove these flags (and the volume that mounts the file, if it has one) from /etc/kubernetes/manifests/kube-apiserver.yaml; the kubelet restarts the API server by itself.',
	'step.file': 'Delete the file from the nodes, and from node images and backups that hold a copy.',
	'step.verify': 'Check that the running API servers no longer name such a file: the command prints nothing.',
} as const;

const zh = translation(en)({
	title: '不使用靜態令牌或密碼檔',
	risk: '寫在控制平面節點上某個檔案裡的令牌和密碼永遠不會過期，不重新啟動 API 伺服器就無法輪換，而且很容易跟著備份一起被複製出去。',
	attack: '任何讀到這個檔案的人（從備份、節點映像檔或支援包）都能以檔案裡每一個使用者的身分登入，只要這個檔案還在使用。',
	fix: '這項不能透過 API 修改：這些參數設在控制平面節點上。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '從 API 伺服器移除 --token-auth-file（舊版本還有 --basic-auth-file），把這些使用者改用 OIDC 或客戶端證書；服務帳戶則透過 TokenRequest API 取得令牌。',
	link: en.link,
	'ev.file': '{flag}={file}：靜態憑據',
	pass: 'API 伺服器沒有讀取任何靜態令牌或密碼檔。',
	'step.users': '為檔案裡列出的每個使用者準備別的登入方式（OIDC 或客戶端證書），並把自動化作業改用帶短期令牌的服務帳戶。',
	'step.flag': '在每個控制平面節點上，從 /etc/kubernetes/manifests/kube-apiserver.yaml 移除這些參數（以及掛載該檔案的卷，如果有的話）；kubelet 會自行重新啟動 API 伺服器。',
	'step.file': '從節點上刪除這個檔案，也從保有副本的節點映像檔和備份中刪除。',
	'step.verify': '確認執行中的 API 伺服器不再指定這種檔案：下面的命令應該沒有任何輸出。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('static-credentials', words);

const flagsCommand = 'kubectl -n kube-system get pods -l component=kube-apiserver -o jsonpath=\'{range .items[*].spec.containers[0].command[*]}{@}{"\\n"}{end}\' | grep -E -- \'--(token-auth-file|basic-auth-file)\'';

export const staticCredentials: Check = {
	id: 'static-credentials',
	section: '1.2',
	words,
	steps: [
		{id: 'users', text: 'step.users'},
		{id: 'flag', text: 'step.flag', command: '- --token-auth-file=<file>\n- --basic-auth-file=<file>'},
		{id: 'file', text: 'step.file', command: 'sudo rm <file>'},
		{id: 'verify', text: 'step.verify', command: flagsCommand},
	],
	seeIt: [flagsCommand],
	async probe(context) {
		const plane = await controlPlane(context);
		if (!plane.apiserver) {
			return {status: 'unknown', severity: 'medium', evidence: [], ...because(hiddenReason(plane))};
		}
		const found: Evidence[] = [];
		for (const name of ['token-auth-file', 'basic-auth-file']) {
			const value = flag(plane.apiserver, name);
			if (value) {
				found.push(apiserverEvidence(plane, say.code('ev.file', {flag: `--${name}`, file: value})));
			}
		}
		return found.length > 0
			? {status: 'warn', severity: 'high', evidence: found}
			: {status: 'pass', severity: 'info', evidence: [], ...say.reason('pass')};
	},
};
