// Progress on the screens: a check's manual steps as a checklist and its "see it yourself"
// commands, each section's progress on the start screen and where to continue, and the marks
// beside the probed verdicts in the summary. It draws what the engine remembered
// (engine/progress.ts); ticking a step is an intent sent to the Walk.
import {localFileById} from '../engine/files.js';
import {stepsDone, stepText, type ProgressData} from '../engine/progress.js';
import {inGuideSection} from '../engine/summary.js';
import type {Check} from '../engine/types.js';
import type {CheckState, WalkState} from '../engine/walk.js';
import {checkText} from '../engine/words.js';
import {t} from '../messages/catalog.js';
import type {Screen} from './keys.js';
import {lineBuilder, statusWord, type Line} from './lines.js';

/** The anchor of a step's first line, so the screen can scroll to the step chosen. */
export const stepAnchor = (index: number) => `step:${index}`;

/** A time as the screens show it: date and minutes, UTC. */
export function shortTime(at: string): string {
	return at.length >= 16 ? `${at.slice(0, 10)} ${at.slice(11, 16)}` : at;
}

/** "Marked by hand: 2 of 3 steps done", beside the verdict, when any step is marked. */
export function marksLine(check: Check, progress: ProgressData | undefined): string | undefined {
	const done = stepsDone(check, progress);
	return done > 0 ? t('progress.detail.marks', {done, total: check.steps?.length ?? 0}) : undefined;
}

/** "See it yourself": the read-only commands that show the same evidence by hand. */
export function seeItLines(check: Check, width: number): Line[] {
	const {lines, add} = lineBuilder(width);
	if ((check.seeIt ?? []).length === 0) {
		return lines;
	}
	add(t('progress.detail.seeIt'), {bold: true});
	for (const command of check.seeIt ?? []) {
		add(`  $ ${command}`, {color: 'gray'});
	}
	return lines;
}

/** The manual steps as a checklist: the chosen one pointed at, each with its mark, command or snippet, and file. */
export function checklistLines(check: Check, progress: ProgressData | undefined, chosen: number, width: number): Line[] {
	const {lines, add} = lineBuilder(width);
	const steps = check.steps ?? [];
	if (steps.length === 0) {
		return lines;
	}
	add(t('progress.detail.steps', {done: stepsDone(check, progress), total: steps.length}), {bold: true});
	steps.forEach((step, index) => {
		const mark = progress?.marks[check.id]?.[step.id];
		const first = lines.length;
		add(`${index === chosen ? '›' : ' '} ${mark ? '[x]' : '[ ]'} ${index + 1}. ${stepText(check, step)}`, {bold: index === chosen, color: mark ? 'green' : undefined});
		lines[first] = {...lines[first]!, anchor: stepAnchor(index)};
		if (mark) {
			add(`      ${t('progress.detail.stepDone', {by: mark.by || '-', at: shortTime(mark.at)})}`, {color: 'green'});
			if (mark.note) {
				add(`      ${t('progress.detail.stepNote', {note: mark.note})}`, {color: 'green'});
			}
		}
		for (const commandLine of step.command?.split('\n') ?? []) {
			add(`      ${commandLine}`, {color: 'gray'});
		}
		const file = step.file ? localFileById(step.file) : undefined;
		if (file) {
			add(`      ${t('progress.detail.stepFile', {name: file.defaultName})}`, {color: 'cyan'});
		}
	});
	return lines;
}

/** Where the chosen step's first line is in a screen's lines (-1 when not there). */
export function anchorIndex(lines: Line[], index: number): number {
	return lines.findIndex(line => line.anchor === stepAnchor(index));
}

/** A scroll position that shows line `at` (with the line before it), or the current one when it is in view. */
export function scrollTo(at: number, scroll: number, rows: number, limit: number): number {
	if (at < 0 || (at >= scroll && at < scroll + rows - 1)) {
		return scroll;
	}
	return Math.min(limit, Math.max(0, at - 1));
}

/** A section's progress on the start screen: checks reviewed, and manual steps done when it has any. */
export function sectionProgress(state: WalkState, section: string): string {
	const checks = state.checks.filter(item => inGuideSection(item.check.section, section)).map(item => item.check);
	const reviewed = checks.filter(check => state.progress?.reviewed[check.id]).length;
	const steps = checks.reduce((sum, check) => sum + (check.steps?.length ?? 0), 0);
	const done = checks.reduce((sum, check) => sum + stepsDone(check, state.progress), 0);
	return steps > 0 ? t('progress.start.sectionSteps', {reviewed, total: checks.length, done, steps}) : t('progress.start.section', {reviewed, total: checks.length});
}

/** Where the operator stopped last time, as a screen of this walk (a check left out by --section: its section). */
export function resumeScreen(state: WalkState): Screen | undefined {
	const stopped = state.progress?.stopped;
	if (!stopped) {
		return undefined;
	}
	if (stopped.check && state.checks.some(item => item.check.id === stopped.check)) {
		return {name: 'detail', id: stopped.check};
	}
	return state.checks.some(item => inGuideSection(item.check.section, stopped.section)) ? {name: 'section', section: stopped.section} : undefined;
}

/** The start screen's line saying where the operator stopped and that c continues there. */
export function continueLine(state: WalkState): string | undefined {
	const screen = resumeScreen(state);
	const stopped = state.progress?.stopped;
	if (!screen || !stopped) {
		return undefined;
	}
	const item = screen.name === 'detail' ? state.checks.find(check => check.check.id === screen.id) : undefined;
	const place = item ? `${item.check.section} ${checkText(item.check, 'title')}` : t('progress.start.placeSection', {section: stopped.section});
	return t('progress.start.continue', {place, at: shortTime(stopped.at)});
}

/** The summary's lines on manual marks: each marked check with its probed verdict beside its marks. */
export function summaryMarkLines(state: WalkState, width: number): Line[] {
	const {lines, add, blank} = lineBuilder(width);
	const reviewed = state.checks.filter(item => state.progress?.reviewed[item.check.id]).length;
	const marked = state.checks.filter(item => stepsDone(item.check, state.progress) > 0);
	if (state.progressProblem) {
		add(t('progress.off', {problem: state.progressProblem}), {color: 'red'});
	}
	add(t('progress.summary.reviewed', {reviewed, total: state.checks.length}));
	blank();
	add(t('progress.summary.marks', {count: marked.length}), {bold: true});
	for (const item of marked) {
		add(`  ${markText(item, state.progress)}`);
	}
	return lines;
}

function markText(item: CheckState, progress: ProgressData | undefined): string {
	const steps = item.check.steps ?? [];
	const done = steps.filter(step => progress?.marks[item.check.id]?.[step.id]).map(step => step.id);
	const status = item.result ? statusWord(item.result.verdict.status) : t('walk.waiting');
	return t('progress.summary.mark', {section: item.check.section, check: item.check.id, status, done: done.length, total: steps.length, steps: done.join(', ')});
}
