// Guide section 4: protecting cluster components. The API server's own /metrics is live
// evidence (audit events recorded, feature gates switched on); its mirror pod's flags say how
// it was configured where they are visible.
import {isKubeError} from '../kube/errors.js';
import {t} from '../messages/catalog.js';
import type {Check, CheckContext, Evidence} from '../engine/types.js';
import {apiserverEvidence, controlPlane, flag} from './control-plane.js';

export interface Sample {
	name: string;
	labels: Record<string, string>;
	value: number;
}

/** Prometheus text format, the lines that carry samples. */
export function parseMetrics(text: string): Sample[] {
	const samples: Sample[] = [];
	for (const line of text.split('\n')) {
		if (!line || line.startsWith('#')) {
			continue;
		}
		const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
		if (!match) {
			continue;
		}
		const labels: Record<string, string> = {};
		for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
			labels[pair[1]!] = pair[2]!;
		}
		samples.push({name: match[1]!, labels, value: Number(match[3])});
	}
	return samples;
}

/** The API server's /metrics, read once per run; the error when it may not be read. */
export function metrics(context: CheckContext): Promise<{samples: Sample[]; error?: string | undefined}> {
	return context.snapshot.once('metrics', async () => {
		try {
			const {body} = await context.client.request<string>({path: '/metrics', text: true});
			return {samples: parseMetrics(body)};
		} catch (error) {
			if (!isKubeError(error)) {
				throw error;
			}
			return {samples: [], error: error.message};
		}
	});
}

export const auditLogging: Check = {
	id: 'audit-logging',
	section: '4.2',
	async probe(context) {
		const found: Evidence[] = [];
		const {samples, error} = await metrics(context);
		const events = samples.filter(sample => sample.name === 'apiserver_audit_event_total');
		const plane = await controlPlane(context);
		const policy = plane.apiserver ? flag(plane.apiserver, 'audit-policy-file') : undefined;
		const backend = plane.apiserver ? flag(plane.apiserver, 'audit-log-path') ?? flag(plane.apiserver, 'audit-webhook-config-file') : undefined;
		if (plane.apiserver) {
			found.push(apiserverEvidence(plane, policy
				? t('check.audit-logging.ev.flags', {policy, backend: backend ?? t('check.audit-logging.noBackend')})
				: t('check.audit-logging.ev.noPolicy')));
		}
		if (error || events.length === 0) {
			const reason = error ? t('check.audit-logging.reason.metricsRefused', {error}) : t('check.audit-logging.reason.noMetric');
			return plane.apiserver && !policy
				? {status: 'fail', severity: 'high', evidence: found, reason}
				: {status: 'unknown', severity: 'high', evidence: found, reason};
		}
		const total = events.reduce((sum, sample) => sum + sample.value, 0);
		found.unshift({kind: 'Metric', name: 'apiserver_audit_event_total', detail: t('check.audit-logging.ev.events', {count: total})});
		if (total === 0) {
			return {status: 'fail', severity: 'high', evidence: found, reason: t('check.audit-logging.reason.none')};
		}
		return {status: 'pass', severity: 'info', evidence: found, reason: t('check.audit-logging.reason.recording', {count: total})};
	},
};

export const alphaFeatures: Check = {
	id: 'alpha-features',
	section: '4.3',
	async probe(context) {
		const found: Evidence[] = [];
		const {samples, error} = await metrics(context);
		for (const sample of samples) {
			if (sample.name === 'kubernetes_feature_enabled' && sample.labels['stage'] === 'ALPHA' && sample.value === 1) {
				found.push({kind: 'FeatureGate', name: sample.labels['name'] ?? '?', detail: t('check.alpha-features.ev.gate')});
			}
		}
		const {body} = await context.client.request<{groups?: Array<{name: string; versions?: Array<{version: string}>}>}>({path: '/apis'});
		for (const group of body.groups ?? []) {
			for (const version of group.versions ?? []) {
				if (/alpha/.test(version.version)) {
					found.push({kind: 'APIVersion', name: `${group.name}/${version.version}`, detail: t('check.alpha-features.ev.api')});
				}
			}
		}
		if (error) {
			return {status: found.length > 0 ? 'warn' : 'unknown', severity: 'medium', evidence: found, reason: t('check.alpha-features.reason.metricsRefused', {error})};
		}
		return found.length > 0
			? {status: 'warn', severity: 'medium', evidence: found}
			: {status: 'pass', severity: 'info', evidence: [], reason: t('check.alpha-features.pass')};
	},
};
