// What every screen draws with: lines of text with a colour, wrapped to the terminal's width,
// and the marks and words of a status.
import stringWidth from 'string-width';
import type {Status} from '../engine/types.js';
import type {CheckState} from '../engine/walk.js';
import {t, type MessageId} from '../messages/catalog.js';

export interface Line {
	text: string;
	color?: string | undefined;
	bold?: boolean | undefined;
	/** Names the line for scrolling to it (a manual step: `step:2`). */
	anchor?: string | undefined;
}

export type Mark = Status | 'waiting' | 'probing';

export const marks: Record<Mark, {mark: string; color: string}> = {
	pass: {mark: '✔', color: 'green'},
	warn: {mark: '!', color: 'yellow'},
	fail: {mark: '✘', color: 'red'},
	unknown: {mark: '?', color: 'magenta'},
	'not-applicable': {mark: '–', color: 'gray'},
	waiting: {mark: '·', color: 'gray'},
	probing: {mark: '…', color: 'cyan'},
};

export function statusOf(item: CheckState): Mark {
	if (item.result) {
		return item.result.verdict.status;
	}
	return item.phase === 'probing' ? 'probing' : 'waiting';
}

export function statusWord(status: Mark): string {
	if (status === 'waiting') {
		return t('walk.waiting');
	}
	if (status === 'probing') {
		return t('walk.probing');
	}
	return t(`walk.status.${status}` as MessageId);
}

/** The guide section a check belongs to (`3` for 3.2). */
export function sectionOf(item: CheckState): string {
	return item.check.section.split('.')[0]!;
}

/** Cuts a word wider than `width` into pieces that fit, by display width (wide characters count two). */
function cut(word: string, width: number): string[] {
	const out: string[] = [];
	let piece = '';
	for (const character of word) {
		if (stringWidth(piece + character) > width && piece) {
			out.push(piece);
			piece = '';
		}
		piece += character;
	}
	return [...out, piece];
}

/**
 * Splits text into lines no wider than `width` columns (by display width, as Ink measures), at
 * spaces where possible. A URL is never split: it gets a line of its own, whole.
 */
export function wrap(text: string, width: number): string[] {
	const out: string[] = [];
	for (const paragraph of text.split('\n')) {
		const indent = /^\s*/.exec(paragraph)?.[0] ?? '';
		let line = '';
		for (const word of paragraph.trim().split(/\s+/)) {
			if (!word) {
				continue;
			}
			const next = line ? `${line} ${word}` : `${indent}${word}`;
			if (stringWidth(next) <= width || !line) {
				line = next;
			} else {
				out.push(line);
				line = `${indent}  ${word}`;
			}
			if (stringWidth(line) > width && !/https?:\/\//.test(word)) {
				const pieces = cut(line, width);
				out.push(...pieces.slice(0, -1));
				line = pieces.at(-1)!;
			}
		}
		out.push(line);
	}
	return out;
}

/** Lines being built for one screen: `add` wraps a paragraph, `blank` leaves an empty line. */
export function lineBuilder(width: number) {
	const lines: Line[] = [];
	return {
		lines,
		add(text: string, style: Omit<Line, 'text'> = {}) {
			for (const piece of wrap(text, width)) {
				lines.push({text: piece, ...style});
			}
		},
		blank() {
			lines.push({text: ''});
		},
	};
}
