// The session summary: before/after counts per section, fixes, accepted risks and manual steps,
// as data for the UI and as a Markdown report.
import fs from 'node:fs';
import path from 'node:path';
import {messageFor, t} from '../messages/catalog.js';
import type {JournalEntry} from './journal.js';
import {stepsDone, stepText, type ProgressData} from './progress.js';
import type {Check, Evidence, Status} from './types.js';
import {checkText, evidenceDetail, reasonText, type CodedText} from './words.js';
import type {CheckState, WalkState} from './walk.js';

/** What the summary and the Markdown report read: the walk's state, or a report's (`--report markdown`). */
export interface SummaryState {
	cluster: WalkState['cluster'];
	identity: WalkState['identity'];
	checks: Array<Pick<CheckState, 'check' | 'result' | 'firstStatus' | 'accepted'>>;
	applied: JournalEntry[];
	/** What was reviewed and marked done by hand on this cluster (shown beside the verdicts, never changing them). */
	progress?: ProgressData | undefined;
}

/** An evidence line as the reports print it: the object, then what was found. */
export function evidenceText(evidence: Pick<Evidence, 'kind' | 'name' | 'detail'> & CodedText & {namespace?: string | null | undefined}): string {
	return `${evidence.kind} ${evidence.namespace ? `${evidence.namespace}/` : ''}${evidence.name}: ${evidenceDetail(evidence)}`;
}

export const guideSections = ['1', '2', '3', '4', '5'];

/** `3.2` is in section 3; so is `3` itself (sections 2 and 5 have no subsections). */
export function inGuideSection(checkSection: string, section: string): boolean {
	return checkSection === section || checkSection.startsWith(`${section}.`);
}

/** A run-time message id; the id itself when the catalog lacks it (a bug, but visible). */
export function message(id: string): string {
	return messageFor(id, {}, id);
}

export function countText(statuses: Array<Status | undefined>): string {
	const count = (status: Status) => statuses.filter(item => item === status).length;
	return t('walk.counts', {fail: count('fail'), warn: count('warn'), unknown: count('unknown'), pass: count('pass')});
}

export interface SectionSummary {
	section: string;
	title: string;
	checked: boolean;
	before: string;
	now: string;
}

/** True when the check belongs to the guide section (`2` and `5` have one check numbered `2`, `5`). */
export function inSection(check: Check, section: string): boolean {
	return inGuideSection(check.section, section);
}

export function sectionSummaries(state: SummaryState): SectionSummary[] {
	return guideSections.map(section => {
		const items = state.checks.filter(item => inSection(item.check, section));
		return {
			section,
			title: message(`section.${section}.title`),
			checked: items.length > 0,
			before: countText(items.map(item => item.firstStatus)),
			now: countText(items.map(item => item.result?.verdict.status)),
		};
	});
}

/** Fixes of this session still in the cluster (an undone one is not listed as fixed). */
export function fixesInPlace(state: SummaryState): JournalEntry[] {
	return state.applied.filter(entry => entry.status === 'applied');
}

/** Fixes of this session that were undone, whole or in part. */
export function fixesUndone(state: SummaryState): JournalEntry[] {
	return state.applied.filter(entry => entry.status === 'undone' || entry.status === 'partly-undone');
}

export interface NextStep {
	id: string;
	section: string;
	kind: 'fixable' | 'manual' | 'unknown';
	/** What to do: the fix's changes, the manual step, or what would make the verdict knowable. */
	text: string;
}

/** What is left, in the guide's order: every failing, warning or unknown check not accepted. */
export function nextSteps(state: SummaryState): NextStep[] {
	const out: NextStep[] = [];
	for (const item of state.checks) {
		const verdict = item.result?.verdict;
		if (!verdict || !['fail', 'warn', 'unknown'].includes(verdict.status) || item.accepted) {
			continue;
		}
		const base = {id: item.check.id, section: item.check.section};
		if (item.result?.fix?.available === true) {
			out.push({...base, kind: 'fixable', text: t('walk.summary.fixable', {changes: item.result.fix.summary.join('; ')})});
		} else if (verdict.status === 'unknown') {
			out.push({...base, kind: 'unknown', text: t('walk.summary.unknown', {reason: reasonText(verdict) ?? '-'})});
		} else {
			out.push({...base, kind: 'manual', text: checkText(item.check, 'manual')});
		}
	}
	return out;
}

export function markdown(state: SummaryState, now = new Date()): string {
	const lines: string[] = [t('md.title'), ''];
	lines.push(t('md.cluster', {server: state.cluster?.server ?? '', context: state.cluster?.context ?? '-', version: state.cluster?.version ?? '', user: state.identity?.username ?? '', date: now.toISOString()}), '');
	lines.push(t('md.sections'), '');
	for (const summary of sectionSummaries(state)) {
		lines.push(`- **${summary.section} ${summary.title}**: ${summary.checked ? t('md.sectionCounts', {before: summary.before, now: summary.now}) : t('walk.section.notYet')}`);
		for (const item of state.checks.filter(check => inSection(check.check, summary.section))) {
			const verdict = item.result?.verdict;
			lines.push(`  - ${item.check.section} \`${item.check.id}\`: ${verdict?.status ?? t('walk.waiting')}${verdict ? ` (${verdict.severity})` : ''}: ${checkText(item.check, 'title')}`);
			if (verdict?.reason && (verdict.status === 'unknown' || verdict.status === 'not-applicable')) {
				lines.push(`    - ${t('md.reason', {reason: reasonText(verdict) ?? verdict.reason})}`);
			}
			for (const evidence of verdict?.evidence ?? []) {
				lines.push(`    - ${evidenceText(evidence)}`);
			}
			const done = stepsDone(item.check, state.progress);
			if (done > 0) {
				lines.push(`    - ${t('progress.md.checkMarks', {done, total: item.check.steps?.length ?? 0})}`);
			}
		}
	}
	lines.push('', t('md.fixes'), '');
	if (state.applied.length === 0) {
		lines.push(t('md.none'));
	}
	for (const entry of state.applied) {
		const fix = {id: entry.id, check: entry.checkId, summary: entry.summary.join('; ')};
		// Applied ones with their undo command; undone, rolled back or interrupted ones with their status.
		lines.push(`- ${entry.status === 'applied' ? t('walk.summary.fix', fix) : t('md.fix', {...fix, status: entry.status})}`);
	}
	lines.push('', t('md.accepted'), '');
	const accepted = state.checks.filter(item => item.accepted);
	if (accepted.length === 0) {
		lines.push(t('md.none'));
	}
	for (const item of accepted) {
		lines.push(`- \`${item.check.id}\`: ${item.accepted!.reason} (${item.accepted!.user}, ${item.accepted!.at})`);
	}
	if (state.progress) {
		lines.push('', t('progress.md.marks'), '', t('progress.md.reviewed', {reviewed: state.checks.filter(item => state.progress!.reviewed[item.check.id]).length, total: state.checks.length}), '');
		const before = lines.length;
		for (const item of state.checks) {
			for (const step of item.check.steps ?? []) {
				const mark = state.progress.marks[item.check.id]?.[step.id];
				if (mark) {
					lines.push(t('progress.md.mark', {check: item.check.id, step: step.id, status: item.result?.verdict.status ?? t('walk.waiting'), text: stepText(item.check, step), by: mark.by || '-', at: mark.at}));
					if (mark.note) {
						lines.push(t('progress.md.note', {note: mark.note}));
					}
				}
			}
		}
		if (lines.length === before) {
			lines.push(t('md.none'));
		}
	}
	lines.push('', t('md.manual'), '');
	const steps = nextSteps(state);
	if (steps.length === 0) {
		lines.push(t('md.none'));
	}
	for (const step of steps) {
		const item = state.checks.find(check => check.check.id === step.id)!;
		lines.push(`- [ ] \`${step.id}\` (${checkText(item.check, 'title')}): ${step.text}`);
	}
	return `${lines.join('\n')}\n`;
}

/** Writes the Markdown report into `dir` (readable by its owner only); returns the file's path. */
export function writeReport(state: SummaryState, dir: string, now: Date): string {
	const file = path.join(dir, `kubectl-harden-report-${now.toISOString().replaceAll(/[:.]/g, '-')}.md`);
	fs.writeFileSync(file, markdown(state, now), {mode: 0o600});
	return file;
}
