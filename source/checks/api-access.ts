// Guide section 1: controlling access to the Kubernetes API. TLS (1.1), authentication (1.2)
// and authorization (1.3), each probed live: the kubeconfig in use, the API server's TLS
// handshake, requests without credentials, access reviews, impersonation with dry-runs, and
// the RBAC bindings themselves.
import crypto from 'node:crypto';
import tls from 'node:tls';
import {isKubeError} from '../kube/errors.js';
import {objectPath, type KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import type {Change, Check, CheckContext, Evidence, Status} from '../engine/types.js';
import {combine, worst} from '../engine/types.js';
import {apiserverEvidence, controlPlane, flag, hiddenReason} from './control-plane.js';
import {kubelets} from './kubelet.js';
import {allows, bindings, isEverything, isSystemSubject, removeSubjectsPlan, rulesText, subjectText, whereText, type Binding, type Subject} from './rbac.js';
import {activePods, chooseTargets, podSpec} from './util.js';

// ---------------------------------------------------------------------------------------------
// 1.1 TLS for all API traffic

export interface ServingCertificate {
	subject: string;
	issuer: string;
	validFrom: Date;
	validTo: Date;
}

/** The API server's serving certificate, as its TLS handshake presents it (nothing is verified or sent). */
export function servingCertificate(server: string, timeoutMs: number, servername?: string): Promise<ServingCertificate> {
	const url = new URL(server);
	return new Promise((resolve, reject) => {
		const socket = tls.connect({host: url.hostname, port: Number(url.port || 443), servername: servername ?? (/^[\d.]+$|:/.test(url.hostname) ? undefined : url.hostname), rejectUnauthorized: false}, () => {
			const peer = socket.getPeerCertificate();
			socket.end();
			if (!peer || !peer.valid_to) {
				reject(new Error(t('check.api-tls.error.noCertificate')));
				return;
			}
			const name = (part: unknown) => {
				const value = (part as {CN?: string | string[]; O?: string | string[]} | undefined);
				return [value?.CN, value?.O].flat().filter(Boolean).join(', ') || '?';
			};
			resolve({subject: name(peer.subject), issuer: name(peer.issuer), validFrom: new Date(peer.valid_from), validTo: new Date(peer.valid_to)});
		});
		socket.setTimeout(timeoutMs || 30_000, () => socket.destroy(new Error(t('check.api-tls.error.timeout'))));
		socket.on('error', reject);
	});
}

export const day = 24 * 60 * 60 * 1000;

export function certificateEvidence(name: string, certificate: ServingCertificate, now = new Date()): {status: Status; evidence: Evidence[]} {
	const days = Math.floor((certificate.validTo.getTime() - now.getTime()) / day);
	const lifetime = Math.round((certificate.validTo.getTime() - certificate.validFrom.getTime()) / day);
	const detail = t('check.api-tls.ev.certificate', {subject: certificate.subject, issuer: certificate.issuer, until: certificate.validTo.toISOString().slice(0, 10), days, lifetime});
	const status: Status = days < 0 ? 'fail' : days < 30 ? 'warn' : 'pass';
	return {status, evidence: [{kind: 'Certificate', name, detail: status === 'pass' ? detail : `${detail} ${t(days < 0 ? 'check.api-tls.ev.expired' : 'check.api-tls.ev.expiring')}`}]};
}

export const apiTls: Check = {
	id: 'api-tls',
	section: '1.1',
	async probe(context) {
		const target = context.client.target;
		const parts: Array<{status: Status; evidence: Evidence[]}> = [];
		const reasons: string[] = [];
		const kubeconfig = (detail: string, status: Status) => parts.push({status, evidence: [{kind: 'Kubeconfig', name: target.contextName ?? target.clusterName, detail}]});
		const http = target.server.startsWith('http://');
		if (http) {
			kubeconfig(t('check.api-tls.ev.http', {server: target.server}), 'fail');
		}
		if (target.cluster.skipTLSVerify) {
			kubeconfig(t('check.api-tls.ev.skipVerify', {cluster: target.clusterName}), 'fail');
		} else if (!http && !target.cluster.caData && !target.cluster.caFile) {
			kubeconfig(t('check.api-tls.ev.noCa', {cluster: target.clusterName}), 'warn');
		}
		if (!http) {
			try {
				parts.push(certificateEvidence(t('check.api-tls.servingName'), await servingCertificate(target.server, context.client.timeoutMs, target.cluster.tlsServerName)));
			} catch (error) {
				parts.push({status: 'unknown', evidence: []});
				reasons.push(t('check.api-tls.reason.handshake', {error: (error as Error).message}));
			}
		}
		const plane = await controlPlane(context);
		if (plane.apiserver) {
			const apiserver = plane.apiserver;
			const minimum = flag(apiserver, 'tls-min-version');
			if (minimum === 'VersionTLS10' || minimum === 'VersionTLS11') {
				parts.push({status: 'warn', evidence: [apiserverEvidence(plane, t('check.api-tls.ev.oldTls', {version: minimum}))]});
			}
			if (!flag(apiserver, 'kubelet-certificate-authority')) {
				parts.push({status: 'warn', evidence: [apiserverEvidence(plane, t('check.api-tls.ev.noKubeletCa'))]});
			}
			const etcd = (flag(apiserver, 'etcd-servers') ?? '').split(',').filter(url => url.startsWith('http://'));
			if (etcd.length > 0) {
				parts.push({status: 'fail', evidence: [apiserverEvidence(plane, t('check.api-tls.ev.etcdHttp', {urls: etcd.join(', ')}))]});
			}
			const insecure = flag(apiserver, 'insecure-port');
			if (insecure !== undefined && insecure !== '0') {
				parts.push({status: 'fail', evidence: [apiserverEvidence(plane, t('check.api-tls.ev.insecurePort', {port: insecure}))]});
			}
		} else {
			parts.push({status: 'unknown', evidence: []});
			reasons.push(hiddenReason(plane));
		}
		const facts = await kubelets(context);
		for (const read of facts.reads) {
			if ((read.config?.readOnlyPort ?? 0) > 0) {
				parts.push({status: 'fail', evidence: [{kind: 'Node', name: read.node, detail: t('check.kubelet-config.ev.readOnlyPort', {port: read.config!.readOnlyPort!})}]});
			}
		}
		if (facts.reads.length > 0 && facts.reads.every(read => !read.config)) {
			parts.push({status: 'unknown', evidence: []});
			reasons.push(t('check.api-tls.reason.kubelets', {count: facts.reads.length}));
		}
		return combine(parts, 'high', reasons);
	},
};

// ---------------------------------------------------------------------------------------------
// 1.2 Authentication

export const operatorIdentity: Check = {
	id: 'operator-identity',
	section: '1.2',
	async probe(context) {
		const {username, groups, systemMasters, impersonated} = context.identity;
		const detail = t('check.operator-identity.ev.who', {groups: groups.join(', ') || '-'});
		const evidence: Evidence[] = [{kind: 'User', name: username, detail}];
		if (systemMasters) {
			return {status: 'warn', severity: 'medium', evidence, reason: t('check.operator-identity.reason.masters')};
		}
		return {status: 'pass', severity: 'info', evidence, reason: impersonated ? t('check.operator-identity.reason.impersonated', {user: username}) : undefined};
	},
};

/** What an unauthenticated caller gets back: 401 off, 403 on but refused, 200 on and allowed. */
export const anonymousAuth: Check = {
	id: 'anonymous-auth',
	section: '1.2',
	async probe(context) {
		const anonymous = context.client.anonymous();
		try {
			const asked = '/api/v1/namespaces';
			const {status} = await anonymous.request({path: asked, query: {limit: 1}, acceptStatus: [401, 403]});
			const evidence = (detail: string): Evidence[] => [{kind: 'Request', name: `GET ${asked}`, detail}];
			if (status === 401) {
				return {status: 'pass', severity: 'info', evidence: evidence(t('check.anonymous-auth.ev.401')), reason: t('check.anonymous-auth.reason.off')};
			}
			if (status === 403) {
				const plane = await controlPlane(context);
				const flagged = plane.apiserver ? flag(plane.apiserver, 'anonymous-auth') : undefined;
				return {status: 'warn', severity: 'low', evidence: evidence(t('check.anonymous-auth.ev.403')), reason: t('check.anonymous-auth.reason.on', {flag: flagged ?? t('check.anonymous-auth.flagUnseen')})};
			}
			return {status: 'fail', severity: 'critical', evidence: evidence(t('check.anonymous-auth.ev.200')), reason: t('check.anonymous-auth.reason.open')};
		} finally {
			anonymous.close();
		}
	},
};

const anonymousSubjects = (subject: Subject) => (subject.kind === 'User' && subject.name === 'system:anonymous') || (subject.kind === 'Group' && subject.name === 'system:unauthenticated');

/** Bindings Kubernetes and kubeadm create on purpose: the public version/health info and cluster-info for joining nodes. */
const publicBindings = new Set(['system:public-info-viewer', 'kube-public/kubeadm:bootstrap-signer-clusterinfo', 'kube-public/system:controller:bootstrap-signer']);

function anonymousGrants(binding: Binding): Subject[] {
	return publicBindings.has(binding.key) ? [] : binding.subjects.filter(anonymousSubjects);
}

export const anonymousBindings: Check = {
	id: 'anonymous-bindings',
	section: '1.2',
	async probe(context) {
		const found: Evidence[] = [];
		const fixTargets: string[] = [];
		for (const binding of await bindings(context)) {
			const subjects = anonymousGrants(binding);
			if (subjects.length === 0) {
				continue;
			}
			fixTargets.push(binding.key);
			found.push({kind: binding.kind, namespace: binding.namespace, name: binding.object.metadata.name, detail: t('rbac.grant', {subjects: subjects.map(subjectText).join(', '), role: `${binding.roleKind} ${binding.roleName}`, rules: rulesText(binding.rules), where: whereText(binding)})});
		}
		if (found.length === 0) {
			return {status: 'pass', severity: 'info', evidence: [], reason: t('check.anonymous-bindings.pass')};
		}
		return {status: 'fail', severity: 'critical', evidence: found, fixTargets};
	},
	planFix(context, verdict, options) {
		return removeSubjectsPlan('anonymous-bindings', context, verdict, options, anonymousGrants);
	},
};

export const staticCredentials: Check = {
	id: 'static-credentials',
	section: '1.2',
	async probe(context) {
		const plane = await controlPlane(context);
		if (!plane.apiserver) {
			return {status: 'unknown', severity: 'medium', evidence: [], reason: hiddenReason(plane)};
		}
		const found: Evidence[] = [];
		for (const name of ['token-auth-file', 'basic-auth-file']) {
			const value = flag(plane.apiserver, name);
			if (value) {
				found.push(apiserverEvidence(plane, t('check.static-credentials.ev.file', {flag: `--${name}`, file: value})));
			}
		}
		return found.length > 0
			? {status: 'warn', severity: 'high', evidence: found}
			: {status: 'pass', severity: 'info', evidence: [], reason: t('check.static-credentials.pass')};
	},
};

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
			const volumes = (podSpec(pod) as {volumes?: Array<{secret?: {secretName?: string}}>}).volumes ?? [];
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
	const used = lastUsed ? t('check.legacy-sa-tokens.ev.lastUsed', {date: lastUsed}) : t('check.legacy-sa-tokens.ev.neverUsed');
	const invalid = secret.metadata.labels?.[invalidSinceLabel];
	const parts = [t('check.legacy-sa-tokens.ev.token', {account}), used];
	if (invalid) {
		parts.push(t('check.legacy-sa-tokens.ev.invalid', {date: invalid}));
	}
	parts.push(mountedBy.length > 0 ? t('check.legacy-sa-tokens.ev.mounted', {pods: mountedBy.join(', ')}) : unused ? t('check.legacy-sa-tokens.ev.unused', {days: unusedAfterDays}) : t('check.legacy-sa-tokens.ev.recent'));
	return {kind: 'Secret', namespace: secret.metadata.namespace, name: secret.metadata.name, detail: parts.join('; ')};
}

/** Deleting an unused legacy token Secret (the journal keeps its metadata, never its token). */
export function deleteLegacyToken(secret: KubeObject): Change {
	return {
		action: 'delete',
		ref: {apiVersion: 'v1', kind: 'Secret', namespace: secret.metadata.namespace, name: secret.metadata.name},
		resourceVersion: secret.metadata.resourceVersion,
		summary: t('check.legacy-sa-tokens.change', {secret: `${secret.metadata.namespace}/${secret.metadata.name}`, account: secret.metadata.annotations?.['kubernetes.io/service-account.name'] ?? '?'}),
	};
}

export const legacyTokenSecrets: Check = {
	id: 'legacy-sa-tokens',
	section: '1.2',
	async probe(context) {
		const tokens = await legacyTokens(context);
		if (tokens.length === 0) {
			return {status: 'pass', severity: 'info', evidence: [], reason: t('check.legacy-sa-tokens.pass')};
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
			notes.push(t('check.legacy-sa-tokens.note.undo'));
		}
		return {checkId: 'legacy-sa-tokens', changes, notes};
	},
};

// ---------------------------------------------------------------------------------------------
// 1.3 Authorization

export const authorizationMode: Check = {
	id: 'authorization-mode',
	section: '1.3',
	async probe(context) {
		const parts: Array<{status: Status; evidence: Evidence[]}> = [];
		const user = `kubectl-harden-nobody-${crypto.randomBytes(4).toString('hex')}`;
		const {body} = await context.client.request<{status?: {allowed?: boolean; reason?: string}}>({
			method: 'POST',
			path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
			body: {apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: {user, groups: ['system:authenticated'], resourceAttributes: {verb: 'list', resource: 'secrets'}}},
		});
		const allowed = body.status?.allowed === true;
		parts.push({status: allowed ? 'fail' : 'pass', evidence: [{kind: 'SubjectAccessReview', name: user, detail: t(allowed ? 'check.authorization-mode.ev.allowed' : 'check.authorization-mode.ev.refused')}]});
		const plane = await controlPlane(context);
		if (plane.apiserver) {
			const modes = (flag(plane.apiserver, 'authorization-mode') ?? '').split(',').filter(Boolean);
			const config = flag(plane.apiserver, 'authorization-config');
			if (modes.includes('AlwaysAllow')) {
				parts.push({status: 'fail', evidence: [apiserverEvidence(plane, t('check.authorization-mode.ev.flagAlwaysAllow', {modes: modes.join(',')}))]});
			} else if (!config && !modes.includes('Node')) {
				parts.push({status: 'warn', evidence: [apiserverEvidence(plane, t('check.authorization-mode.ev.noNode', {modes: modes.join(',') || t('check.authorization-mode.unset')}))]});
			} else {
				parts.push({status: 'pass', evidence: [apiserverEvidence(plane, t('check.authorization-mode.ev.modes', {modes: config ? `--authorization-config=${config}` : modes.join(',')}))]});
			}
		}
		return combine(parts, 'critical');
	},
};

/**
 * Everything, everywhere: a ClusterRoleBinding to cluster-admin or to a role allowing every
 * verb on every resource. (The same role bound in one namespace makes a namespace owner.)
 */
function grantsEverything(binding: Binding): boolean {
	return binding.kind === 'ClusterRoleBinding' && ((binding.roleName === 'cluster-admin' && binding.roleKind === 'ClusterRole') || isEverything(binding.rules));
}

/** The subjects of a binding that hold everything, and are not Kubernetes' own. */
function adminHolders(binding: Binding): Subject[] {
	return binding.builtIn || !grantsEverything(binding) ? [] : binding.subjects.filter(subject => !isSystemSubject(subject));
}

export const clusterAdminSubjects: Check = {
	id: 'cluster-admin-subjects',
	section: '1.3',
	async probe(context) {
		const found: Evidence[] = [];
		const fixTargets: string[] = [];
		let serviceAccounts = false;
		for (const binding of await bindings(context)) {
			if (!grantsEverything(binding)) {
				continue;
			}
			const flagged = adminHolders(binding);
			for (const subject of binding.subjects) {
				const system = !flagged.includes(subject);
				serviceAccounts ||= !system && subject.kind === 'ServiceAccount';
				found.push({
					kind: binding.kind,
					namespace: binding.namespace,
					name: binding.object.metadata.name,
					detail: `${t('rbac.grantAll', {subject: subjectText(subject), role: `${binding.roleKind} ${binding.roleName}`, where: whereText(binding)})}${system ? ` ${t('check.cluster-admin-subjects.ev.system')}` : subject.kind === 'ServiceAccount' ? ` ${t('check.cluster-admin-subjects.ev.serviceAccount')}` : ''}`,
				});
			}
			if (flagged.length > 0) {
				fixTargets.push(binding.key);
			}
		}
		const status: Status = serviceAccounts ? 'fail' : fixTargets.length > 0 ? 'warn' : 'pass';
		return {status, severity: status === 'fail' ? 'critical' : status === 'warn' ? 'high' : 'info', evidence: found, fixTargets, reason: status === 'pass' ? t('check.cluster-admin-subjects.pass') : undefined};
	},
	planFix(context, verdict, options) {
		// Without a chosen target the fix takes service accounts only: people and groups with
		// cluster-admin are often meant to have it, so they go only when picked one by one.
		const picked = (options.targets ?? []).length > 0;
		return removeSubjectsPlan('cluster-admin-subjects', context, verdict, options, binding => adminHolders(binding).filter(subject => picked || subject.kind === 'ServiceAccount'));
	},
};

/** Permissions that let their holder give itself more (the guide's escalation paths). */
const escalations: Array<{id: string; verb: string; group: string; resources: string[]; clusterOnly?: boolean}> = [
	{id: 'escalate', verb: 'escalate', group: 'rbac.authorization.k8s.io', resources: ['roles', 'clusterroles']},
	{id: 'bind', verb: 'bind', group: 'rbac.authorization.k8s.io', resources: ['roles', 'clusterroles']},
	{id: 'impersonate', verb: 'impersonate', group: '', resources: ['users', 'groups', 'serviceaccounts'], clusterOnly: true},
	{id: 'nodeProxy', verb: 'get', group: '', resources: ['nodes/proxy'], clusterOnly: true},
	{id: 'tokens', verb: 'create', group: '', resources: ['serviceaccounts/token']},
	{id: 'approve', verb: 'update', group: 'certificates.k8s.io', resources: ['certificatesigningrequests/approval'], clusterOnly: true},
	{id: 'pods', verb: 'create', group: '', resources: ['pods']},
	{id: 'workloads', verb: 'create', group: 'apps', resources: ['deployments', 'daemonsets', 'statefulsets', 'replicasets']},
];

export const rbacEscalation: Check = {
	id: 'rbac-escalation',
	section: '1.3',
	async probe(context) {
		const found: Evidence[] = [];
		for (const binding of await bindings(context)) {
			const subjects = binding.subjects.filter(subject => !isSystemSubject(subject));
			// Holders of everything are the cluster-admin check's; Kubernetes' own bindings are expected.
			if (binding.builtIn || subjects.length === 0 || grantsEverything(binding)) {
				continue;
			}
			const paths = escalations.filter(path => {
				// Cluster-scoped resources (users, nodes, certificate requests) are out of a RoleBinding's reach.
				if (path.clusterOnly && binding.namespace) {
					return false;
				}
				// Creating pods or workloads in one's own namespace is ordinary; cluster-wide it reaches every service account.
				if ((path.id === 'pods' || path.id === 'workloads') && binding.namespace && !binding.namespace.startsWith('kube-')) {
					return false;
				}
				return path.resources.some(resource => binding.rules.some(rule => allows(rule, path.verb, path.group, resource)));
			});
			if (paths.length === 0) {
				continue;
			}
			for (const subject of subjects) {
				found.push({
					kind: binding.kind,
					namespace: binding.namespace,
					name: binding.object.metadata.name,
					detail: t('check.rbac-escalation.ev.path', {subject: subjectText(subject), paths: paths.map(path => t(`check.rbac-escalation.path.${path.id}` as Parameters<typeof t>[0])).join('; '), where: whereText(binding), role: `${binding.roleKind} ${binding.roleName}`}),
				});
			}
		}
		return found.length > 0
			? {status: 'warn', severity: 'high', evidence: found}
			: {status: 'pass', severity: 'info', evidence: [], reason: t('check.rbac-escalation.pass')};
	},
};

/** The name a made-up node gets when impersonated (it exists nowhere). */
export const probeNodeName = 'kubectl-harden-probe-node';

export const nodeRestriction: Check = {
	id: 'node-restriction',
	section: '1.3',
	async probe(context) {
		const nodes = await context.snapshot.listAll('v1', 'Node');
		const other = nodes.find(node => node.metadata.name !== probeNodeName);
		if (!other) {
			return {status: 'unknown', severity: 'high', evidence: [], reason: t('check.node-restriction.reason.noNodes')};
		}
		const asNode = context.client.as({user: `system:node:${probeNodeName}`, groups: ['system:nodes', 'system:authenticated']});
		const name = other.metadata.name;
		const evidence = (detail: string): Evidence[] => [{kind: 'Node', name, detail}];
		try {
			await asNode.request({
				method: 'PATCH',
				path: objectPath({apiVersion: 'v1', kind: 'Node', name}),
				query: {dryRun: 'All'},
				body: {metadata: {labels: {'kubectl-harden/probe': 'other-node'}}},
				contentType: 'application/merge-patch+json',
			});
			return {status: 'fail', severity: 'high', evidence: evidence(t('check.node-restriction.ev.allowed', {node: probeNodeName}))};
		} catch (error) {
			if (!isKubeError(error)) {
				throw error;
			}
			if (error.code !== 'forbidden') {
				throw error;
			}
			const detail = error.detail ?? error.message;
			if (/impersonate/i.test(detail) && !/system:node:/.test(detail.replace(`system:node:${probeNodeName}`, ''))) {
				// The operator may not impersonate: nothing was learned about nodes.
				if (/cannot impersonate/i.test(detail)) {
					return {status: 'unknown', severity: 'high', evidence: [], reason: t('check.node-restriction.reason.noImpersonate', {error: error.message})};
				}
			}
			const by = /NodeRestriction|node .* is not allowed to modify node/i.test(detail) ? t('check.node-restriction.by.admission') : t('check.node-restriction.by.authorizer');
			return {status: 'pass', severity: 'info', evidence: evidence(t('check.node-restriction.ev.refused', {node: probeNodeName, by})), reason: detail};
		}
	},
};
