// A section's screen: what the section is about, and its checks with their verdicts.
import stringWidth from 'string-width';
import {message} from '../engine/summary.js';
import type {CheckState, WalkState} from '../engine/walk.js';
import {checkText} from '../engine/words.js';
import {t} from '../messages/catalog.js';
import {marks, padEnd, sectionOf, statusOf, statusWord, truncate, wrap, type Line, type Mark} from './lines.js';

/** The widest status word in the language in use, so the titles line up. */
function statusColumn(): number {
	const all: Mark[] = ['pass', 'warn', 'fail', 'unknown', 'not-applicable'];
	return Math.max(...all.map(mark => stringWidth(statusWord(mark))));
}

export function sectionChecks(state: WalkState, section: string): CheckState[] {
	return state.checks.filter(item => sectionOf(item) === section);
}

export function sectionLines(state: WalkState, section: string, cursor: number, width: number, rows: number): Line[] {
	const lines: Line[] = [];
	for (const piece of wrap(`${section}. ${message(`section.${section}.title`)}`, width)) {
		lines.push({text: piece, bold: true});
	}
	for (const piece of wrap(message(`section.${section}.intro`), width)) {
		lines.push({text: piece});
	}
	lines.push({text: ''});
	const checks = sectionChecks(state, section);
	if (checks.length === 0) {
		lines.push({text: t('walk.section.notYet'), color: 'gray'});
		return lines;
	}
	// Keep the selected check in view when the list is longer than the screen.
	const room = Math.max(1, rows - lines.length);
	const first = Math.max(0, Math.min(cursor - room + 1, checks.length - room));
	const column = statusColumn();
	checks.slice(first, first + room).forEach((item, offset) => {
		const index = first + offset;
		const status = statusOf(item);
		const count = item.result?.verdict.evidence.length ?? 0;
		const accepted = item.accepted ? ` ${t('walk.section.accepted')}` : '';
		const pointer = index === cursor ? '›' : ' ';
		// A title too long for the line gives way (ending in …); the count and the accepted mark stay.
		const head = `${pointer} ${marks[status].mark} ${padEnd(statusWord(status), column)} ${item.check.section} `;
		const tail = `${count > 0 ? ` (${count})` : ''}${accepted}`;
		const title = checkText(item.check, 'title');
		const room = width - stringWidth(head) - stringWidth(tail);
		lines.push({
			text: truncate(`${head}${stringWidth(title) <= room ? title : `${truncate(title, Math.max(1, room - 1))}…`}${tail}`, width),
			color: marks[status].color,
			bold: index === cursor,
		});
	});
	return lines;
}
