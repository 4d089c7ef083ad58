// Guide section 4.4: credentials that live too long. Bootstrap tokens that never expire (or
// expired and were never cleaned up), legacy service-account tokens, kubelets that do not
// rotate their client certificates, and the lifetimes of the API server's serving certificate
// and of the kubeconfig's client certificate.
import crypto from 'node:crypto';
import fs from 'node:fs';
import {type Change, type Check, type CheckContext, type Evidence, type Status, combine, target, worst} from '../engine/types.js';
import {type Words, sayer, type Phrase, line, translation} from '../engine/words.js';
import {type ServingCertificate, judgeCertificate, day, sayCertificate} from '../facts/certificates.js';
import {kubelets, sayKubelet} from '../facts/kubelets.js';
import {deleteLegacyToken, legacyTokenEvidence, legacyTokens, sayLegacyToken, tokenDeletionImpact} from '../facts/legacy-tokens.js';
import {chooseTargets, guideUrl} from '../facts/util.js';
import {isKubeError} from '../kube/errors.js';
import {type KubeObject} from '../kube/objects.js';

const en = {
	title: 'Credentials expire and are rotated',
	risk: 'A credential that never expires is a key that works until somebody remembers to revoke it. Join tokens, long-lived service-account tokens and long-lived certificates keep working after a laptop is lost, a CI log leaks or an employee leaves.',
	attack: 'An attacker who finds an old bootstrap token in a provisioning script registers their own machine as a node; with an old service-account token from a backup or a log they call the API as that account, months later.',
	fix: 'Deletes the bootstrap tokens that never expire or have already expired, and the legacy service-account token Secrets no pod mounts that were not used for 30 days. Whoever still holds those tokens is shut out.',
	undo: 'Undo recreates the service-account token Secrets without their tokens (the controller issues new ones; the old ones stay dead). Deleted bootstrap tokens cannot be brought back: create a new one with `kubeadm token create` when a node must join.',
	manual: 'Create bootstrap tokens only when a node joins, with a short TTL (`kubeadm token create --ttl 1h`). Give workloads short-lived projected tokens (`kubectl create token`, the TokenRequest API) instead of token Secrets. Turn on `rotateCertificates: true` (and `serverTLSBootstrap: true`) in the KubeletConfiguration. Renew control-plane certificates before they expire (`kubeadm certs check-expiration`, `kubeadm certs renew`) and issue admin client certificates for days, not years.',
	link: `${guideUrl}#rotate-infrastructure-credentials-frequently`,
	kubelets: 'kubelets',
	clientName: 'kubeconfig client certificate of {user}',
	'ev.bootstrap': 'bootstrap token (usages: {usages}; extra groups: {groups})',
	'ev.neverExpires': 'never expires',
	'ev.expired': 'expired at {date} but is still stored (the token cleaner is not removing expired tokens)',
	'ev.expires': 'expires at {date} (in {days} days)',
	'ev.noRotation': 'rotateCertificates is off: the kubelet keeps its client certificate until it expires',
	'ev.rotating': '{read} of {total} kubelets read: each rotates its client certificate',
	'ev.longLived': 'Valid for more than {days} days: a stolen key stays usable that long.',
	'reason.bootstrap': 'Bootstrap tokens could not be listed ({error}).',
	'reason.legacy': 'Legacy service-account tokens could not be listed ({error}).',
	'reason.kubelets': 'No kubelet answered ({count} asked), so whether kubelets rotate their certificates is not known.',
	'reason.clientCert': 'The client certificate of {user} could not be read ({error}).',
	'change.neverExpires': 'delete Secret {secret} (a bootstrap token that never expires)',
	'change.expired': 'delete Secret {secret} (an expired bootstrap token)',
	'note.bootstrap': 'Deleted bootstrap tokens cannot be restored by undo (their token is never recorded). Nodes already joined keep working; a node that joins later needs a new, short-lived token.',
	'step.bootstrap': 'Create a bootstrap token only when a node is about to join, with a lifetime of an hour or so; list the tokens and delete those no longer needed.',
	'step.projected': 'Move workloads off token Secrets: pods get short-lived projected tokens by default; where a token is needed outside a pod, issue one with a lifetime (kubectl create token). Then delete the old token Secrets (the fix deletes unused ones).',
	'step.kubelet': 'In each node\'s kubelet configuration (/var/lib/kubelet/config.yaml on kubeadm) turn on certificate rotation, then restart the kubelet. With serverTLSBootstrap, the kubelets\' serving certificate requests wait for approval: approve them after checking them, or run an approver.',
	'step.controlPlane': 'On each control-plane node, see when the control-plane certificates expire and renew them in time (kubeadm also renews them on every upgrade); restart the control-plane static Pods afterwards so they load the new certificates.',
	'step.admin': 'Give people admin client certificates valid for a day or so, not years (or, better, an OIDC login); a leaked kubeconfig then stops working on its own.',
} as const;

const zh = translation(en)({
	title: '憑據會過期並定期輪換',
	risk: '永不過期的憑據，就是一把在有人想起要撤銷之前都能用的鑰匙。加入節點用的令牌、長期有效的服務帳戶令牌和長效證書，在筆電遺失、CI 日誌外洩或員工離職之後依然有效。',
	attack: '攻擊者在佈建腳本裡找到舊的啟動引導令牌，就能把自己的機器註冊成節點；從備份或日誌裡拿到舊的服務帳戶令牌，幾個月後仍能以該帳戶的身分呼叫 API。',
	fix: '刪除永不過期或已經過期的啟動引導令牌，以及沒有 Pod 掛載、且 30 天內未被使用的舊式服務帳戶令牌 Secret。仍持有這些令牌的人將被拒於門外。',
	undo: '復原會重建服務帳戶令牌 Secret，但不含原本的令牌（由控制器簽發新的；舊的依然失效）。被刪除的啟動引導令牌無法復原：有節點要加入時，用 `kubeadm token create` 建立新的令牌。',
	manual: '只在節點加入時才建立啟動引導令牌，並給它很短的有效期（`kubeadm token create --ttl 1h`）。讓工作負載使用短效的投射令牌（`kubectl create token`、TokenRequest API），而不是令牌 Secret。在 KubeletConfiguration 中開啟 `rotateCertificates: true`（以及 `serverTLSBootstrap: true`）。在控制平面證書過期前更新它們（`kubeadm certs check-expiration`、`kubeadm certs renew`），發給管理員的客戶端證書以天計效期，而不是以年計。',
	link: en.link,
	kubelets: '各節點的 kubelet',
	clientName: '{user} 的 kubeconfig 客戶端證書',
	'ev.bootstrap': '啟動引導令牌（用途：{usages}；額外群組：{groups}）',
	'ev.neverExpires': '永不過期',
	'ev.expired': '已於 {date} 過期，但仍存放著（令牌清理器沒有移除過期的令牌）',
	'ev.expires': '將於 {date} 過期（還有 {days} 天）',
	'ev.noRotation': 'rotateCertificates 是關閉的：kubelet 會一直使用它的客戶端證書直到過期',
	'ev.rotating': '已讀取 {total} 個 kubelet 中的 {read} 個：每個都會輪換自己的客戶端證書',
	'ev.longLived': '效期超過 {days} 天：被竊的金鑰在這段期間都能使用。',
	'reason.bootstrap': '無法列出啟動引導令牌（{error}）。',
	'reason.legacy': '無法列出舊式服務帳戶令牌（{error}）。',
	'reason.kubelets': '沒有任何 kubelet 回應（詢問了 {count} 個），因此不知道 kubelet 是否會輪換證書。',
	'reason.clientCert': '無法讀取 {user} 的客戶端證書（{error}）。',
	'change.neverExpires': '刪除 Secret {secret}（永不過期的啟動引導令牌）',
	'change.expired': '刪除 Secret {secret}（已過期的啟動引導令牌）',
	'note.bootstrap': '被刪除的啟動引導令牌無法用復原找回（令牌本身從不被記錄）。已加入的節點照常運作；之後要加入的節點需要一個新的短效令牌。',
	'step.bootstrap': '只在節點即將加入時才建立啟動引導令牌，效期約一小時；列出現有令牌，刪除不再需要的。',
	'step.projected': '讓工作負載不再使用令牌 Secret：Pod 預設就會拿到短效的投射令牌；需要在 Pod 以外使用令牌時，簽發一個有效期限的令牌（kubectl create token）。然後刪除舊的令牌 Secret（修復會刪除沒在使用的）。',
	'step.kubelet': '在每個節點的 kubelet 設定（kubeadm 為 /var/lib/kubelet/config.yaml）開啟證書輪換，然後重新啟動 kubelet。使用 serverTLSBootstrap 時，kubelet 服務證書的簽署請求會等待核准：檢查後核准它們，或執行一個自動核准器。',
	'step.controlPlane': '在每個控制平面節點上查看控制平面證書何時過期，並及時更新（kubeadm 每次升級時也會更新）；之後重新啟動控制平面的靜態 Pod，讓它們載入新證書。',
	'step.admin': '發給人員的管理員客戶端證書只給一天左右的效期，而不是好幾年（更好的做法是使用 OIDC 登入）；外洩的 kubeconfig 就會自行失效。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('credential-rotation', words);

export const bootstrapTokenType = 'bootstrap.kubernetes.io/token';

/** Certificates valid for longer than this are called long-lived (a year plus the usual renewal slack). */
export const longLivedDays = 398;

export interface BootstrapToken {
	/** The Secret's metadata only: its data is dropped as soon as `expiration` and the usages are read. */
	secret: KubeObject;
	expiration: Date | undefined;
	usages: string[];
	groups: string | undefined;
}

/**
 * Bootstrap token Secrets in kube-system. The API cannot return one field of a Secret, so the
 * list carries the token; only its expiration, usages and groups are kept, the rest is dropped.
 */
export function bootstrapTokens(context: CheckContext): Promise<BootstrapToken[]> {
	return context.snapshot.once('bootstrap-tokens', async () => {
		if (context.namespace && context.namespace !== 'kube-system') {
			return [];
		}
		const tokens: BootstrapToken[] = [];
		const secrets = await context.snapshot.select('v1', 'Secret', 'kube-system', `type=${bootstrapTokenType}`) as Array<KubeObject & {data?: Record<string, string>}>;
		for (const {metadata, data = {}} of secrets) {
			const field = (key: string) => data[key] === undefined ? undefined : Buffer.from(data[key], 'base64').toString('utf8');
			const expiration = field('expiration');
			tokens.push({
				secret: {apiVersion: 'v1', kind: 'Secret', metadata},
				expiration: expiration ? new Date(expiration) : undefined,
				usages: Object.keys(data).filter(key => key.startsWith('usage-bootstrap-') && field(key) === 'true').map(key => key.slice('usage-bootstrap-'.length)).sort(),
				groups: field('auth-extra-groups'),
			});
		}
		return tokens;
	});
}

function isStale(token: BootstrapToken, now: Date): boolean {
	return !token.expiration || Number.isNaN(token.expiration.getTime()) || token.expiration.getTime() <= now.getTime();
}

function bootstrapPart(token: BootstrapToken, now: Date): {status: Status; evidence: Evidence[]} {
	const {secret, expiration} = token;
	const what = [say.code('ev.bootstrap', {usages: token.usages.join(', ') || '-', groups: token.groups ?? '-'})];
	let status: Status;
	if (!expiration || Number.isNaN(expiration.getTime())) {
		status = 'fail';
		what.push(say.code('ev.neverExpires'));
	} else if (expiration.getTime() <= now.getTime()) {
		status = 'warn';
		what.push(say.code('ev.expired', {date: expiration.toISOString()}));
	} else {
		status = 'pass';
		what.push(say.code('ev.expires', {date: expiration.toISOString(), days: Math.floor((expiration.getTime() - now.getTime()) / day)}));
	}
	return {status, evidence: [{kind: 'Secret', namespace: secret.metadata.namespace, name: secret.metadata.name, ...line(what)}]};
}

/** Expiry from judgeCertificate, and a long lifetime is a warning of its own. */
function certificatePart(name: string, certificate: ServingCertificate, now: Date): {status: Status; evidence: Evidence[]} {
	const {status, phrases} = judgeCertificate(certificate, now);
	const lifetime = Math.round((certificate.validTo.getTime() - certificate.validFrom.getTime()) / day);
	const longLived = lifetime > longLivedDays;
	if (longLived) {
		phrases.push(say.code('ev.longLived', {days: longLivedDays}));
	}
	return {status: longLived ? worst([status, 'warn']) : status, evidence: [{kind: 'Certificate', name, ...line(phrases, ' ')}]};
}

/** The client certificate the kubeconfig presents, when it uses one. */
export function clientCertificate(user: {certData?: string | undefined; certFile?: string | undefined}): ServingCertificate | undefined {
	const pem = user.certData ? Buffer.from(user.certData, 'base64') : user.certFile ? fs.readFileSync(user.certFile) : undefined;
	if (!pem) {
		return undefined;
	}
	const certificate = new crypto.X509Certificate(pem);
	const field = (text: string, key: string) => text.split('\n').filter(line => line.startsWith(`${key}=`)).map(line => line.slice(key.length + 1));
	const name = (text: string) => [...field(text, 'CN'), ...field(text, 'O')].join(', ') || '?';
	return {subject: name(certificate.subject), issuer: name(certificate.issuer), validFrom: new Date(certificate.validFrom), validTo: new Date(certificate.validTo)};
}

async function plan(context: CheckContext, now: Date) {
	const bootstrap = (await bootstrapTokens(context)).filter(token => isStale(token, now));
	const legacy = (await legacyTokens(context, now)).filter(token => token.unused);
	return {bootstrap, legacy};
}

export const credentialRotation: Check = {
	id: 'credential-rotation',
	section: '4.4',
	reads: ['Secret', 'Pod', 'Node'],
	words,
	steps: [
		{id: 'bootstrap', text: 'step.bootstrap', command: 'kubeadm token list\nkubeadm token create --ttl 1h --print-join-command\nkubeadm token delete <token-id>'},
		{id: 'projected', text: 'step.projected', command: 'kubectl create token <service-account> -n <namespace> --duration 1h'},
		{id: 'kubelet', text: 'step.kubelet', command: 'rotateCertificates: true\nserverTLSBootstrap: true\n\nsystemctl restart kubelet\nkubectl get csr\nkubectl certificate approve <csr-name>'},
		{id: 'controlPlane', text: 'step.controlPlane', command: 'kubeadm certs check-expiration\nkubeadm certs renew all'},
		{id: 'admin', text: 'step.admin', command: 'kubeadm kubeconfig user --client-name=<name> --org=<group> --validity-period=24h'},
	],
	seeIt: [
		'kubectl -n kube-system get secrets --field-selector type=bootstrap.kubernetes.io/token',
		'kubectl get secrets -A --field-selector type=kubernetes.io/service-account-token',
		'kubectl get --raw /api/v1/nodes/<node>/proxy/configz',
	],
	async probe(context) {
		const now = new Date();
		const parts: Array<{status: Status; evidence: Evidence[]}> = [];
		const reasons: Phrase[] = [];
		const unknown = (reason: Phrase) => {
			parts.push({status: 'unknown', evidence: []});
			reasons.push(reason);
		};
		const stale: KubeObject[] = [];
		try {
			for (const token of await bootstrapTokens(context)) {
				parts.push(bootstrapPart(token, now));
				if (isStale(token, now)) {
					stale.push(token.secret);
				}
			}
		} catch (error) {
			if (!isKubeError(error)) {
				throw error;
			}
			unknown(say.code('reason.bootstrap', {error: error.message}));
		}
		try {
			for (const token of await legacyTokens(context, now)) {
				parts.push({status: 'warn', evidence: [legacyTokenEvidence(token)]});
				if (token.unused) {
					stale.push(token.secret);
				}
			}
		} catch (error) {
			if (!isKubeError(error)) {
				throw error;
			}
			unknown(say.code('reason.legacy', {error: error.message}));
		}
		const facts = await kubelets(context);
		const read = facts.reads.filter(item => item.config);
		for (const item of read) {
			if (item.config!.rotateCertificates !== true) {
				parts.push({status: 'warn', evidence: [{kind: 'Node', name: item.node, ...say.line('ev.noRotation')}]});
			}
		}
		if (read.length > 0 && read.every(item => item.config!.rotateCertificates === true)) {
			parts.push({status: 'pass', evidence: [{kind: 'Kubelet', name: say('kubelets'), ...say.line('ev.rotating', {read: read.length, total: facts.total})}]});
		} else if (read.length === 0) {
			unknown(facts.error ? sayKubelet.code('reason.noNodes', {error: facts.error}) : facts.total === 0 ? sayKubelet.code('reason.none') : say.code('reason.kubelets', {count: facts.reads.length}));
		}
		const server = context.snapshot.target;
		if (server.server.startsWith('https://')) {
			try {
				parts.push(certificatePart(sayCertificate('servingName'), await context.snapshot.servingCertificate(), now));
			} catch (error) {
				unknown(sayCertificate.code('reason.handshake', {error: (error as Error).message}));
			}
		}
		try {
			const client = clientCertificate(server.user);
			if (client) {
				parts.push(certificatePart(say('clientName', {user: server.userName}), client, now));
			}
		} catch (error) {
			unknown(say.code('reason.clientCert', {user: server.userName, error: (error as Error).message}));
		}
		const verdict = combine(parts, 'high', reasons);
		const fixTargets = stale.map(secret => target(secret.metadata.namespace, secret.metadata.name));
		return {...verdict, fixTargets: fixTargets.length > 0 ? fixTargets : undefined};
	},
	impact: tokenDeletionImpact,
	async planFix(context, verdict, options) {
		const notes: string[] = [];
		const chosen = new Set(chooseTargets(verdict.fixTargets ?? [], options, notes));
		const {bootstrap, legacy} = await plan(context, new Date());
		const picked = (secret: KubeObject) => chosen.has(target(secret.metadata.namespace, secret.metadata.name));
		// Restorable deletes first: if a later write fails, everything before it can be put back.
		const changes: Change[] = legacy.filter(token => picked(token.secret)).map(token => deleteLegacyToken(token.secret));
		if (changes.length > 0) {
			notes.push(sayLegacyToken('note.undo'));
		}
		const tokens = bootstrap.filter(token => picked(token.secret));
		for (const {secret, expiration} of tokens) {
			changes.push({
				action: 'delete',
				ref: {apiVersion: 'v1', kind: 'Secret', namespace: secret.metadata.namespace, name: secret.metadata.name},
				resourceVersion: secret.metadata.resourceVersion,
				summary: say(expiration ? 'change.expired' : 'change.neverExpires', {secret: `${secret.metadata.namespace}/${secret.metadata.name}`}),
			});
		}
		if (tokens.length > 0) {
			notes.push(say('note.bootstrap'));
		}
		return {checkId: 'credential-rotation', changes, notes};
	},
};
