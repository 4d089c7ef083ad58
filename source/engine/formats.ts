// The report in the formats other tools read: JSON (the report itself), SARIF 2.1.0 (code
// scanning dashboards), JUnit XML (CI test views) and Markdown (the walk's summary report).
// Every format is rendered from the same Report, so each carries the same findings; the
// command line only picks one. No Ink here.
import {t} from '../messages/catalog.js';
import {Journal, type JournalEntry} from './journal.js';
import {junit} from './junit.js';
import type {CheckReport, Report} from './report.js';
import {sarif} from './sarif.js';
import {markdown, type SummaryState} from './summary.js';
import {progressFromReport} from './progress.js';
import type {Check, Evidence} from './types.js';

export const reportFormats = ['json', 'sarif', 'junit', 'markdown'] as const;
export type ReportFormat = typeof reportFormats[number];

export function isReportFormat(value: string): value is ReportFormat {
	return (reportFormats as readonly string[]).includes(value);
}

/** The statuses that are findings: what SARIF reports as results and JUnit as failures or skips. */
export const findingStatuses = new Set(['fail', 'warn', 'unknown']);

export type EvidenceReport = CheckReport['evidence'][number];

/** One finding: an evidence line of a check that did not pass, or the check's reason when it has no evidence. */
export interface Finding {
	check: CheckReport;
	evidence: EvidenceReport | undefined;
	/** The line for the operator: the evidence, with the reason when the check could not decide. */
	text: string;
}

export function findings(report: Report): Finding[] {
	return report.checks.filter(check => findingStatuses.has(check.status)).flatMap(check => {
		const lines: Array<EvidenceReport | undefined> = check.evidence.length > 0 ? check.evidence : [undefined];
		return lines.map(evidence => {
			const detail = evidence?.detail ?? check.reason ?? check.title;
			const text = check.status === 'unknown' && evidence && check.reason ? t('report.finding.unknown', {detail, reason: check.reason}) : detail;
			return {check, evidence, text};
		});
	});
}

/** The check behind a report entry (for its words); undefined only for an id no longer registered. */
export function checkOf(checks: Check[], id: string): Check | undefined {
	return checks.find(check => check.id === id);
}

/** The fixes the journal holds for this cluster (applied from this machine), for the Markdown report; none when it cannot be read. */
export function journalFixes(server: string): JournalEntry[] {
	try {
		return new Journal(server).entries();
	} catch {
		return [];
	}
}

/** The report as the walk's state, so the Markdown report is the walk's own renderer; `fixes` are its fixes applied and undone. */
export function summaryState(report: Report, checks: Check[], fixes: JournalEntry[] = []): SummaryState {
	return {
		cluster: report.cluster,
		identity: report.identity,
		applied: fixes,
		progress: report.progress ? progressFromReport(report.progress, report.cluster.server, '') : undefined,
		checks: report.checks.flatMap(entry => {
			const check = checkOf(checks, entry.id);
			if (!check) {
				return [];
			}
			const evidence: Evidence[] = entry.evidence.map(item => ({...item, namespace: item.namespace ?? undefined, code: item.code ?? undefined, params: item.params ?? undefined}));
			const verdict = {status: entry.status, severity: entry.severity, evidence, reason: entry.reason ?? undefined, reasonCode: entry.reasonCode ?? undefined, reasonParams: entry.reasonParams ?? undefined};
			const fix = {...entry.fix, reason: entry.fix.reason ?? undefined, reasonCode: entry.fix.reasonCode ?? undefined};
			const accepted = entry.accepted ? {checkId: entry.id, reason: entry.accepted.reason, user: entry.accepted.by, at: entry.accepted.at} : undefined;
			return [{check, result: {id: entry.id, section: entry.section, verdict, fix, durationMs: 0}, firstStatus: entry.status, accepted}];
		}),
	};
}

/** The report in one format, as the text to print or write (`fixes`: the journal's, listed by the Markdown report). */
export function renderReport(format: ReportFormat, report: Report, checks: Check[], fixes: JournalEntry[] = []): string {
	switch (format) {
		case 'json': {
			return `${JSON.stringify(report, null, 2)}\n`;
		}
		case 'sarif': {
			return `${JSON.stringify(sarif(report, checks), null, 2)}\n`;
		}
		case 'junit': {
			return junit(report);
		}
		case 'markdown': {
			return markdown(summaryState(report, checks, fixes), new Date(report.generatedAt));
		}
	}
}
