// Guide section 4.5: what third-party integrations (and the people who install them) were
// given. Who can read every Secret, who can start pods next to the control plane's own, who can
// run privileged pods because their namespace enforces nothing, and the admission webhooks and
// aggregated APIs that every request may pass through.
import type {KubeObject} from '../kube/objects.js';
import {isKubeError} from '../kube/errors.js';
import {t} from '../messages/catalog.js';
import type {Check, Evidence, Status} from '../engine/types.js';
import {combine, isSystemNamespace} from '../engine/types.js';
import {allows, bindings, isEverything, isSystemSubject, removeSubjectsPlan, subjectText, whereText, type Binding, type Subject} from './rbac.js';

const podCreation: Array<{group: string; resource: string}> = [
	{group: '', resource: 'pods'},
	...['deployments', 'daemonsets', 'statefulsets', 'replicasets'].map(resource => ({group: 'apps', resource})),
	...['jobs', 'cronjobs'].map(resource => ({group: 'batch', resource})),
];

function canCreatePods(binding: Binding): string[] {
	return podCreation.filter(({group, resource}) => binding.rules.some(rule => allows(rule, 'create', group, resource))).map(({resource}) => resource);
}

function readsSecrets(binding: Binding): string[] {
	return ['get', 'list', 'watch'].filter(verb => binding.rules.some(rule => allows(rule, verb, '', 'secrets')));
}

/** Holders of everything are the cluster-admin check's (1.3); Kubernetes' own bindings are expected. */
function candidates(binding: Binding): Subject[] {
	const everything = binding.kind === 'ClusterRoleBinding' && ((binding.roleKind === 'ClusterRole' && binding.roleName === 'cluster-admin') || isEverything(binding.rules));
	return binding.builtIn || everything ? [] : binding.subjects.filter(subject => !isSystemSubject(subject));
}

/** Subjects flagged in a binding: reading Secrets cluster-wide, or creating pods where kube-* namespaces are reached. */
function flagged(binding: Binding): {subjects: Subject[]; secrets: string[]; pods: string[]} {
	const subjects = candidates(binding);
	const reads = readsSecrets(binding);
	const secrets = binding.kind === 'ClusterRoleBinding' && reads.some(verb => verb === 'list' || verb === 'watch') ? reads : [];
	const reachesSystem = binding.kind === 'ClusterRoleBinding' || (binding.namespace?.startsWith('kube-') ?? false);
	const pods = reachesSystem ? canCreatePods(binding) : [];
	return {subjects: secrets.length > 0 || pods.length > 0 ? subjects : [], secrets, pods};
}

const enforcing = new Set(['baseline', 'restricted']);

export const integrationAccess: Check = {
	id: 'integration-access',
	section: '4.5',
	async probe(context) {
		const parts: Array<{status: Status; evidence: Evidence[]}> = [];
		const fixTargets: string[] = [];
		const all = await bindings(context);
		for (const binding of all) {
			const {subjects, secrets, pods} = flagged(binding);
			for (const subject of subjects) {
				const account = subject.kind === 'ServiceAccount';
				const role = `${binding.roleKind} ${binding.roleName}`;
				const what = [
					secrets.length > 0 ? t('check.integration-access.ev.secrets', {verbs: secrets.join(', ')}) : '',
					pods.length > 0 ? t(binding.namespace ? 'check.integration-access.ev.podsSystem' : 'check.integration-access.ev.podsEverywhere', {resources: pods.join(', '), namespace: binding.namespace ?? ''}) : '',
				].filter(Boolean).join('; ');
				parts.push({status: account ? 'fail' : 'warn', evidence: [{
					kind: binding.kind, namespace: binding.namespace, name: binding.object.metadata.name,
					detail: t('check.integration-access.ev.grant', {subject: subjectText(subject), what, role, where: whereText(binding)}) + (account ? ` ${t('check.integration-access.ev.serviceAccount')}` : ''),
				}]});
			}
			if (subjects.length > 0) {
				fixTargets.push(binding.key);
			}
		}
		// Namespaces with no Pod Security enforcement, where someone other than an admin can start pods.
		const namespaces = await context.snapshot.namespaces();
		const open = new Map(namespaces
			.filter(namespace => !isSystemNamespace(namespace.metadata.name) && !enforcing.has(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'] ?? ''))
			.map(namespace => [namespace.metadata.name, namespace]));
		for (const binding of all) {
			if (!binding.namespace || !open.has(binding.namespace) || binding.roleName === 'admin') {
				continue;
			}
			const subjects = candidates(binding);
			const pods = canCreatePods(binding);
			if (subjects.length === 0 || pods.length === 0) {
				continue;
			}
			parts.push({status: 'warn', evidence: [{
				kind: 'Namespace', name: binding.namespace,
				detail: t('check.integration-access.ev.privileged', {subjects: subjects.map(subjectText).join(', '), binding: `${binding.kind} ${binding.key}`, resources: pods.join(', ')}),
			}]});
		}
		const verdict = combine(parts, 'high');
		return {...verdict, fixTargets: fixTargets.length > 0 ? fixTargets : undefined, reason: verdict.status === 'pass' ? t('check.integration-access.pass') : undefined};
	},
	planFix(context, verdict, options) {
		return removeSubjectsPlan('integration-access', context, verdict, options, binding => flagged(binding).subjects);
	},
};

interface Webhook {
	name: string;
	failurePolicy?: string;
	clientConfig?: {url?: string; caBundle?: string; service?: {namespace?: string; name?: string}};
	rules?: Array<{apiGroups?: string[]; resources?: string[]; operations?: string[]}>;
	namespaceSelector?: {matchLabels?: Record<string, string>; matchExpressions?: unknown[]};
	objectSelector?: {matchLabels?: Record<string, string>; matchExpressions?: unknown[]};
}

/** Webhooks that look like they enforce security policy (a failure to call them must not let requests through). */
const securityName = /polic|secur|gatekeeper|kyverno|opa|psp|pod-?security|admission-control|image-?verif|cosign|sigstore|falco/i;

function coversEverything(webhook: Webhook): boolean {
	const empty = (selector: Webhook['namespaceSelector']) => !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
	return (webhook.rules ?? []).some(rule => (rule.apiGroups ?? []).includes('*') && (rule.resources ?? []).some(resource => resource === '*' || resource === '*/*'))
		&& empty(webhook.namespaceSelector) && empty(webhook.objectSelector);
}

function webhookPart(configuration: KubeObject, webhook: Webhook): {status: Status; evidence: Evidence[]} {
	const problems: string[] = [];
	let status: Status = 'pass';
	const mutating = configuration.kind === 'MutatingWebhookConfiguration';
	const where = webhook.clientConfig?.url ?? `service ${webhook.clientConfig?.service?.namespace ?? '?'}/${webhook.clientConfig?.service?.name ?? '?'}`;
	if (coversEverything(webhook)) {
		problems.push(t(mutating ? 'check.admission-webhooks.ev.everythingMutating' : 'check.admission-webhooks.ev.everything'));
		status = 'warn';
	}
	if (webhook.failurePolicy === 'Ignore' && securityName.test(`${configuration.metadata.name} ${webhook.name}`)) {
		problems.push(t('check.admission-webhooks.ev.ignore'));
		status = 'warn';
	}
	if (webhook.clientConfig?.url && !webhook.clientConfig.caBundle) {
		problems.push(t('check.admission-webhooks.ev.noCa'));
		status = 'warn';
	}
	const detail = `${t('check.admission-webhooks.ev.webhook', {webhook: webhook.name, where, policy: webhook.failurePolicy ?? 'Fail'})}${problems.length > 0 ? `: ${problems.join('; ')}` : ''}`;
	return {status, evidence: [{kind: configuration.kind, name: configuration.metadata.name, detail}]};
}

function apiServicePart(service: KubeObject): {status: Status; evidence: Evidence[]} | undefined {
	const spec = (service['spec'] ?? {}) as {service?: {namespace?: string; name?: string}; insecureSkipTLSVerify?: boolean; caBundle?: string; group?: string; version?: string};
	if (!spec.service) {
		return undefined; // Served by the API server itself.
	}
	const where = `${spec.service.namespace ?? '?'}/${spec.service.name ?? '?'}`;
	if (spec.insecureSkipTLSVerify) {
		return {status: 'fail', evidence: [{kind: 'APIService', name: service.metadata.name, detail: t('check.admission-webhooks.ev.apiSkipVerify', {service: where})}]};
	}
	if (!spec.caBundle) {
		return {status: 'warn', evidence: [{kind: 'APIService', name: service.metadata.name, detail: t('check.admission-webhooks.ev.apiNoCa', {service: where})}]};
	}
	return {status: 'pass', evidence: [{kind: 'APIService', name: service.metadata.name, detail: t('check.admission-webhooks.ev.apiService', {service: where})}]};
}

export const admissionWebhooks: Check = {
	id: 'admission-webhooks',
	section: '4.5',
	async probe(context) {
		const parts: Array<{status: Status; evidence: Evidence[]}> = [];
		const reasons: string[] = [];
		const sources: Array<[string, string]> = [
			['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
			['admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration'],
			['apiregistration.k8s.io/v1', 'APIService'],
		];
		for (const [apiVersion, kind] of sources) {
			let items: KubeObject[];
			try {
				items = await context.snapshot.listAll(apiVersion, kind);
			} catch (error) {
				if (!isKubeError(error)) {
					throw error;
				}
				parts.push({status: 'unknown', evidence: []});
				reasons.push(t('check.admission-webhooks.reason.refused', {kind, error: error.message}));
				continue;
			}
			for (const item of items) {
				if (kind === 'APIService') {
					const part = apiServicePart(item);
					if (part) {
						parts.push(part);
					}
				} else {
					for (const webhook of (item['webhooks'] ?? []) as Webhook[]) {
						parts.push(webhookPart(item, webhook));
					}
				}
			}
		}
		const verdict = combine(parts, 'medium', reasons);
		return verdict.status === 'pass' && verdict.evidence.length === 0 ? {...verdict, reason: t('check.admission-webhooks.pass')} : verdict;
	},
};
