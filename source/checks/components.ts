// Guide section 4: protecting cluster components. The API server's own /metrics is live
// evidence (audit events recorded, feature gates switched on); its mirror pod's flags say how
// it was configured where they are visible.
import {isKubeError} from '../kube/errors.js';
import {t} from '../messages/catalog.js';
import type {Check, CheckContext, Evidence, Status} from '../engine/types.js';
import {combine} from '../engine/types.js';
import featureGates from '../data/feature-gates.json' with {type: 'json'};
import {apiserverEvidence, controlPlane, flag, hiddenReason} from './control-plane.js';
import {kubelets} from './kubelet.js';


export interface Sample {
	name: string;
	labels: Record<string, string>;
	value: number;
}

/**
 * Prometheus text format, the lines that carry samples. With `keep`, only the lines it accepts
 * are parsed (an API server's /metrics runs to megabytes; the checks need a few families).
 */
export function parseMetrics(text: string, keep: (line: string) => boolean = () => true): Sample[] {
	const samples: Sample[] = [];
	for (const line of text.split('\n')) {
		if (!line || line.startsWith('#') || !keep(line)) {
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

/** The metric families section 4 reads; of apiserver_request_total, only the Secret lines. */
const wanted = ['kubernetes_feature_enabled', 'kubernetes_build_info', 'apiserver_audit_event_total', 'apiserver_encryption_config_controller_', 'apiserver_storage_transformation_'];

export function neededLine(line: string): boolean {
	return wanted.some(prefix => line.startsWith(prefix)) || (line.startsWith('apiserver_request_total{') && line.includes('resource="secrets"'));
}

/** The API server's /metrics, read once per run; the error when it may not be read. */
export function metrics(context: CheckContext): Promise<{samples: Sample[]; error?: string | undefined}> {
	return context.snapshot.once('metrics', async () => {
		try {
			const {body} = await context.client.request<string>({path: '/metrics', text: true});
			return {samples: parseMetrics(body, neededLine)};
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
	async probe(context) {
		const found: Evidence[] = [];
		const reasons: string[] = [];
		const {samples, error} = await metrics(context);
		const gitVersion = samples.find(sample => sample.name === 'kubernetes_build_info')?.labels['git_version'];
		const minor = /^v?(\d+\.\d+)\./.exec(gitVersion ?? '')?.[1];
		const betaJudged = minor === featureTable.minor;
		if (!error && !betaJudged) {
			reasons.push(t('check.alpha-features.reason.otherRelease', {server: gitVersion ?? '?', table: featureTable.minor}));
		}
		for (const sample of samples) {
			if (sample.name !== 'kubernetes_feature_enabled' || sample.value !== 1) {
				continue;
			}
			const name = sample.labels['name'] ?? '?';
			if (sample.labels['stage'] === 'ALPHA') {
				found.push({kind: 'FeatureGate', name, detail: t('check.alpha-features.ev.gate', {what: gateText(name)})});
			} else if (sample.labels['stage'] === 'BETA' && betaJudged && offByDefaultBeta(name)) {
				found.push({kind: 'FeatureGate', name, detail: t('check.alpha-features.ev.beta', {what: gateText(name)})});
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
		// Kubelets: gates switched on in their configuration.
		const facts = await kubelets(context);
		for (const read of facts.reads) {
			const on = Object.entries(read.config?.featureGates ?? {}).filter(([name, enabled]) => enabled && (featureTable.gates[name]?.stage === 'ALPHA' || offByDefaultBeta(name))).map(([name]) => name).sort();
			for (const name of on) {
				found.push({kind: 'Node', name: read.node, detail: t(featureTable.gates[name]?.stage === 'ALPHA' ? 'check.alpha-features.ev.kubeletAlpha' : 'check.alpha-features.ev.kubeletBeta', {gate: name, what: gateText(name)})});
			}
		}
		if (facts.reads.length > 0 && facts.reads.every(read => !read.config)) {
			reasons.push(t('check.alpha-features.reason.kubelets', {count: facts.reads.length}));
		}
		if (error) {
			return {status: found.length > 0 ? 'warn' : 'unknown', severity: 'medium', evidence: found, reason: [t('check.alpha-features.reason.metricsRefused', {error}), ...reasons].join(' ')};
		}
		const reason = reasons.length > 0 ? reasons.join(' ') : undefined;
		if (found.length > 0) {
			return {status: 'warn', severity: 'medium', evidence: found, reason};
		}
		// Nothing on at the API server, but the kubelets could not be asked: not a pass.
		const kubeletsUnread = facts.reads.length > 0 && facts.reads.every(read => !read.config);
		return {status: kubeletsUnread ? 'unknown' : 'pass', severity: kubeletsUnread ? 'medium' : 'info', evidence: [], reason: [t('check.alpha-features.pass'), ...reasons].join(' ')};
	},
};

export const etcdAccess: Check = {
	id: 'etcd-access',
	section: '4.1',
	async probe(context) {
		const plane = await controlPlane(context);
		if (!plane.apiserver) {
			return {status: 'unknown', severity: 'critical', evidence: [], reason: hiddenReason(plane)};
		}
		const parts: Array<{status: Status; evidence: Evidence[]}> = [];
		const apiserver = plane.apiserver;
		const servers = (flag(apiserver, 'etcd-servers') ?? '').split(',').filter(Boolean);
		const plain = servers.filter(url => !url.startsWith('https://'));
		const missing = ['etcd-cafile', 'etcd-certfile', 'etcd-keyfile'].filter(name => !flag(apiserver, name));
		if (plain.length > 0 || missing.length > 0) {
			parts.push({status: 'fail', evidence: [apiserverEvidence(plane, [plain.length > 0 ? t('check.etcd-access.ev.plain', {urls: plain.join(', ')}) : '', missing.length > 0 ? t('check.etcd-access.ev.noClientCert', {flags: missing.map(name => `--${name}`).join(', ')}) : ''].filter(Boolean).join('; '))]});
		} else {
			parts.push({status: 'pass', evidence: [apiserverEvidence(plane, t('check.etcd-access.ev.apiserverGood', {urls: servers.join(', ')}))]});
		}
		if (!plane.etcd) {
			parts.push({status: 'unknown', evidence: []});
			return {...combine(parts, 'critical'), reason: t('check.etcd-access.reason.external')};
		}
		const etcd = plane.etcd;
		const problems: string[] = [];
		if (flag(etcd, 'client-cert-auth') !== 'true') {
			problems.push(t('check.etcd-access.ev.noClientAuth'));
		}
		if (flag(etcd, 'peer-client-cert-auth') !== 'true') {
			problems.push(t('check.etcd-access.ev.noPeerAuth'));
		}
		for (const name of ['auto-tls', 'peer-auto-tls']) {
			if (flag(etcd, name) === 'true') {
				problems.push(t('check.etcd-access.ev.autoTls', {flag: `--${name}`}));
			}
		}
		const plainListen = (flag(etcd, 'listen-client-urls') ?? '').split(',').filter(url => url.startsWith('http://'));
		if (plainListen.length > 0) {
			problems.push(t('check.etcd-access.ev.plainListen', {urls: plainListen.join(', ')}));
		}
		const pod = etcd.pod;
		parts.push({status: problems.length > 0 ? 'fail' : 'pass', evidence: [{kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, detail: problems.length > 0 ? problems.join('; ') : t('check.etcd-access.ev.etcdGood')}]});
		return combine(parts, 'critical');
	},
};

/** The prefix an encrypting provider writes ahead of each value it stores (`k8s:enc:aescbc:v1:`). */
function providerOf(prefix: string): string {
	return /^k8s:enc:([^:]+):/.exec(prefix)?.[1] ?? prefix;
}

export const encryptionAtRest: Check = {
	id: 'encryption-at-rest',
	section: '4.6',
	async probe(context) {
		const evidence: Evidence[] = [];
		const plane = await controlPlane(context);
		const configFlag = plane.apiserver ? flag(plane.apiserver, 'encryption-provider-config') : undefined;
		if (plane.apiserver) {
			evidence.push(apiserverEvidence(plane, configFlag ? t('check.encryption-at-rest.ev.flag', {file: configFlag}) : t('check.encryption-at-rest.ev.noFlag')));
		}
		const {samples, error} = await metrics(context);
		if (error) {
			return plane.apiserver && !configFlag
				? {status: 'fail', severity: 'high', evidence, reason: t('check.encryption-at-rest.reason.none')}
				: {status: 'unknown', severity: 'high', evidence, reason: t('check.encryption-at-rest.reason.metricsRefused', {error})};
		}
		const loaded = samples.some(sample => sample.name === 'apiserver_encryption_config_controller_last_config_info');
		const prefixes = new Set(samples
			.filter(sample => sample.name.startsWith('apiserver_storage_transformation_') && sample.labels['transformation_type'] === 'to_storage' && sample.labels['transformer_prefix'])
			.map(sample => sample.labels['transformer_prefix']!));
		const providers = [...prefixes].map(providerOf).filter(name => name !== 'identity');
		if (prefixes.size > 0) {
			evidence.push({kind: 'Metric', name: 'apiserver_storage_transformation_operations_total', detail: t('check.encryption-at-rest.ev.writes', {providers: [...prefixes].map(providerOf).join(', ')})});
		}
		if (!loaded && !configFlag) {
			evidence.push({kind: 'Metric', name: 'apiserver_encryption_config_controller_last_config_info', detail: t('check.encryption-at-rest.ev.noConfig')});
			return {status: 'fail', severity: 'high', evidence, reason: t('check.encryption-at-rest.reason.none')};
		}
		if (prefixes.size > 0 && providers.length === 0) {
			return {status: 'fail', severity: 'high', evidence, reason: t('check.encryption-at-rest.reason.identity')};
		}
		// The identity provider is not measured: when Secrets were written since start and no
		// encrypting provider shows up, they were written as they are.
		const secretWrites = samples
			.filter(sample => sample.name === 'apiserver_request_total' && sample.labels['resource'] === 'secrets' && ['POST', 'PUT', 'PATCH'].includes(sample.labels['verb'] ?? '') && (sample.labels['code'] ?? '').startsWith('2') && !sample.labels['subresource'])
			.reduce((sum, sample) => sum + sample.value, 0);
		if (providers.length === 0 && secretWrites > 0) {
			evidence.push({kind: 'Metric', name: 'apiserver_request_total', detail: t('check.encryption-at-rest.ev.secretWrites', {count: secretWrites})});
			return {status: 'fail', severity: 'high', evidence, reason: t('check.encryption-at-rest.reason.identity')};
		}
		if (providers.length === 0) {
			return {status: 'unknown', severity: 'high', evidence, reason: t('check.encryption-at-rest.reason.noWrites'), facts: {encryptionLoaded: true}};
		}
		return {status: 'pass', severity: 'info', evidence, reason: t('check.encryption-at-rest.reason.encrypting', {providers: [...new Set(providers)].join(', ')}), facts: {encryptionLoaded: true}};
	},
};
