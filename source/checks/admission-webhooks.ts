// 4.5 admission-webhooks: Admission webhooks and aggregated APIs are trustworthy.
// The check in one file: its probe and its words (the fix is manual).
import type {V1APIServiceSpec, V1MutatingWebhook, V1ValidatingWebhook} from '@kubernetes/client-node';
import {type Check, type Evidence, type Status, combine} from '../engine/types.js';
import {type Words, sayer, type Phrase, line} from '../engine/words.js';
import {guideUrl} from '../facts/util.js';
import {isKubeError} from '../kube/errors.js';
import type {KubeObject} from '../kube/objects.js';

const en = {
	title: 'Admission webhooks and aggregated APIs are trustworthy',
	risk: 'Every admission webhook sees (and a mutating one may change) the objects sent to the API, Secrets included when its rules say so; an aggregated API answers in the API server\'s name. A webhook that catches everything is a wiretap and a single point of failure; a policy webhook set to Ignore lets requests through whenever it is down.',
	attack: 'An attacker who controls a webhook\'s service reads every Secret as it is written, or injects a sidecar into every pod; one who can crash a policy webhook with failurePolicy Ignore creates the pods it would have refused.',
	fix: 'Nothing is changed automatically: webhooks belong to the add-ons that installed them, and changing them can stop every write in the cluster.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Review each listed webhook with its owner: narrow its rules to the groups and resources it needs, exclude kube-system with a namespaceSelector, set failurePolicy: Fail on webhooks that enforce security, and give URL webhooks a caBundle. Remove webhooks and APIServices of add-ons no longer in use; never use insecureSkipTLSVerify on an APIService.',
	link: `${guideUrl}#review-third-party-integrations-before-enabling-them`,
	'ev.webhook': 'webhook {webhook} calls {where} (failurePolicy {policy})',
	'ev.everything': 'sees every resource in every namespace, Secrets included',
	'ev.everythingMutating': 'sees and may change every resource in every namespace, Secrets included',
	'ev.ignore': 'looks like a security policy but fails open (failurePolicy Ignore): while it is down, everything is admitted',
	'ev.noCa': 'an external URL with no caBundle: trusted through the API server\'s system roots only',
	'ev.apiService': 'aggregated API served by {service}, TLS verified with its caBundle',
	'ev.apiSkipVerify': 'aggregated API served by {service} with insecureSkipTLSVerify: anyone who can stand in for that service answers in the API server\'s name',
	'ev.apiNoCa': 'aggregated API served by {service} without a caBundle',
	'reason.refused': '{kind} objects could not be listed ({error}).',
	pass: 'No admission webhook and no aggregated API is installed: every request is handled by the API server alone.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('admission-webhooks', words);

/** A validating or mutating webhook, as its configuration lists it. */
type Webhook = V1ValidatingWebhook | V1MutatingWebhook;

/** Webhooks that look like they enforce security policy (a failure to call them must not let requests through). */
const securityName = /polic|secur|gatekeeper|kyverno|opa|psp|pod-?security|admission-control|image-?verif|cosign|sigstore|falco/i;

function coversEverything(webhook: Webhook): boolean {
	const empty = (selector: Webhook['namespaceSelector']) => !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
	return (webhook.rules ?? []).some(rule => (rule.apiGroups ?? []).includes('*') && (rule.resources ?? []).some(resource => resource === '*' || resource === '*/*'))
		&& empty(webhook.namespaceSelector) && empty(webhook.objectSelector);
}

function webhookPart(configuration: KubeObject, webhook: Webhook): {status: Status; evidence: Evidence[]} {
	const problems: Phrase[] = [];
	let status: Status = 'pass';
	const mutating = configuration.kind === 'MutatingWebhookConfiguration';
	const where = webhook.clientConfig?.url ?? `service ${webhook.clientConfig?.service?.namespace ?? '?'}/${webhook.clientConfig?.service?.name ?? '?'}`;
	if (coversEverything(webhook)) {
		problems.push(say.code(mutating ? 'ev.everythingMutating' : 'ev.everything'));
		status = 'warn';
	}
	if (webhook.failurePolicy === 'Ignore' && securityName.test(`${configuration.metadata.name} ${webhook.name}`)) {
		problems.push(say.code('ev.ignore'));
		status = 'warn';
	}
	if (webhook.clientConfig?.url && !webhook.clientConfig.caBundle) {
		problems.push(say.code('ev.noCa'));
		status = 'warn';
	}
	const head = say.code('ev.webhook', {webhook: webhook.name, where, policy: webhook.failurePolicy ?? 'Fail'});
	const detail = problems.length > 0 ? `${head.text}: ${problems.map(problem => problem.text).join('; ')}` : head.text;
	return {status, evidence: [{kind: configuration.kind, name: configuration.metadata.name, ...line([head, ...problems]), detail}]};
}

function apiServicePart(service: KubeObject): {status: Status; evidence: Evidence[]} | undefined {
	const spec = (service['spec'] ?? {}) as Partial<V1APIServiceSpec>;
	if (!spec.service) {
		return undefined; // Served by the API server itself.
	}
	const where = `${spec.service.namespace ?? '?'}/${spec.service.name ?? '?'}`;
	if (spec.insecureSkipTLSVerify) {
		return {status: 'fail', evidence: [{kind: 'APIService', name: service.metadata.name, ...say.line('ev.apiSkipVerify', {service: where})}]};
	}
	if (!spec.caBundle) {
		return {status: 'warn', evidence: [{kind: 'APIService', name: service.metadata.name, ...say.line('ev.apiNoCa', {service: where})}]};
	}
	return {status: 'pass', evidence: [{kind: 'APIService', name: service.metadata.name, ...say.line('ev.apiService', {service: where})}]};
}

export const admissionWebhooks: Check = {
	id: 'admission-webhooks',
	section: '4.5',
	words,
	async probe(context) {
		const parts: Array<{status: Status; evidence: Evidence[]}> = [];
		const reasons: Phrase[] = [];
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
				reasons.push(say.code('reason.refused', {kind, error: error.message}));
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
		return verdict.status === 'pass' && verdict.evidence.length === 0 ? {...verdict, ...say.reason('pass')} : verdict;
	},
};
