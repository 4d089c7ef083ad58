// The non-interactive report (`--report json`). Field names are a public interface: they are
// documented in the README and only ever added to.
import type {KubeClient} from '../kube/client.js';
import {t, type MessageParams} from '../messages/catalog.js';
import {version} from '../version.js';
import {whoAmI, type Identity} from './identity.js';
import {Journal, type AcceptedRisk} from './journal.js';
import {progressReport, ProgressStore, type ProgressReport} from './progress.js';
import {runChecks, type CheckResult, type Progress} from './runner.js';
import {Snapshot, type SnapshotStats} from './snapshot.js';
import type {Thresholds} from './thresholds.js';
import type {Check, Evidence, Severity, Status} from './types.js';
import {checkText, evidenceDetail, reasonText} from './words.js';

export interface ClusterInfo {
	server: string;
	context: string | null;
	version: string;
}

export interface Report {
	tool: {name: 'kubectl-harden'; version: string};
	generatedAt: string;
	cluster: ClusterInfo;
	identity: Identity;
	/** Limited to one namespace (-n), or null for the whole cluster. */
	scope: {namespace: string | null};
	checks: CheckReport[];
	summary: Record<Status, number>;
	/** What the probes read: collections listed, API requests, objects, and the time taken. */
	probe: SnapshotStats & {durationMs: number};
	/**
	 * What the operator reviewed, fixed, accepted and marked done by hand on this cluster, apart
	 * from the verdicts (a mark never changes a status); null when the progress file could not be read.
	 */
	progress: ProgressReport | null;
}

export interface CheckReport {
	id: string;
	section: string;
	title: string;
	status: Status;
	severity: Severity;
	reason: string | null;
	/** The message id of the reason (`<check>.<key>`, `engine.unknown.apiError`, ...) and its parameters, for scripts. */
	reasonCode: string | null;
	reasonParams: MessageParams | null;
	evidence: Array<{kind: string; namespace: string | null; name: string; detail: string; code: string | null; params: MessageParams | null}>;
	fix: {available: boolean; reason: string | null; reasonCode: string | null; summary: string[]; notes: string[]};
	/** The operator accepted this check's risk (in the walk), with the reason. */
	accepted: {reason: string; by: string; at: string} | null;
	link: string;
}

export async function clusterInfo(client: KubeClient): Promise<ClusterInfo> {
	const serverVersion = await client.get<{gitVersion?: string}>('/version');
	return {server: client.server, context: client.target.contextName ?? null, version: serverVersion.gitVersion ?? 'unknown'};
}

function evidenceReport(item: Evidence) {
	return {kind: item.kind, namespace: item.namespace ?? null, name: item.name, detail: evidenceDetail(item), code: item.code ?? null, params: item.params ?? null};
}

export function checkReport(result: CheckResult, accepted?: AcceptedRisk, check?: Check): CheckReport {
	const {verdict} = result;
	const fix = result.fix
		? {available: result.fix.available, reason: result.fix.reason ?? null, reasonCode: result.fix.reasonCode ?? null, summary: result.fix.summary, notes: result.fix.notes}
		: {available: false, reason: t('report.fix.manualOnly'), reasonCode: 'report.fix.manualOnly', summary: [], notes: []};
	return {
		id: result.id,
		section: result.section,
		title: check ? checkText(check, 'title') : result.id,
		status: verdict.status,
		severity: verdict.severity,
		reason: reasonText(verdict) ?? null,
		reasonCode: verdict.reasonCode ?? null,
		reasonParams: verdict.reasonParams ?? null,
		evidence: verdict.evidence.map(item => evidenceReport(item)),
		fix,
		accepted: accepted ? {reason: accepted.reason, by: accepted.user, at: accepted.at} : null,
		link: check ? checkText(check, 'link') : '',
	};
}

export function summarize(results: Array<{verdict: {status: Status}}>): Record<Status, number> {
	const summary: Record<Status, number> = {pass: 0, warn: 0, fail: 0, unknown: 0, 'not-applicable': 0};
	for (const result of results) {
		summary[result.verdict.status]++;
	}
	return summary;
}

export interface ReportOptions {
	checks: Check[];
	/** Limit namespaced reads to this namespace (-n). */
	namespace?: string | undefined;
	/** Thresholds chosen on the command line (--node-max-age). */
	thresholds?: Partial<Thresholds> | undefined;
	onProgress?: (event: Progress) => void;
	now?: () => Date;
	/** Told when the progress file cannot be read (the report then carries none). */
	onProblem?: (text: string) => void;
}

export async function buildReport(client: KubeClient, options: ReportOptions): Promise<Report> {
	const now = options.now ?? (() => new Date());
	const [cluster, identity] = await Promise.all([clusterInfo(client), whoAmI(client)]);
	const snapshot = new Snapshot(client, options.namespace);
	let accepted = new Map<string, AcceptedRisk>();
	try {
		accepted = new Map(new Journal(client.server).accepted().map(risk => [risk.checkId, risk]));
	} catch {
		// An unreadable journal hides no finding: the report simply shows no accepted risks.
	}
	let progress: ProgressReport | null = null;
	const store = new ProgressStore(client.server, client.target.clusterName);
	try {
		progress = progressReport(store.read(), options.checks, store.file);
	} catch (error) {
		options.onProblem?.(t('progress.report.off', {problem: (error as Error).message}));
	}
	const started = performance.now();
	const results = await runChecks(options.checks, {client, identity, snapshot, namespace: options.namespace, thresholds: options.thresholds}, {onProgress: options.onProgress});
	return {
		tool: {name: 'kubectl-harden', version},
		generatedAt: now().toISOString(),
		cluster,
		identity,
		scope: {namespace: options.namespace ?? null},
		checks: results.map(result => checkReport(result, accepted.get(result.id), options.checks.find(check => check.id === result.id))),
		summary: summarize(results),
		probe: {...snapshot.stats, durationMs: Math.round(performance.now() - started)},
		progress,
	};
}
