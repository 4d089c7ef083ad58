// Guide section 4.4: credentials that live too long. Bootstrap tokens that never expire (or
// expired and were never cleaned up), legacy service-account tokens, kubelets that do not
// rotate their client certificates, and the lifetimes of the API server's serving certificate
// and of the kubeconfig's client certificate.
import crypto from 'node:crypto';
import fs from 'node:fs';
import {isKubeError} from '../kube/errors.js';
import {listPath, type KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import type {Change, Check, CheckContext, Evidence, Status} from '../engine/types.js';
import {combine, worst} from '../engine/types.js';
import {certificateEvidence, day, deleteLegacyToken, legacyTokenEvidence, legacyTokens, servingCertificate, type ServingCertificate} from './api-access.js';
import {kubelets} from './kubelet.js';
import {chooseTargets, target} from './util.js';

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
		for await (const page of context.client.pages<KubeObject & {data?: Record<string, string>}>(listPath('v1', 'Secret', 'kube-system'), {fieldSelector: `type=${bootstrapTokenType}`})) {
			for (const {metadata, data = {}} of page) {
				const field = (key: string) => data[key] === undefined ? undefined : Buffer.from(data[key], 'base64').toString('utf8');
				const expiration = field('expiration');
				tokens.push({
					secret: {apiVersion: 'v1', kind: 'Secret', metadata},
					expiration: expiration ? new Date(expiration) : undefined,
					usages: Object.keys(data).filter(key => key.startsWith('usage-bootstrap-') && field(key) === 'true').map(key => key.slice('usage-bootstrap-'.length)).sort(),
					groups: field('auth-extra-groups'),
				});
			}
		}
		return tokens;
	});
}

function isStale(token: BootstrapToken, now: Date): boolean {
	return !token.expiration || Number.isNaN(token.expiration.getTime()) || token.expiration.getTime() <= now.getTime();
}

function bootstrapPart(token: BootstrapToken, now: Date): {status: Status; evidence: Evidence[]} {
	const {secret, expiration} = token;
	const what = [t('check.credential-rotation.ev.bootstrap', {usages: token.usages.join(', ') || '-', groups: token.groups ?? '-'})];
	let status: Status;
	if (!expiration || Number.isNaN(expiration.getTime())) {
		status = 'fail';
		what.push(t('check.credential-rotation.ev.neverExpires'));
	} else if (expiration.getTime() <= now.getTime()) {
		status = 'warn';
		what.push(t('check.credential-rotation.ev.expired', {date: expiration.toISOString()}));
	} else {
		status = 'pass';
		what.push(t('check.credential-rotation.ev.expires', {date: expiration.toISOString(), days: Math.floor((expiration.getTime() - now.getTime()) / day)}));
	}
	return {status, evidence: [{kind: 'Secret', namespace: secret.metadata.namespace, name: secret.metadata.name, detail: what.join('; ')}]};
}

/** Expiry from certificateEvidence, and a long lifetime is a warning of its own. */
function certificatePart(name: string, certificate: ServingCertificate, now: Date): {status: Status; evidence: Evidence[]} {
	const part = certificateEvidence(name, certificate, now);
	const lifetime = Math.round((certificate.validTo.getTime() - certificate.validFrom.getTime()) / day);
	if (lifetime > longLivedDays) {
		return {status: worst([part.status, 'warn']), evidence: part.evidence.map(item => ({...item, detail: `${item.detail} ${t('check.credential-rotation.ev.longLived', {days: longLivedDays})}`}))};
	}
	return part;
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
	async probe(context) {
		const now = new Date();
		const parts: Array<{status: Status; evidence: Evidence[]}> = [];
		const reasons: string[] = [];
		const unknown = (reason: string) => {
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
			unknown(t('check.credential-rotation.reason.bootstrap', {error: error.message}));
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
			unknown(t('check.credential-rotation.reason.legacy', {error: error.message}));
		}
		const facts = await kubelets(context);
		const read = facts.reads.filter(item => item.config);
		for (const item of read) {
			if (item.config!.rotateCertificates !== true) {
				parts.push({status: 'warn', evidence: [{kind: 'Node', name: item.node, detail: t('check.credential-rotation.ev.noRotation')}]});
			}
		}
		if (read.length > 0 && read.every(item => item.config!.rotateCertificates === true)) {
			parts.push({status: 'pass', evidence: [{kind: 'Kubelet', name: t('check.credential-rotation.kubelets'), detail: t('check.credential-rotation.ev.rotating', {read: read.length, total: facts.total})}]});
		} else if (read.length === 0) {
			unknown(facts.error ? t('check.kubelet-config.reason.noNodes', {error: facts.error}) : facts.total === 0 ? t('check.kubelet-config.reason.none') : t('check.credential-rotation.reason.kubelets', {count: facts.reads.length}));
		}
		const server = context.client.target;
		if (server.server.startsWith('https://')) {
			try {
				parts.push(certificatePart(t('check.api-tls.servingName'), await servingCertificate(server.server, context.client.timeoutMs, server.cluster.tlsServerName), now));
			} catch (error) {
				unknown(t('check.api-tls.reason.handshake', {error: (error as Error).message}));
			}
		}
		try {
			const client = clientCertificate(server.user);
			if (client) {
				parts.push(certificatePart(t('check.credential-rotation.clientName', {user: server.userName}), client, now));
			}
		} catch (error) {
			unknown(t('check.credential-rotation.reason.clientCert', {user: server.userName, error: (error as Error).message}));
		}
		const verdict = combine(parts, 'high', reasons);
		const fixTargets = stale.map(secret => target(secret.metadata.namespace, secret.metadata.name));
		return {...verdict, fixTargets: fixTargets.length > 0 ? fixTargets : undefined};
	},
	async planFix(context, verdict, options) {
		const notes: string[] = [];
		const chosen = new Set(chooseTargets(verdict.fixTargets ?? [], options, notes));
		const {bootstrap, legacy} = await plan(context, new Date());
		const picked = (secret: KubeObject) => chosen.has(target(secret.metadata.namespace, secret.metadata.name));
		// Restorable deletes first: if a later write fails, everything before it can be put back.
		const changes: Change[] = legacy.filter(token => picked(token.secret)).map(token => deleteLegacyToken(token.secret));
		if (changes.length > 0) {
			notes.push(t('check.legacy-sa-tokens.note.undo'));
		}
		const tokens = bootstrap.filter(token => picked(token.secret));
		for (const {secret, expiration} of tokens) {
			changes.push({
				action: 'delete',
				ref: {apiVersion: 'v1', kind: 'Secret', namespace: secret.metadata.namespace, name: secret.metadata.name},
				resourceVersion: secret.metadata.resourceVersion,
				summary: t(expiration ? 'check.credential-rotation.change.expired' : 'check.credential-rotation.change.neverExpires', {secret: `${secret.metadata.namespace}/${secret.metadata.name}`}),
			});
		}
		if (tokens.length > 0) {
			notes.push(t('check.credential-rotation.note.bootstrap'));
		}
		return {checkId: 'credential-rotation', changes, notes};
	},
};
