// 1.2 static-credentials: No static token or password files.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, because} from '../engine/words.js';
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
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('static-credentials', words);

export const staticCredentials: Check = {
	id: 'static-credentials',
	section: '1.2',
	words,
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
