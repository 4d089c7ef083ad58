// The walk's keys table drives the footer, the help screen and input handling; the README's key
// list is held to it. No cluster: the table, the checks and the README are read as they are.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {checks, findCheck} from '../source/checks/index.js';
import {packageRoot} from '../source/paths.js';
import {footerText, helpText, keyTable} from '../source/ui/keys.js';

const check = (id: string) => findCheck(id)!;

test('the footers read from the table are the walk\'s footers, word for word', t => {
	t.is(footerText('start', undefined), '↑↓/jk move · Enter open · c continue · l 中文 · ? keys · q quit');
	t.is(footerText('start', undefined, {fixAvailable: false, targets: 0, undoable: false, resumable: false}), '↑↓/jk move · Enter open · l 中文 · ? keys · q quit', 'nothing to continue: no c');
	t.is(footerText('detail', check('anonymous-auth')), '↑↓/jk scroll · Tab step · space tick · a accept · r re-probe · n/p section · Esc back · l 中文 · ? keys · q quit', 'a check with manual steps');
	t.is(footerText('section', undefined), '↑↓/jk move · Enter open · n/p section · Esc back · l 中文 · ? keys · q quit');
	t.is(footerText('detail', check('network-policy')), '↑↓/jk scroll · f fix · F fix screen · t target · u undo · Tab step · space tick · a accept · r re-probe · n/p section · Esc back · l 中文 · ? keys · q quit');
	t.is(footerText('detail', check('audit-logging')), '↑↓/jk scroll · Tab step · space tick · o write file · a accept · r re-probe · n/p section · Esc back · l 中文 · ? keys · q quit');
	t.is(footerText('detail', check('encryption-at-rest')), '↑↓/jk scroll · Tab step · space tick · o write file · e re-encrypt stored data · a accept · r re-probe · n/p section · Esc back · l 中文 · ? keys · q quit');
	t.is(footerText('summary', undefined), '↑↓/jk scroll · w write Markdown report · Esc back · l 中文 · q quit');
	t.is(footerText('fix', check('network-policy')), '↑↓/jk scroll · Enter/y apply · c options · t target · Esc back · ? keys · q quit');
	t.is(footerText('fix', check('legacy-sa-tokens')), '↑↓/jk scroll · Enter/y apply · t target · Esc back · ? keys · q quit');
});

test('a manual check\'s footer offers no f, t or u; every check with a fix offers them', t => {
	for (const item of checks) {
		const footer = footerText('detail', item);
		t.is(/ f fix · F fix screen · t target · u undo /.test(footer), item.planFix !== undefined, item.id);
	}
	t.is(footerText('detail', check('api-tls')), '↑↓/jk scroll · Tab step · space tick · a accept · r re-probe · n/p section · Esc back · l 中文 · ? keys · q quit');
	t.is(footerText('detail', check('anonymous-bindings')), '↑↓/jk scroll · f fix · F fix screen · t target · u undo · a accept · r re-probe · n/p section · Esc back · l 中文 · ? keys · q quit', 'a check with no manual step: no Tab, no space');
});

test('on a check\'s screen the footer offers only the keys that apply now', t => {
	const networkPolicy = check('anonymous-bindings');
	t.is(footerText('detail', networkPolicy, {fixAvailable: true, targets: 1, undoable: false}), '↑↓/jk scroll · f fix · F fix screen · a accept · r re-probe · n/p section · Esc back · l 中文 · ? keys · q quit', 'one finding: no t; nothing applied: no u');
	t.is(footerText('detail', networkPolicy, {fixAvailable: false, targets: 0, undoable: true}), '↑↓/jk scroll · u undo · a accept · r re-probe · n/p section · Esc back · l 中文 · ? keys · q quit', 'after the fix: only u');
	t.is(footerText('detail', networkPolicy, {fixAvailable: true, targets: 3, undoable: false}), '↑↓/jk scroll · f fix · F fix screen · t target · a accept · r re-probe · n/p section · Esc back · l 中文 · ? keys · q quit');
});

test('the help screen lists every key of the table, in its order', t => {
	t.is(helpText(), 'Keys\n\n  ↑ ↓  j k      move, or scroll\n  space         (check) mark the chosen manual step done, or not done\n  Tab  S-Tab    (check) next / previous manual step\n  Enter         open\n  Esc  Backspace  go back\n  n  p          next / previous section\n  c             (start) continue where you left off\n  f             apply at once if nothing breaks and undo restores all; else open the fix screen\n  F             open the fix screen: what it writes, breaks and cannot undo; confirm there\n  Enter  y      (fix screen) apply the fix\n  c             (fix screen) change the options of the fix\n  t             limit the fix to one finding (again for the next; all after the last)\n  u             undo the last fix of this check\n  a             accept the risk, with a reason (kept in the journal)\n  r             probe this check again\n  o             write the file a manual step needs (audit policy, encryption configuration)\n  e             (encryption at rest) rewrite stored objects so they are encrypted\n  s             summary\n  w             (summary) write the Markdown report\n  l             switch the language (English / 中文); remembered for next time\n  ?             this help\n  q             quit (waits for a fix under way)\n\nPress any key to close.');
});

test('on a screen, the help lists only the keys that act there', t => {
	t.is(helpText('start'), 'Keys\n\n  ↑ ↓  j k      move, or scroll\n  Enter         open\n  c             (start) continue where you left off\n  s             summary\n  l             switch the language (English / 中文); remembered for next time\n  ?             this help\n  q             quit (waits for a fix under way)\n\nPress any key to close.');
	const onManual = helpText('detail', check('api-tls'));
	t.notRegex(onManual, /\n {2}[fFtu] {13}/);
	t.regex(helpText('detail', check('network-policy')), /\n {2}f {13}apply at once[\s\S]*\n {2}t {13}[\s\S]*\n {2}u {13}/);
	t.notRegex(onManual, /\n {2}o {13}/);
	t.regex(helpText('detail', check('audit-logging')), /\n {2}o {13}write the file/);
	t.regex(helpText('fix', check('network-policy')), /\n {2}c {13}\(fix screen\)/);
	t.notRegex(helpText('fix', check('legacy-sa-tokens')), /\n {2}c {13}/);
});

test('the README\'s key table names every key of the table, and no other', t => {
	const readme = fs.readFileSync(path.join(packageRoot, 'README.md'), 'utf8');
	const table = readme.slice(readme.indexOf('| key | does |'));
	const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
	const named = new Set(rows.flatMap(row => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map(match => match[1]!)));
	const documented = new Set(rows.flatMap(row => [...row.matchAll(/`([^`]+)`/g)].map(match => match[1]!)));
	for (const binding of keyTable) {
		for (const key of binding.keys) {
			t.true(named.has(key) || documented.has(key), `${binding.id}: ${key} is not in the README's key table`);
		}
	}
	const known = new Set(keyTable.flatMap(binding => binding.keys));
	for (const key of named) {
		t.true(known.has(key), `the README's key table names ${key}, which the walk does not have`);
	}
});
