// The start screen: the cluster, who you are, and the guide's sections with their progress.
import {countText, guideSections, message} from '../engine/summary.js';
import type {WalkState} from '../engine/walk.js';
import {t} from '../messages/catalog.js';
import {lineBuilder, marks, sectionOf, wrap, type Line} from './lines.js';
import {continueLine, sectionProgress} from './progress.js';

/** What the start screen's cursor moves over: the sections, then the summary. */
export const startItems = [...guideSections, 'summary'];

/** `rows`: the body's height; when everything does not fit, the list keeps the chosen item in view (see fitStart). */
export function startLines(state: WalkState, cursor: number, width: number, rows = Number.POSITIVE_INFINITY): Line[] {
	const {lines, add, blank} = lineBuilder(width);
	if (!state.cluster || !state.identity) {
		add(t('walk.start.connecting'), {color: 'cyan'});
	} else {
		add(t('walk.start.cluster', {server: state.cluster.server, context: state.cluster.context ?? '-', version: state.cluster.version}));
		const groups = state.identity.groups.filter(group => group !== 'system:authenticated');
		add(t('walk.start.identity', {user: state.identity.username, groups: groups.length > 0 ? t('walk.start.groups', {groups: groups.join(', ')}) : ''}));
		if (state.identity.systemMasters) {
			add(t('walk.start.systemMasters'), {color: 'yellow', bold: true});
		}
		if (state.identity.impersonated) {
			add(t('walk.start.impersonated', {user: state.identity.username}), {color: 'yellow', bold: true});
		}
		if (state.namespace) {
			add(t('walk.start.scope', {namespace: state.namespace}));
		}
		const done = state.checks.filter(item => item.result).length;
		add(state.probing || done < state.checks.length
			? t('walk.start.probing', {done, total: state.checks.length})
			: t('walk.start.probed', {total: state.checks.length, seconds: ((state.firstVerdictsMs ?? 0) / 1000).toFixed(1)}), {color: 'cyan'});
		const forbidden = state.checks.filter(item => item.result?.fix?.forbidden).length;
		if (forbidden > 0) {
			add(t('walk.start.fixesForbidden', {count: forbidden}), {color: 'yellow'});
		}
		if (state.attention.length > 0) {
			add(t('walk.start.attention', {count: state.attention.length, entries: state.attention.map(entry => `#${entry.id} ${entry.checkId} (${entry.status})`).join(', ')}), {color: 'yellow', bold: true});
		}
		if (state.journalProblem) {
			add(state.journalProblem, {color: 'red'});
		}
		if (state.progressProblem) {
			add(t('progress.off', {problem: state.progressProblem}), {color: 'red'});
		}
		const resume = continueLine(state);
		if (resume) {
			add(resume, {color: 'cyan'});
		}
		if (state.languageProblem) {
			add(state.languageProblem, {color: 'yellow'});
		}
	}
	blank();
	const header = lines.length;
	const items: number[] = [];
	startItems.forEach((section, index) => {
		const pointer = index === cursor ? '›' : ' ';
		items.push(lines.length);
		if (section === 'summary') {
			lines.push({text: `${pointer} ${t('walk.start.summary')}`, bold: index === cursor});
			return;
		}
		const checks = state.checks.filter(item => sectionOf(item) === section);
		const detail = checks.length === 0
			? t('walk.section.notYet')
			: checks.every(item => item.result) ? countText(checks.map(item => item.result?.verdict.status)) : `${t('walk.probing')} ${countText(checks.map(item => item.result?.verdict.status))}`;
		const worst = (['fail', 'warn', 'unknown', 'pass'] as const).find(status => checks.some(item => item.result?.verdict.status === status));
		const mark = checks.length === 0 ? marks['not-applicable'] : checks.some(item => !item.result) ? marks.probing : marks[worst ?? 'not-applicable'];
		const progress = checks.length > 0 && state.progress ? ` · ${sectionProgress(state, section)}` : '';
		for (const piece of wrap(`${pointer} ${mark.mark} ${section}. ${t('walk.start.sectionLine', {title: message(`section.${section}.title`), detail: `${detail}${progress}`})}`, width)) {
			lines.push({text: piece, color: mark.color, bold: index === cursor});
		}
	});
	return fitStart(lines, header, items[cursor] ?? header, (items[cursor + 1] ?? lines.length) - 1, rows);
}

/**
 * The start screen in `rows` lines: whole when it fits; else the list gets the room it needs
 * (at least a few lines), the header what is left, and the list shows the chosen item's lines.
 */
function fitStart(lines: Line[], header: number, first: number, last: number, rows: number): Line[] {
	if (lines.length <= rows) {
		return lines;
	}
	if (header > 0 && lines[header - 1]!.text === '') {
		// The blank line before the list goes first.
		return fitStart([...lines.slice(0, header - 1), ...lines.slice(header)], header - 1, first - 1, last - 1, rows);
	}
	const list = lines.length - header;
	const room = Math.min(list, Math.max(Math.min(6, rows), rows - header));
	const top = Math.min(header, rows - room);
	const offset = Math.max(0, Math.min(first - header, last - header - room + 1));
	return [...lines.slice(0, top), ...lines.slice(header + offset, header + offset + room)];
}
