// Wrapping for the walk's screens: by display width (as Ink measures: a CJK character is two
// columns), between CJK characters as well as at spaces, never inside a URL.
import test from 'ava';
import stringWidth from 'string-width';
import {padEnd, truncate, wrap, wrapColumns} from '../../source/ui/lines.js';

/** The text back from its lines: continuation indents dropped, a space where a line broke at one. */
function rejoin(lines: string[], text: string): boolean {
	const squeezed = (value: string) => value.replaceAll(/\s+/g, '');
	return squeezed(lines.join('')) === squeezed(text);
}

test('wide characters count two columns: no line is wider than the screen', t => {
	const text = '保護叢集 '.repeat(12).trim();
	const lines = wrap(text, 20);
	t.true(lines.length > 1);
	for (const line of lines) {
		t.true(stringWidth(line) <= 20, line);
	}
	t.true(rejoin(lines, text));
});

test('Chinese breaks between characters and fills each line; mixed with English words, neither is split', t => {
	const text = '開啓匿名認證時，完全不帶憑據的請求會被當成使用者 system:anonymous。只要有一條綁定給了這個使用者（或 system:unauthenticated），任何連得到 API 伺服器的人都能使用 API。';
	for (const width of [20, 30, 58, 78]) {
		const lines = wrap(text, width);
		t.true(rejoin(lines, text), `width ${width}`);
		for (const [index, line] of lines.entries()) {
			t.true(stringWidth(line) <= width, `width ${width}: "${line}" is ${stringWidth(line)} columns`);
			// Filled: the next line's first piece would not have fitted (a break is not early).
			const next = lines[index + 1];
			if (next) {
				const first = /^\s*([\x21-\x7E]+|.[，。、；：！？）」』]*)/u.exec(next)?.[1] ?? '';
				const joined = /[\x21-\x7E]$/.test(line) && /^[\x21-\x7E]/.test(first) ? `${line} ${first}` : `${line}${first}`;
				t.true(stringWidth(joined) > width || /^\s*[（「『]/u.test(next), `width ${width}: line ${index} broke early: "${line}" / "${next}"`);
			}
			// Closing punctuation never starts a line, opening punctuation never ends one.
			t.notRegex(line.trim(), /^[，。、；：！？）」』]/u, `width ${width}`);
			t.notRegex(line, /[（「『]$/u, `width ${width}`);
		}
		for (const word of ['system:anonymous。', 'system:unauthenticated），', 'API'].filter(word => stringWidth(word) <= width - 2)) {
			t.true(lines.some(line => line.includes(word)), `width ${width}: ${word} whole`);
		}
	}
	t.deepEqual(wrap('保護叢集保護叢集保護叢集', 10), ['保護叢集保', '  護叢集保', '  護叢集'], 'continued lines hang by two columns');
	t.deepEqual(wrap('the API 伺服器', 9), ['the API', '  伺服器']);
});

test('a URL is never split: it goes whole onto a line of its own', t => {
	const url = 'https://kubernetes.io/docs/tasks/administer-cluster/securing-a-cluster/#restricting-network-access';
	const lines = wrap(`Guide: ${url}`, 40);
	t.deepEqual(lines, ['Guide:', `  ${url}`]);
	t.deepEqual(wrap(`指南：${url}`, 40), ['指南：', `  ${url}`]);
});

test('a long word that is not a URL is still cut to fit', t => {
	t.deepEqual(wrap('x'.repeat(25), 10), ['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
});

test('truncating and padding go by columns, never inside a wide character', t => {
	t.is(truncate('未通過 1.2 拒絕不帶憑據的請求', 11), '未通過 1.2 ');
	t.is(truncate('未通過 1.2 拒絕', 13), '未通過 1.2 拒');
	t.is(truncate('未通過 1.2 拒絕', 14), '未通過 1.2 拒');
	t.is(truncate('拒絕不帶', 5), '拒絕');
	t.is(padEnd('通過', 7), '通過   ');
	t.is(stringWidth(padEnd('未通過', 7)), 7);
	t.is(padEnd('unknown', 7), 'unknown');
});

test('a help line wider than the screen goes on under its description, not under its key', t => {
	const line = '  f             若不會破壞任何東西且能完全復原就立即套用；否則開啟修正畫面';
	const lines = wrapColumns(line, 60);
	t.true(lines.length > 1);
	t.true(lines[0]!.startsWith('  f             若'));
	for (const piece of lines.slice(1)) {
		t.regex(piece, /^ {16}\S/u);
	}
	for (const piece of lines) {
		t.true(stringWidth(piece) <= 60, piece);
	}
	t.deepEqual(wrapColumns('  n  p          next / previous section', 60), ['  n  p          next / previous section'], 'a line that fits is kept as it is');
});
