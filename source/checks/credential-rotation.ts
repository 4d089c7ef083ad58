// Guide section 4.4: credentials that live too long. Bootstrap tokens that never expire (or
// expired and were never cleaned up), legacy service-account tokens, kubelets that do not
// rotate their client certificates, and the lifetimes of the API server's serving certificate
// and of the kubeconfig's client certificate.
import crypto from 'node:crypto';
import fs from 'node:fs';
import {type Change, type Check, type CheckContext, type Evidence, type Status, combine, target, worst} from '../engine/types.js';
import {type Words, sayer, type Phrase, line} from '../engine/words.js';
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
} as const;

export const words: Words<typeof en> = {en};
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
