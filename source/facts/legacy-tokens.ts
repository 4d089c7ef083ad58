// Legacy long-lived service-account token Secrets (metadata only, never a token), who mounts
// them and when they were last used; read by legacy-sa-tokens (1.2) and credential-rotation (4.4).
import type {Change, CheckContext, Evidence, FixPlan, ImpactItem} from '../engine/types.js';
import {type Words, sayer, line, translation} from '../engine/words.js';
import {day} from '../facts/certificates.js';
import {activePods, podSpec} from '../facts/util.js';
import type {KubeObject} from '../kube/objects.js';

const legacyTokenEn = {
	'ev.token': 'never-expiring token of service account {account}',
	'ev.lastUsed': 'last used {date}',
	'ev.neverUsed': 'no use recorded',
	'ev.invalid': 'marked invalid since {date}',
	'ev.mounted': 'mounted by pod {pods}',
	'ev.unused': 'unused for over {days} days: the fix deletes it',
	'ev.recent': 'used recently: kept',
	change: 'delete Secret {secret} (the long-lived token of service account {account})',
	'impact.mounted': 'pod {pod} mounts or reads this token: it stops authenticating at once',
	'impact.lastUsed': 'last used {date}',
	'impact.neverUsed': 'no use recorded',
	'note.undo': 'An undo recreates these Secrets; Kubernetes then fills in the same tokens again, so they work again after an undo.',
} as const;

const legacyTokenZh = translation(legacyTokenEn)({
	'ev.token': '服務帳戶 {account} 的永不過期令牌',
	'ev.lastUsed': '最後使用於 {date}',
	'ev.neverUsed': '沒有使用紀錄',
	'ev.invalid': '自 {date} 起標記為失效',
	'ev.mounted': '被 Pod {pods} 掛載',
	'ev.unused': '超過 {days} 天沒有使用：修復會刪除它',
	'ev.recent': '最近有使用：保留',
	change: '刪除 Secret {secret}（服務帳戶 {account} 的長期令牌）',
	'impact.mounted': 'Pod {pod} 掛載或讀取這個令牌：它會立刻無法再通過認證',
	'impact.lastUsed': '最後使用於 {date}',
	'impact.neverUsed': '沒有使用紀錄',
	'note.undo': '復原會重新建立這些 Secret；Kubernetes 隨後會填回同樣的令牌，所以復原之後它們又能用了。',
});

export const legacyTokenWords: Words<typeof legacyTokenEn> = {en: legacyTokenEn, 'zh-TW': legacyTokenZh};
export const sayLegacyToken = sayer('legacyToken', legacyTokenWords);

const tokenType = 'kubernetes.io/service-account-token';

const lastUsedLabel = 'kubernetes.io/legacy-token-last-used';

const invalidSinceLabel = 'kubernetes.io/legacy-token-invalid-since';

/** Days after its last use (or, never used, after its creation) when a legacy token counts as unused. */
export const unusedAfterDays = 30;

export interface LegacyToken {
	secret: KubeObject;
	mountedBy: string[];
	lastUsed: string | undefined;
	unused: boolean;
}

export async function legacyTokens(context: CheckContext, now = new Date()): Promise<LegacyToken[]> {
	return context.snapshot.once('legacy-tokens', async () => {
		// Metadata only: the token values are never read.
		const secrets = await context.snapshot.metadata('v1', 'Secret', `type=${tokenType}`);
		if (secrets.length === 0) {
			return [];
		}
		const pods = await activePods(context);
		const mounts = new Map<string, string[]>();
		for (const pod of pods) {
			const volumes = podSpec(pod).volumes ?? [];
			for (const volume of volumes) {
				if (volume.secret?.secretName) {
					const key = `${pod.metadata.namespace}/${volume.secret.secretName}`;
					mounts.set(key, [...mounts.get(key) ?? [], pod.metadata.name]);
				}
			}
		}
		return secrets.map(secret => {
			const lastUsed = secret.metadata.labels?.[lastUsedLabel];
			const since = new Date(lastUsed ?? secret.metadata.creationTimestamp ?? now.toISOString());
			const mountedBy = mounts.get(`${secret.metadata.namespace}/${secret.metadata.name}`) ?? [];
			return {secret, mountedBy, lastUsed, unused: mountedBy.length === 0 && now.getTime() - since.getTime() > unusedAfterDays * day};
		});
	});
}

/** One legacy token Secret, for the operator: whose, when last used, who mounts it. */
export function legacyTokenEvidence({secret, mountedBy, lastUsed, unused}: LegacyToken): Evidence {
	const account = secret.metadata.annotations?.['kubernetes.io/service-account.name'] ?? '?';
	const used = lastUsed ? sayLegacyToken.code('ev.lastUsed', {date: lastUsed}) : sayLegacyToken.code('ev.neverUsed');
	const invalid = secret.metadata.labels?.[invalidSinceLabel];
	const parts = [sayLegacyToken.code('ev.token', {account}), used];
	if (invalid) {
		parts.push(sayLegacyToken.code('ev.invalid', {date: invalid}));
	}
	parts.push(mountedBy.length > 0 ? sayLegacyToken.code('ev.mounted', {pods: mountedBy.join(', ')}) : unused ? sayLegacyToken.code('ev.unused', {days: unusedAfterDays}) : sayLegacyToken.code('ev.recent'));
	return {kind: 'Secret', namespace: secret.metadata.namespace, name: secret.metadata.name, ...line(parts)};
}

/** Deleting an unused legacy token Secret (the journal keeps its metadata, never its token). */
export function deleteLegacyToken(secret: KubeObject): Change {
	return {
		action: 'delete',
		ref: {apiVersion: 'v1', kind: 'Secret', namespace: secret.metadata.namespace, name: secret.metadata.name},
		resourceVersion: secret.metadata.resourceVersion,
		summary: sayLegacyToken('change', {secret: `${secret.metadata.namespace}/${secret.metadata.name}`, account: secret.metadata.annotations?.['kubernetes.io/service-account.name'] ?? '?'}),
	};
}

/** What deleting legacy token Secrets breaks: pods that mount or read them; when each was last used; what undo brings back. */
export async function tokenDeletionImpact(context: CheckContext, plan: FixPlan): Promise<ImpactItem[]> {
	const items: ImpactItem[] = [];
	const tokens = await legacyTokens(context);
	const pods = await activePods(context);
	for (const change of plan.changes) {
		if (change.action !== 'delete' || change.ref.kind !== 'Secret') {
			continue;
		}
		const {namespace, name} = change.ref;
		const object = `Secret ${namespace}/${name}`;
		const token = tokens.find(item => item.secret.metadata.namespace === namespace && item.secret.metadata.name === name);
		const readers = new Set(token?.mountedBy ?? []);
		for (const pod of pods.filter(item => item.metadata.namespace === namespace)) {
			const containers = [...podSpec(pod).containers ?? [], ...podSpec(pod).initContainers ?? []];
			if (containers.some(container => (container.env ?? []).some(env => env.valueFrom?.secretKeyRef?.name === name) || (container.envFrom ?? []).some(from => from.secretRef?.name === name))) {
				readers.add(pod.metadata.name);
			}
		}
		for (const pod of readers) {
			items.push({effect: 'breaks', object: `Pod ${namespace}/${pod}`, phrase: sayLegacyToken.code('impact.mounted', {pod})});
		}
		if (token) {
			items.push({effect: 'note', object, phrase: token.lastUsed ? sayLegacyToken.code('impact.lastUsed', {date: token.lastUsed}) : sayLegacyToken.code('impact.neverUsed')});
		}
	}
	return items;
}
