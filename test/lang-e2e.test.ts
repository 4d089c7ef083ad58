// Traditional Chinese end to end: the built command chooses its language from --lang, the walk's
// remembered choice or the locale; the walk in a real 80x24 terminal (tmux) under
// LANG=zh_TW.UTF-8, through the start, a section, a check and the summary, with no text cut or
// overlapping; l switches the language live and is remembered; the reports in zh-TW. Every
// expected sentence is taken from the catalog or the checks' words, never written here.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import stringWidth from 'string-width';
import {checks} from '../source/checks/index.js';
import type {Report} from '../source/engine/report.js';
import {checkText, renderCode} from '../source/engine/words.js';
import {setLanguage, tIn, type Language, type MessageId, type MessageParams} from '../source/messages/catalog.js';
import {binary, cli, client, hasStackTrace, tempDir, testCluster} from './helpers/cluster.js';
import {namespaceWith} from './helpers/checks.js';
import {tmuxServer} from './helpers/tmux.js';

const terminals = tmuxServer('harden-lang');
test.after.always(() => terminals.stop());

/** A text of a check's words in a language. */
function checkIn(language: Language, check: (typeof checks)[number], field: 'title' | 'risk' | 'attack' | 'fix' | 'manual' | 'undo'): string {
	setLanguage(language);
	try {
		return checkText(check, field);
	} finally {
		setLanguage('en');
	}
}

/** Whitespace taken out: a sentence wrapped over lines (with their indents) still reads as one. */
const squeeze = (text: string) => text.replaceAll(/\s+/g, '');

/** True when `sentence` appears whole on the screen, over as many lines as it was wrapped to. */
function whole(screen: string, sentence: string): boolean {
	return squeeze(screen).includes(squeeze(sentence));
}

const zh = (id: MessageId, params?: MessageParams) => tIn('zh-TW', id, params);
const en = (id: MessageId, params?: MessageParams) => tIn('en', id, params);
const pattern = (text: string) => new RegExp(text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/** Every line fits 80 columns, none is cut off by the renderer (Ink ends a cut line with …). */
function fits(t: {true(value: boolean, message?: string): void; notRegex(value: string, re: RegExp, message?: string): void}, screen: string, what: string, columns = 80): void {
	for (const line of screen.split('\n')) {
		t.true(stringWidth(line) <= columns, `${what}: "${line}" is ${stringWidth(line)} columns`);
	}
	t.notRegex(screen, /[^…]…$/m, `${what}: a line was cut off`);
}

test('--lang with a language it does not speak: a clear message in the locale\'s language, exit 2', async t => {
	const english = await cli(['--lang', 'xx', '--report', 'json']);
	t.is(english.code, 2);
	t.true(english.stderr.includes(en('cli.error.badLang', {value: 'xx'})), english.stderr);
	t.false(hasStackTrace(english.stderr));
	const chinese = await cli(['--lang=fr'], {LANG: 'zh_TW.UTF-8'});
	t.is(chinese.code, 2);
	t.true(chinese.stderr.includes(zh('cli.error.badLang', {value: 'fr'})), chinese.stderr);
});

test('the usage and errors follow LC_ALL, LC_MESSAGES, LANG; a language chosen in the walk wins over them, --lang over all', async t => {
	const usageZh = zh('cli.usage').split('\n')[1]!.trim();
	const usageEn = en('cli.usage').split('\n')[1]!.trim();
	t.true((await cli(['--help'], {LANG: 'zh_TW.UTF-8'})).stdout.includes(usageZh));
	t.true((await cli(['--help'], {LANG: 'zh_HK.UTF-8'})).stdout.includes(usageZh));
	t.true((await cli(['--help'], {LC_ALL: 'en_US.UTF-8', LANG: 'zh_TW.UTF-8'})).stdout.includes(usageEn));
	t.true((await cli(['--help'], {LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'C'})).stdout.includes(usageZh));
	t.true((await cli(['--help'], {LANG: 'zh_CN.UTF-8'})).stdout.includes(usageEn));
	const unknownFlag = await cli(['--bogus'], {LANG: 'zh_TW.UTF-8'});
	t.is(unknownFlag.code, 2);
	t.true(unknownFlag.stderr.includes(zh('cli.error.unknownFlag', {flag: '--bogus'})), unknownFlag.stderr);
	// Remembered in the walk: over the locale, under --lang.
	const state = tempDir();
	fs.writeFileSync(path.join(state, 'settings.json'), JSON.stringify({language: 'zh-TW'}), {mode: 0o600});
	t.true((await cli(['--help'], {HARDEN_STATE: state, LANG: 'en_US.UTF-8'})).stdout.includes(usageZh));
	t.true((await cli(['--help', '--lang', 'en'], {HARDEN_STATE: state, LANG: 'zh_TW.UTF-8'})).stdout.includes(usageEn));
});

test('--lang zh-TW --report json: zh-TW titles, reasons and evidence for every check with zh-TW words; keys, codes and statuses as in English', async t => {
	const info = await testCluster();
	const state = tempDir();
	const run = async (language: string) => {
		// One namespace that no other test writes to: the two runs (at once) judge the same objects.
		const result = await cli(['--kubeconfig', info.kubeconfigs.admin, '--report', 'json', '--lang', language, '-n', 'default'], {HARDEN_STATE: state});
		t.is(result.code, 0, result.stderr);
		return JSON.parse(result.stdout) as Report;
	};
	const [english, chinese] = await Promise.all([run('en'), run('zh-TW')]);
	t.is(chinese.checks.length, checks.length);
	const translated = checks.filter(check => check.words['zh-TW']);
	t.true(translated.length > 0);
	t.log(`${translated.length} of ${checks.length} checks have zh-TW words: ${checks.filter(check => !check.words['zh-TW']).map(check => check.id).join(', ') || 'all'} still English only`);
	for (const check of translated) {
		const entry = chinese.checks.find(item => item.id === check.id)!;
		t.is(entry.title, checkIn('zh-TW', check, 'title'), check.id);
		t.not(entry.title, checkIn('en', check, 'title'), check.id);
		t.regex(entry.link, /^https:\/\/kubernetes\.io\/zh-cn\/docs\//, check.id);
	}
	for (const [index, entry] of chinese.checks.entries()) {
		const other = english.checks[index]!;
		t.deepEqual(Object.keys(entry), Object.keys(other));
		t.is(entry.id, other.id);
		t.is(entry.status, other.status, entry.id);
		t.is(entry.reasonCode, other.reasonCode, entry.id);
		// Which kinds of line, not how many: cluster-wide checks read what tests running beside this one create.
		t.deepEqual([...new Set(entry.evidence.map(item => item.code))].sort(), [...new Set(other.evidence.map(item => item.code))].sort(), entry.id);
		// A reason or a line with a code reads as its template in zh-TW.
		setLanguage('zh-TW');
		try {
			const reason = entry.reasonCode ? renderCode(entry.reasonCode, entry.reasonParams ?? {}) : undefined;
			if (reason !== undefined && entry.reasonCode?.startsWith(`${entry.id}.`) && checks.find(check => check.id === entry.id)?.words['zh-TW']) {
				t.true(entry.reason?.startsWith(reason), `${entry.id}: ${entry.reason} / ${reason}`);
			}
		} finally {
			setLanguage('en');
		}
	}
	t.deepEqual(Object.keys(chinese), Object.keys(english));
	const markdown = await cli(['--kubeconfig', info.kubeconfigs.admin, '--report', 'markdown', '--lang', 'zh-TW'], {HARDEN_STATE: state});
	t.true(markdown.stdout.startsWith(zh('md.title')));
	t.true(markdown.stdout.includes(zh('md.sections')));
	const junit = await cli(['--kubeconfig', info.kubeconfigs.admin, '--report', 'junit', '--lang', 'zh-TW'], {HARDEN_STATE: state});
	t.true(junit.stdout.includes(zh('section.1.title')));
});

test('the walk in zh-TW at 80x24: start, a section, a check and the summary, whole; l switches to English at once and is remembered', async t => {
	const info = await testCluster();
	const admin = await client();
	const ns = await namespaceWith(admin, 'lang');
	const state = tempDir();
	const session = await terminals.open('walk', `env LANG=zh_TW.UTF-8 HARDEN_STATE=${state} ${binary} --kubeconfig ${info.kubeconfigs.admin} -n ${ns}; echo "EXITED=$?"; sleep 60`, 80, 24);
	const until = (re: RegExp, ms?: number) => session.until(re, ms);

	const start = await until(pattern(zh('walk.start.probed', {total: checks.length, seconds: 'X'}).split('X')[0]!), 60_000);
	t.true(start.includes(zh('walk.title')), start);
	t.true(whole(start, zh('section.1.title')), start);
	t.true(whole(start, zh('walk.start.summary')));
	t.true(start.includes(zh('walk.key.move')));
	fits(t, start, 'start');
	t.log(`start screen, zh-TW, 80x24:\n${start}`);

	await session.keys('Enter');
	const section = await until(pattern(zh('section.1.intro').slice(0, 12)));
	t.true(whole(section, zh('section.1.intro')), section);
	const anonymous = checks.find(check => check.id === 'anonymous-auth')!;
	t.true(section.includes(checkIn('zh-TW', anonymous, 'title')), section);
	fits(t, section, 'section');
	t.log(`section screen, zh-TW, 80x24:\n${section}`);

	// anonymous-auth has its zh-TW words: its title, risk and attack whole on its screen.
	const row = section.split('\n').filter(line => /^[› ] \S \S+\s+\d\.\d /.test(line)).findIndex(line => line.includes(checkIn('zh-TW', anonymous, 'title')));
	t.true(row >= 0);
	await session.keys(...Array.from({length: row}, () => 'j'), 'Enter');
	const check = await until(pattern(zh('walk.detail.risk')));
	t.true(check.includes(checkIn('zh-TW', anonymous, 'title')), check);
	t.true(whole(check, checkIn('zh-TW', anonymous, 'risk')), check);
	t.true(whole(check, checkIn('zh-TW', anonymous, 'attack')), check);
	fits(t, check, 'check');
	t.log(`check screen, zh-TW, 80x24:\n${check}`);
	// At the smallest size the walk supports, the same screen still fits, nothing cut.
	await session.tmux('resize-window', '-t', 'walk', '-x', '60', '-y', '16');
	// Redrawn for the new size: the same screen read three times in a row, 300 ms apart.
	let small = '';
	let same = 0;
	for (const deadline = Date.now() + 20_000; Date.now() < deadline && same < 3; await new Promise(resolve => setTimeout(resolve, 300))) {
		const now = await session.screen();
		same = now === small && now.includes(zh('walk.detail.risk')) ? same + 1 : 0;
		small = now;
	}
	fits(t, small, 'check at 60x16', 60);
	t.true(whole(small, checkIn('zh-TW', anonymous, 'title')), small);
	t.log(`check screen, zh-TW, 60x16:\n${small}`);
	await session.tmux('resize-window', '-t', 'walk', '-x', '80', '-y', '24');
	await until(pattern(zh('walk.detail.attack')));
	// PgDn: on a check with manual steps, space ticks the chosen step.
	await session.keys('PgDn');
	const further = await until(pattern(zh('walk.detail.manual')));
	t.true(whole(further, checkIn('zh-TW', anonymous, 'manual')) || whole(further, checkIn('zh-TW', anonymous, 'fix')), further);
	fits(t, further, 'check, scrolled');

	await session.keys('s');
	const summary = await until(pattern(zh('walk.summary.accepted', {count: 0})));
	t.true(summary.includes(zh('walk.summary.title')));
	t.true(whole(summary, zh('section.1.title')), summary);
	fits(t, summary, 'summary');

	// l: English at once, the check's verdict drawn again from its codes.
	await session.keys('l');
	const english = await until(pattern(en('walk.summary.accepted', {count: 0})));
	t.true(english.includes(en('walk.summary.title')));
	await session.keys('Escape');
	await until(pattern(en('walk.key.move')));
	await session.keys('Enter');
	const englishSection = await until(pattern(en('section.1.intro').slice(0, 30)));
	t.true(englishSection.includes(checkIn('en', anonymous, 'title')), englishSection);
	t.true(englishSection.includes(en('walk.key.lang')), 'the footer offers Chinese again');

	await session.keys('q');
	const end = await until(/EXITED=\d+/);
	t.regex(end, /EXITED=0/);
	const settings = path.join(state, 'settings.json');
	t.deepEqual(JSON.parse(fs.readFileSync(settings, 'utf8')), {language: 'en'});
	t.is(fs.statSync(settings).mode & 0o777, 0o600);
});
