// 4.3 alpha-features: No alpha or off-by-default beta features are switched on.
// The check in one file: its probe and its words (the fix is manual).
import featureGates from '../data/feature-gates.json' with {type: 'json'};
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, type Phrase, because, translation} from '../engine/words.js';
import {kubelets} from '../facts/kubelets.js';
import {metrics} from '../facts/metrics.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'No alpha or off-by-default beta features are switched on',
	risk: 'Alpha features, and the few beta features that ship switched off, are off by default for a reason: they may have security bugs, change without notice, and get fewer fixes. Each one switched on is code that has not had the scrutiny the rest has.',
	attack: 'An attacker looks for the rarely used, lightly tested path (an alpha API or feature gate) where a flaw is most likely and least likely to be patched in time.',
	fix: 'Nothing to change through the API: feature gates and served API versions are API server (and kubelet) flags.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'For each gate or API listed, check that it is really used; otherwise remove it from --feature-gates and --runtime-config on the API server (and featureGates in the KubeletConfiguration).',
	link: `${guideUrl}#restrict-access-to-alpha-or-beta-features`,
	'ev.gate': 'alpha feature gate switched on (from the API server\'s /metrics){what}',
	'ev.beta': 'beta feature gate that is off by default, switched on (from the API server\'s /metrics){what}',
	'ev.kubeletAlpha': 'the kubelet has alpha feature gate {gate} switched on{what}',
	'ev.kubeletBeta': 'the kubelet has {gate}, a beta feature gate off by default, switched on{what}',
	'reason.otherRelease': 'Beta gates that are off by default are known from the table of Kubernetes {table}; this API server is {server}, so only its alpha gates are judged.',
	'reason.kubelets': 'No kubelet answered ({count} asked), so their feature gates are not known.',
	'ev.api': 'alpha API version served',
	pass: 'No alpha (or off-by-default beta) feature gate is on and no alpha API version is served.',
	'reason.metricsRefused': 'The API server\'s /metrics could not be read ({error}), so its feature gates are not known; only served API versions were checked.',
	gateWhat: ': {description}',
	'step.review': 'For each gate or alpha API version listed, find out who switched it on and whether anything still uses it.',
	'step.apiserver': 'On each control-plane node, remove the unused gates from --feature-gates and the alpha API versions from --runtime-config in the static Pod manifests (/etc/kubernetes/manifests on kubeadm; the controller manager and scheduler take --feature-gates too). The kubelet restarts each component when its manifest is saved.',
	'step.kubelet': 'On each node, remove them from featureGates in the kubelet configuration (/var/lib/kubelet/config.yaml on kubeadm) and restart the kubelet.',
	'step.verify': 'Check that no alpha gate is on and no alpha API version is served any more.',
} as const;

const zh = translation(en)({
	title: '沒有開啟任何 Alpha 特性或預設關閉的 Beta 特性',
	risk: 'Alpha 特性，以及少數預設關閉的 Beta 特性，預設關閉是有原因的：它們可能有安全漏洞、可能不經通知就改變，修補也較少。每開啟一個，就多一段沒有像其他程式碼那樣被仔細審查過的程式。',
	attack: '攻擊者專找很少人用、測試不足的路徑（某個 Alpha API 或特性門控），那裡最可能有漏洞，也最不可能及時修補。',
	fix: '這項不能透過 API 修改：特性門控和提供的 API 版本都是 API 伺服器（以及 kubelet）的參數。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '對列出的每個特性門控或 API，確認是否真的有在使用；沒有的話，就從 API 伺服器的 --feature-gates 和 --runtime-config（以及 KubeletConfiguration 的 featureGates）中移除。',
	link: en.link,
	'ev.gate': '開啟了 Alpha 特性門控（依 API 伺服器的 /metrics）{what}',
	'ev.beta': '開啟了預設關閉的 Beta 特性門控（依 API 伺服器的 /metrics）{what}',
	'ev.kubeletAlpha': 'kubelet 開啟了 Alpha 特性門控 {gate}{what}',
	'ev.kubeletBeta': 'kubelet 開啟了 {gate}，這是預設關閉的 Beta 特性門控{what}',
	'reason.otherRelease': '預設關閉的 Beta 特性門控是依 Kubernetes {table} 的表格判斷；這個 API 伺服器是 {server}，因此只判斷它的 Alpha 特性門控。',
	'reason.kubelets': '沒有任何 kubelet 回應（詢問了 {count} 個），因此不知道它們的特性門控。',
	'ev.api': '提供了 Alpha API 版本',
	pass: '沒有開啟任何 Alpha（或預設關閉的 Beta）特性門控，也沒有提供任何 Alpha API 版本。',
	'reason.metricsRefused': '無法讀取 API 伺服器的 /metrics（{error}），因此不知道它的特性門控；只檢查了提供的 API 版本。',
	gateWhat: '：{description}',
	'step.review': '對列出的每個特性門控或 Alpha API 版本，查出是誰開啟的，以及是否還有東西在使用它。',
	'step.apiserver': '在每個控制平面節點上，從靜態 Pod 清單（kubeadm 在 /etc/kubernetes/manifests）的 --feature-gates 移除不用的特性門控，從 --runtime-config 移除 Alpha API 版本（控制器管理器和排程器也有 --feature-gates）。清單存檔後 kubelet 會重新啟動該元件。',
	'step.kubelet': '在每個節點上，從 kubelet 設定（kubeadm 為 /var/lib/kubelet/config.yaml）的 featureGates 中移除它們，然後重新啟動 kubelet。',
	'step.verify': '確認不再有任何 Alpha 特性門控開啟，也不再提供任何 Alpha API 版本。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('alpha-features', words);

export interface FeatureGate {
	stage: string;
	default: boolean;
	description: string;
}

/** Feature gates of one Kubernetes release as its source declares them (scripts/feature-table.mjs). */
export const featureTable: {generated: string; version: string; minor: string; gates: Record<string, FeatureGate>} = featureGates;

/** A beta gate that is off unless someone turns it on: as much a deliberate choice as an alpha one. */
function offByDefaultBeta(name: string): boolean {
	const gate = featureTable.gates[name];
	return gate?.stage === 'BETA' && !gate.default;
}

function gateText(name: string): string {
	const description = featureTable.gates[name]?.description;
	return description ? say('gateWhat', {description}) : '';
}

export const alphaFeatures: Check = {
	id: 'alpha-features',
	section: '4.3',
	words,
	steps: [
		{id: 'review', text: 'step.review', command: 'kubectl get --raw /metrics | grep -e \'stage="ALPHA"} 1$\'\nkubectl api-versions | grep alpha'},
		{id: 'apiserver', text: 'step.apiserver', command: 'grep -n -e --feature-gates -e --runtime-config /etc/kubernetes/manifests/*.yaml'},
		{id: 'kubelet', text: 'step.kubelet', command: 'grep -n -A10 featureGates /var/lib/kubelet/config.yaml\nsystemctl restart kubelet'},
		{id: 'verify', text: 'step.verify', command: 'kubectl get --raw /metrics | grep -e \'stage="ALPHA"} 1$\'\nkubectl api-versions | grep alpha'},
	],
	seeIt: [
		'kubectl get --raw /metrics | grep -e \'stage="ALPHA"} 1$\'',
		'kubectl api-versions | grep alpha',
		'kubectl get --raw /api/v1/nodes/<node>/proxy/configz',
	],
	async probe(context) {
		const found: Evidence[] = [];
		const reasons: Phrase[] = [];
		const {samples, error} = await metrics(context);
		const gitVersion = samples.find(sample => sample.name === 'kubernetes_build_info')?.labels['git_version'];
		const minor = /^v?(\d+\.\d+)\./.exec(gitVersion ?? '')?.[1];
		const betaJudged = minor === featureTable.minor;
		if (!error && !betaJudged) {
			reasons.push(say.code('reason.otherRelease', {server: gitVersion ?? '?', table: featureTable.minor}));
		}
		for (const sample of samples) {
			if (sample.name !== 'kubernetes_feature_enabled' || sample.value !== 1) {
				continue;
			}
			const name = sample.labels['name'] ?? '?';
			if (sample.labels['stage'] === 'ALPHA') {
				found.push({kind: 'FeatureGate', name, ...say.line('ev.gate', {what: gateText(name)})});
			} else if (sample.labels['stage'] === 'BETA' && betaJudged && offByDefaultBeta(name)) {
				found.push({kind: 'FeatureGate', name, ...say.line('ev.beta', {what: gateText(name)})});
			}
		}
		const {body} = await context.snapshot.request<{groups?: Array<{name: string; versions?: Array<{version: string}>}>}>({path: '/apis'});
		for (const group of body.groups ?? []) {
			for (const version of group.versions ?? []) {
				if (/alpha/.test(version.version)) {
					found.push({kind: 'APIVersion', name: `${group.name}/${version.version}`, ...say.line('ev.api')});
				}
			}
		}
		// Kubelets: gates switched on in their configuration.
		const facts = await kubelets(context);
		for (const read of facts.reads) {
			const on = Object.entries(read.config?.featureGates ?? {}).filter(([name, enabled]) => enabled && (featureTable.gates[name]?.stage === 'ALPHA' || offByDefaultBeta(name))).map(([name]) => name).sort();
			for (const name of on) {
				found.push({kind: 'Node', name: read.node, ...say.line(featureTable.gates[name]?.stage === 'ALPHA' ? 'ev.kubeletAlpha' : 'ev.kubeletBeta', {gate: name, what: gateText(name)})});
			}
		}
		if (facts.reads.length > 0 && facts.reads.every(read => !read.config)) {
			reasons.push(say.code('reason.kubelets', {count: facts.reads.length}));
		}
		if (error) {
			return {status: found.length > 0 ? 'warn' : 'unknown', severity: 'medium', evidence: found, ...because([say.code('reason.metricsRefused', {error}), ...reasons])};
		}
		if (found.length > 0) {
			return {status: 'warn', severity: 'medium', evidence: found, ...because(reasons)};
		}
		// Nothing on at the API server, but the kubelets could not be asked: not a pass.
		const kubeletsUnread = facts.reads.length > 0 && facts.reads.every(read => !read.config);
		return {status: kubeletsUnread ? 'unknown' : 'pass', severity: kubeletsUnread ? 'medium' : 'info', evidence: [], ...because([say.code('pass'), ...reasons])};
	},
};
