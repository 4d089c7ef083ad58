// 1.2 legacy-sa-tokens: No long-lived service-account token Secrets.
// The check in one file: its probe, its fix and its words.
import type {Check} from '../engine/types.js';
import {type Words, sayer} from '../engine/words.js';
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
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('legacy-sa-tokens', words);

export const legacyTokenSecrets: Check = {
	id: 'legacy-sa-tokens',
	section: '1.2',
	reads: ['Secret', 'Pod'],
	words,
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
