// 4.5 admission-webhooks: Admission webhooks and aggregated APIs are trustworthy.
// The check in one file: its probe and its words (the fix is manual).
import type {V1APIServiceSpec, V1MutatingWebhook, V1ValidatingWebhook} from '@kubernetes/client-node';
import {type Check, type Evidence, type Status, combine} from '../engine/types.js';
import {type Words, sayer, type Phrase, line, translation} from '../engine/words.js';
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
	service: 'service {service}',
	detail: '{head}: {problems}',
	'step.review': 'List the webhooks and aggregated APIs, and find the add-on that owns each (its labels and namespace usually tell).',
	'step.narrow': 'With the owner, narrow each webhook\'s rules to the groups, resources and operations it needs, and keep kube-system out with a namespaceSelector. Change it in the add-on\'s own chart or manifests, or its next upgrade puts it back.',
	'step.failClosed': 'Set failurePolicy: Fail on webhooks that enforce security, and give every URL webhook a caBundle for its server\'s certificate.',
	'step.cleanup': 'Remove the webhooks and APIServices of add-ons no longer in use, and replace an APIService with insecureSkipTLSVerify by one with a caBundle.',
} as const;

const zh = translation(en)({
	title: '准入 Webhook 與聚合 API 值得信任',
	risk: '每個准入 Webhook 都會看到送進 API 的物件（變更型的還可以修改它們），只要規則涵蓋就包括 Secret；聚合 API 則以 API 伺服器的名義回應。攔截一切的 Webhook 既是竊聽器，也是單點故障；設為 Ignore 的策略 Webhook 只要停擺，請求就會直接通過。',
	attack: '控制某個 Webhook 服務的攻擊者，可以在每個 Secret 寫入時讀取它，或在每個 Pod 注入邊車容器；能讓 failurePolicy 為 Ignore 的策略 Webhook 當機的人，就能建立原本會被拒絕的 Pod。',
	fix: '不做任何自動變更：Webhook 屬於安裝它們的附加元件，改動它們可能讓叢集中所有寫入都停擺。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '和負責人逐一檢查列出的 Webhook：把規則縮小到它需要的群組和資源，用 namespaceSelector 排除 kube-system，執行安全策略的 Webhook 設定 failurePolicy: Fail，URL 型的 Webhook 要提供 caBundle。移除不再使用的附加元件留下的 Webhook 和 APIService；APIService 絕不要使用 insecureSkipTLSVerify。',
	link: en.link,
	'ev.webhook': 'Webhook {webhook} 呼叫 {where}（failurePolicy {policy}）',
	'ev.everything': '看得到所有名字空間中的所有資源，包括 Secret',
	'ev.everythingMutating': '看得到、也能修改所有名字空間中的所有資源，包括 Secret',
	'ev.ignore': '看起來是安全策略，卻在失敗時放行（failurePolicy Ignore）：它停擺期間，一切請求都會被准入',
	'ev.noCa': '外部 URL 且沒有 caBundle：只靠 API 伺服器的系統根證書來信任',
	'ev.apiService': '由 {service} 提供的聚合 API，以其 caBundle 驗證 TLS',
	'ev.apiSkipVerify': '由 {service} 提供的聚合 API 設定了 insecureSkipTLSVerify：任何能冒充該服務的人，都能以 API 伺服器的名義回應',
	'ev.apiNoCa': '由 {service} 提供的聚合 API 沒有 caBundle',
	'reason.refused': '無法列出 {kind} 物件（{error}）。',
	pass: '沒有安裝任何准入 Webhook 或聚合 API：每個請求都只由 API 伺服器自己處理。',
	service: 'Service {service}',
	detail: '{head}：{problems}',
	'step.review': '列出 Webhook 和聚合 API，找出每一個屬於哪個附加元件（通常從它的標籤和名字空間就看得出來）。',
	'step.narrow': '和負責人一起，把每個 Webhook 的規則縮小到它需要的群組、資源和操作，並用 namespaceSelector 排除 kube-system。請在附加元件自己的 chart 或清單中修改，否則下次升級又會改回來。',
	'step.failClosed': '執行安全策略的 Webhook 設定 failurePolicy: Fail，每個 URL 型的 Webhook 都要提供能驗證其伺服器證書的 caBundle。',
	'step.cleanup': '移除不再使用的附加元件留下的 Webhook 和 APIService，並把設定了 insecureSkipTLSVerify 的 APIService 換成帶 caBundle 的。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
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
	const where = webhook.clientConfig?.url ?? say('service', {service: `${webhook.clientConfig?.service?.namespace ?? '?'}/${webhook.clientConfig?.service?.name ?? '?'}`});
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
	const detail = problems.length > 0 ? say('detail', {head: head.text, problems: problems.map(problem => problem.text).join('; ')}) : head.text;
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
	steps: [
		{id: 'review', text: 'step.review', command: 'kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations --show-labels\nkubectl get apiservices'},
		{id: 'narrow', text: 'step.narrow', command: 'rules:\n- apiGroups: ["apps"]\n  apiVersions: ["v1"]\n  operations: ["CREATE", "UPDATE"]\n  resources: ["deployments"]\nnamespaceSelector:\n  matchExpressions:\n  - key: kubernetes.io/metadata.name\n    operator: NotIn\n    values: ["kube-system"]'},
		{id: 'failClosed', text: 'step.failClosed', command: 'failurePolicy: Fail\nclientConfig:\n  url: https://<webhook-host>/<path>\n  caBundle: <base64 PEM of the CA that signed the webhook server\'s certificate>'},
		{id: 'cleanup', text: 'step.cleanup', command: "kubectl get apiservices -o 'custom-columns=NAME:.metadata.name,NAMESPACE:.spec.service.namespace,SERVICE:.spec.service.name,SKIP-VERIFY:.spec.insecureSkipTLSVerify'\nkubectl delete validatingwebhookconfiguration <name>\nkubectl delete mutatingwebhookconfiguration <name>\nkubectl delete apiservice <name>"},
	],
	seeIt: [
		"kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o 'custom-columns=KIND:.kind,NAME:.metadata.name,WEBHOOKS:.webhooks[*].name,FAILURE-POLICY:.webhooks[*].failurePolicy,URL:.webhooks[*].clientConfig.url'",
		'kubectl get mutatingwebhookconfigurations,validatingwebhookconfigurations -o yaml',
		"kubectl get apiservices -o 'custom-columns=NAME:.metadata.name,NAMESPACE:.spec.service.namespace,SERVICE:.spec.service.name,SKIP-VERIFY:.spec.insecureSkipTLSVerify'",
	],
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
