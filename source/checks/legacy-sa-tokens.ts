// 1.2 legacy-sa-tokens: No long-lived service-account token Secrets.
// The check in one file: its probe, its fix and its words.
import type {Check} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {deleteLegacyToken, legacyTokenEvidence, legacyTokens, sayLegacyToken, tokenDeletionImpact} from '../facts/legacy-tokens.js';
import {chooseTargets, guideUrl} from '../facts/util.js';

const en = {
	title: 'No long-lived service-account token Secrets',
	risk: 'A Secret of type kubernetes.io/service-account-token holds a token that never expires. Anyone who can read the Secret, or a copy of it, acts as the service account indefinitely.',
	attack: 'An attacker with read access to Secrets in one namespace, or an old CI log, takes a token that still works months later, often for a highly privileged deployer account.',
	fix: 'Deletes the token Secrets that no running pod mounts and that were not used in the last 30 days (by the API server\'s own last-used label, or their age when never used). The token stops working at once. Recently used or mounted ones are listed, not deleted.',
	undo: 'kubectl harden undo recreates the Secret (its name, labels and annotations; the journal never holds the token). The token controller then fills in the same token again (a legacy token holds no issue time or id), so the deleted token works again after an undo: undo only if something still needs it.',
	manual: 'Move the remaining users to short-lived tokens: kubectl create token <account> --duration=1h, or a projected serviceAccountToken volume in the pod.',
	link: `${guideUrl}#api-authentication`,
	pass: 'No Secret of type kubernetes.io/service-account-token is in scope.',
	'step.inside': 'For a pod that mounts one of the listed Secrets, drop that volume: a projected serviceAccountToken volume gives it a token that expires and is rotated (the default token mount already is one).',
	'step.outside': 'For a user outside the cluster (a CI job, a script), issue a short-lived token when it runs instead of storing the Secret\'s token.',
	'step.delete': 'Once nothing uses a listed Secret any more, delete it (the fix does this for Secrets unused for 30 days).',
	'step.verify': 'List the token Secrets that are left and when each was last used.',
} as const;

const zh = translation(en)({
	title: '沒有長期有效的服務帳戶令牌 Secret',
	risk: '類型為 kubernetes.io/service-account-token 的 Secret 裝著一個永不過期的令牌。任何讀得到這個 Secret（或它的副本）的人，都能無限期地以該服務帳戶的身分行事。',
	attack: '攻擊者只要能讀取某個名字空間的 Secret，或翻到一份舊的 CI 日誌，就能拿到幾個月後仍然有效的令牌，而它往往屬於具有高度特權的部署用帳戶。',
	fix: '刪除沒有任何執行中 Pod 掛載、而且最近 30 天內沒有使用過的令牌 Secret（依 API 伺服器自己寫的最後使用標籤判斷；從未使用的則看它的存在時間）。令牌會立刻失效。最近用過或仍被掛載的只列出，不刪除。',
	undo: 'kubectl harden undo 會重新建立 Secret（名稱、標籤和註解；修正紀錄從不保存令牌）。隨後令牌控制器會填回同一個令牌（舊式令牌不含簽發時間或識別碼），所以被刪除的令牌在復原後又能使用：只有在確實還有東西需要它時才復原。',
	manual: '把剩下的使用者改用短期令牌：kubectl create token <account> --duration=1h，或在 Pod 中使用投射的 serviceAccountToken 卷。',
	link: en.link,
	pass: '範圍內沒有類型為 kubernetes.io/service-account-token 的 Secret。',
	'step.inside': '對掛載了所列 Secret 的 Pod，拿掉那個卷：投射的 serviceAccountToken 卷會提供會過期、會輪換的令牌（預設掛載的令牌本來就是這種）。',
	'step.outside': '對叢集外的使用者（CI 作業、腳本），在執行時簽發短期令牌，而不是保存 Secret 裡的令牌。',
	'step.delete': '確定沒有東西再使用某個所列的 Secret 後，就刪除它（30 天未使用的 Secret 由修復負責刪除）。',
	'step.verify': '列出剩下的令牌 Secret，以及每一個最後使用的時間。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('legacy-sa-tokens', words);

const seeTokens = 'kubectl get secrets -A --field-selector type=kubernetes.io/service-account-token -L kubernetes.io/legacy-token-last-used,kubernetes.io/legacy-token-invalid-since';

export const legacyTokenSecrets: Check = {
	id: 'legacy-sa-tokens',
	section: '1.2',
	reads: ['Secret', 'Pod'],
	words,
	steps: [
		{id: 'inside', text: 'step.inside', command: 'volumes:\n- name: api-token\n  projected:\n    sources:\n    - serviceAccountToken:\n        path: token\n        expirationSeconds: 3600'},
		{id: 'outside', text: 'step.outside', command: 'kubectl -n <namespace> create token <account> --duration=1h'},
		{id: 'delete', text: 'step.delete', command: 'kubectl -n <namespace> delete secret <secret>'},
		{id: 'verify', text: 'step.verify', command: seeTokens},
	],
	seeIt: [
		seeTokens,
		'kubectl -n <namespace> describe secret <secret>',
	],
	async probe(context) {
		const tokens = await legacyTokens(context);
		if (tokens.length === 0) {
			return {status: 'pass', severity: 'info', evidence: [], ...say.reason('pass')};
		}
		const evidence = tokens.map(legacyTokenEvidence);
		const fixTargets = tokens.filter(token => token.unused).map(token => `${token.secret.metadata.namespace}/${token.secret.metadata.name}`);
		return {status: 'warn', severity: 'medium', evidence, fixTargets};
	},
	async planFix(context, verdict, options) {
		const notes: string[] = [];
		const chosen = new Set(chooseTargets(verdict.fixTargets ?? [], options, notes));
		const tokens = await legacyTokens(context);
		const changes = tokens.filter(token => chosen.has(`${token.secret.metadata.namespace}/${token.secret.metadata.name}`)).map(({secret}) => deleteLegacyToken(secret));
		if (changes.length > 0) {
			notes.push(sayLegacyToken('note.undo'));
		}
		return {checkId: 'legacy-sa-tokens', changes, notes};
	},
	impact: tokenDeletionImpact,
};
