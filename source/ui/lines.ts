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

/** Characters that may not start a line (they close what comes before them). */
const closing = /^[，。、；：！？）」』】》〉〕,.;:!?)\]}%]$/u;
/** Wide characters that may not end a line (they open what comes after them). */
const opening = /^[（「『【《〈〔]$/u;

interface Token {
	text: string;
	/** Whitespace came before it (kept as one space when it stays on the line). */
	gap: boolean;
	/** It ends with a wide character. */
	wide: boolean;
}

/**
 * A paragraph as the pieces a line may break between: words (runs without spaces) and single
 * wide (CJK) characters, since Chinese has no spaces and may break between any two characters;
 * closing punctuation stays with what it closes, opening punctuation with what it opens.
 */
function tokens(paragraph: string): Token[] {
	const out: Token[] = [];
	let gap = false;
	let glue = false;
	for (const character of paragraph) {
		if (/\s/.test(character)) {
			gap = true;
			glue = false;
			continue;
		}
		const wide = stringWidth(character) >= 2;
		const last = out.at(-1);
		if (last && !gap && (glue || closing.test(character) || (!wide && !last.wide))) {
			last.text += character;
			last.wide = wide;
		} else {
			out.push({text: character, gap, wide});
		}
		glue = wide && opening.test(character);
		gap = false;
	}
	return out;
}

/** The longest start of `text` that fits `width` columns, and the rest (never splitting a character). */
function fit(text: string, width: number): [string, string] {
	let head = '';
	let used = 0;
	const characters = [...text];
	for (const [index, character] of characters.entries()) {
		const size = stringWidth(character);
		if (used + size > width && head) {
			return [head, characters.slice(index).join('')];
		}
		head += character;
		used += size;
	}
	return [head, ''];
}

/**
 * Splits text into lines no wider than `width` columns (by display width, as Ink measures: a
 * CJK character is two columns), at spaces or between CJK characters; a continued line is
 * indented two more columns; a word wider than the line is cut. A URL is never split: it gets a line of its own, whole.
 */
export function wrap(text: string, width: number): string[] {
	const out: string[] = [];
	for (const paragraph of text.split('\n')) {
		const indent = /^\s*/.exec(paragraph)?.[0] ?? '';
		const hanging = stringWidth(`${indent}  `) < width / 2 ? `${indent}  ` : '';
		let line = '';
		let empty = true;
		for (const token of tokens(paragraph.trim())) {
			const next = empty ? `${indent}${token.text}` : `${line}${token.gap ? ' ' : ''}${token.text}`;
			if (empty || stringWidth(next) <= width) {
				line = next;
			} else {
				out.push(line);
				line = `${hanging}${token.text}`;
			}
			empty = false;
			if (!/https?:\/\//.test(token.text)) {
				while (stringWidth(line) > width) {
					const [head, rest] = fit(line, width);
					// A word cut in pieces goes on at the line's start, as one word.
					out.push(head);
					line = rest;
				}
			}
		}
		out.push(line);
	}
	return out;
}

/**
 * A help line (`  f             what f does`) wrapped with its description's column kept: the
 * continued lines start under the description, not under the key.
 */
export function wrapColumns(text: string, width: number): string[] {
	if (stringWidth(text) <= width) {
		return [text];
	}
	// The description is what follows the last run of two or more spaces.
	const match = /^(\s+\S.*\s{2,})(\S(?:(?!\s{2}).)*)$/u.exec(text);
	const key = match?.[1] ?? '';
	if (!match || stringWidth(key) > width / 2) {
		return wrap(text, width);
	}
	const room = width - stringWidth(key);
	return wrap(match[2]!, room).map((piece, index) => `${index === 0 ? key : ' '.repeat(stringWidth(key))}${piece.replace(/^ {2}/, '')}`);
}

/** Text cut to `width` columns (never inside a wide character). */
export function truncate(text: string, width: number): string {
	return stringWidth(text) <= width ? text : fit(text, width)[0];
}

/** Text padded with spaces to `width` columns. */
export function padEnd(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
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
