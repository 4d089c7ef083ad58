// The summary screen: before/after counts per section, the fixes applied, the risks accepted
// and the manual steps left.
import {fixesInPlace, fixesUndone, nextSteps, sectionSummaries} from '../engine/summary.js';
import type {WalkState} from '../engine/walk.js';
import {t} from '../messages/catalog.js';
import {lineBuilder, type Line} from './lines.js';
import {summaryMarkLines} from './progress.js';

export function summaryLines(state: WalkState, width: number, written: string | undefined): Line[] {
	const {lines, add, blank} = lineBuilder(width);
	add(t('walk.summary.title'), {bold: true});
	if (written) {
		add(written, {color: 'green'});
	}
	for (const summary of sectionSummaries(state)) {
		add(summary.checked
			? t('walk.summary.section', {section: summary.section, title: summary.title, before: summary.before, now: summary.now})
			: `${summary.section} ${summary.title}: ${t('walk.section.notYet')}`);
	}
	blank();
	const fixed = fixesInPlace(state);
	add(fixed.length > 0 ? t('walk.summary.fixes', {count: fixed.length}) : t('walk.summary.noFixes'), {bold: true});
	for (const entry of fixed) {
		add(`  ${t('walk.summary.fix', {id: entry.id, check: entry.checkId, summary: entry.summary.join('; ')})}`);
	}
	const undone = fixesUndone(state);
	if (undone.length > 0) {
		add(t('walk.summary.fixesUndone', {count: undone.length}), {bold: true});
		for (const entry of undone) {
			add(`  ${t('walk.summary.undone', {id: entry.id, check: entry.checkId, status: entry.status})}`);
		}
	}
	const accepted = state.checks.filter(item => item.accepted);
	blank();
	add(t('walk.summary.accepted', {count: accepted.length}), {bold: true});
	for (const item of accepted) {
		add(`  ${item.check.id}: ${item.accepted!.reason}`);
	}
	blank();
	lines.push(...summaryMarkLines(state, width));
	const steps = nextSteps(state);
	blank();
	add(t('walk.summary.manual', {count: steps.length}), {bold: true});
	for (const step of steps) {
		add(`  ${step.section} ${step.id}: ${step.kind === 'manual' ? `${t('walk.summary.kind.manual')}: ` : ''}${step.text}`);
	}
	return lines;
}
