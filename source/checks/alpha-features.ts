// 4.3 alpha-features: No alpha or off-by-default beta features are switched on.
// The check in one file: its probe and its words (the fix is manual).
import featureGates from '../data/feature-gates.json' with {type: 'json'};
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, type Phrase, because} from '../engine/words.js';
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
} as const;

export const words: Words<typeof en> = {en};
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
	return description ? `: ${description}` : '';
}

export const alphaFeatures: Check = {
	id: 'alpha-features',
	section: '4.3',
	words,
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
