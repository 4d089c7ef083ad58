// Progress that survives the session, in the built command in a real pseudo-terminal (tmux) at
// 80x24 against the real test cluster: review checks, tick a manual step, quit, start again; the
// start screen shows the progress and c continues where the operator stopped; the tick shows in
// the summary and in --report json, while the verdict stays what the probe said. Every text
// looked for is taken from the catalog or the check's words.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {checks} from '../source/checks/index.js';
import {progressFile} from '../source/engine/progress.js';
import type {Report} from '../source/engine/report.js';
import {checkText} from '../source/engine/words.js';
import {loadKubeTarget} from '../source/kube/kubeconfig.js';
import {t as say, type MessageId} from '../source/messages/catalog.js';
import {statusWord} from '../source/ui/lines.js';
import {stepText} from '../source/engine/progress.js';
import {binary, cli, client, hasStackTrace, tempDir, testCluster} from './helpers/cluster.js';
import {namespaceWith} from './helpers/checks.js';
import {tmuxServer, type Terminal} from './helpers/tmux.js';
import {reportErrors} from './helpers/report-schema.js';

const terminals = tmuxServer('harden-progress');
test.after.always(() => terminals.stop());

const anonymousAuth = checks.find(check => check.id === 'anonymous-auth')!;
const sectionOne = checks.filter(check => check.section.split('.')[0] === '1');
/** The screen as one line of words: wrapped lines joined, as an operator reads them. */
const flat = (text: string) => text.replaceAll(/\s+/g, ' ');
/** The part of a message before the placeholder given as `@@`. */
const before = (text: string) => text.split('@@')[0]!;
const shows = (text: string) => new RegExp(flat(text).replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll(' ', '\\s+'));

async function fits(t: {true(value: boolean, message?: string): void}, session: Terminal): Promise<void> {
	const lines = (await session.screen()).replace(/\n$/, '').split('\n');
	t.true(lines.length <= 24 && lines.every(line => line.length <= 80), `the screen stays within 80x24:\n${lines.join('\n')}`);
}

/** Scrolls down (j) until `pattern` is on the screen. */
async function scrollUntil(session: Terminal, pattern: RegExp): Promise<string> {
	for (let index = 0; index < 80; index++) {
		const screen = await session.screen();
		if (pattern.test(flat(screen))) {
			return screen;
		}
		await session.keys('j');
	}
	return session.until(pattern, 2000);
}

function report(stdout: string): Report {
	return JSON.parse(stdout) as Report;
}

test('progress survives quitting: the start screen shows it, c continues at the check, and the tick shows in the summary and the JSON report beside an unchanged verdict', async t => {
	const info = await testCluster();
	const admin = await client();
	const ns = await namespaceWith(admin, 'progress');
	admin.close();
	const state = tempDir();
	const command = `env HARDEN_STATE=${state} ${binary} --kubeconfig ${info.kubeconfigs.admin} -n ${ns}; echo "EXITED=$?"; sleep 60`;
	const probed = new RegExp(`All ${checks.length} checks probed`);
	const title = checkText(anonymousAuth, 'title');
	const firstStep = anonymousAuth.steps![0]!;

	// First session: review api-tls, then anonymous-auth, tick its first step, quit.
	let session = await terminals.open('first', command, 80, 24);
	await session.until(probed, 60_000);
	await session.keys('Enter');
	await session.until(shows(say('section.1.title' as MessageId)));
	const first = sectionOne[0]!;
	await session.keys('Enter');
	await session.until(shows(checkText(first, 'title')));
	await session.keys('Escape');
	await session.until(shows(say('section.1.intro' as MessageId)));
	await session.keys(...Array.from({length: sectionOne.indexOf(anonymousAuth)}, () => 'j'), 'Enter');
	await session.until(shows(`${anonymousAuth.section} ${title}`));
	await fits(t, session);
	await session.keys('Tab');
	const checklist = await session.until(/› \[ \] 1\./);
	t.regex(flat(checklist), shows(`1. ${stepText(anonymousAuth, firstStep)}`.slice(0, 40)), 'the step\'s words');
	await session.keys('Space');
	const ticked = await session.until(/› \[x\] 1\./);
	t.regex(flat(ticked), shows(before(say('progress.detail.stepDone', {by: 'harden-admin', at: '@@'}))), 'who marked it');
	await fits(t, session);
	// "See it yourself" is on the check's screen, above the checklist.
	await session.keys('PgUp', 'PgUp', 'PgUp', 'PgUp');
	await scrollUntil(session, shows(anonymousAuth.seeIt![0]!.slice(0, 40)));
	t.regex(flat(await session.screen()), shows(say('progress.detail.seeIt')));
	await session.keys('q');
	t.regex(await session.until(/EXITED=\d+/), /EXITED=0/);

	// Second session: the start screen shows the progress and offers to continue.
	session = await terminals.open('second', command, 80, 24);
	const start = flat(await session.until(probed, 60_000));
	t.regex(start, shows(say('progress.start.sectionSteps', {reviewed: 2, total: sectionOne.length, done: 1, steps: sectionOne.reduce((sum, check) => sum + (check.steps?.length ?? 0), 0)})));
	t.regex(start, shows(before(say('progress.start.continue', {place: `${anonymousAuth.section} ${title}`, at: '@@'}))));
	t.regex(start, shows(say('progress.key.continue')), 'the footer offers c');
	await fits(t, session);
	// Every item of the list can be reached on 24 rows: the summary, last, too.
	await session.keys('j', 'j', 'j', 'j', 'j');
	await session.until(shows(`› ${say('walk.start.summary')}`));
	await session.keys('c');
	await session.until(shows(`${anonymousAuth.section} ${title}`));
	await session.keys('Tab');
	await session.until(/› \[x\] 1\./);
	await session.keys('s');
	await session.until(shows(say('walk.summary.title')));

	// The verdict is the probe's: the same in a report that knows no progress.
	const fresh = await cli(['--kubeconfig', info.kubeconfigs.admin, '-n', ns, '--report', 'json'], {HARDEN_STATE: tempDir()});
	t.is(fresh.code, 0, fresh.stderr);
	const status = report(fresh.stdout).checks.find(check => check.id === 'anonymous-auth')!.status;
	await scrollUntil(session, shows(say('progress.summary.mark', {section: anonymousAuth.section, check: anonymousAuth.id, status: statusWord(status), done: 1, total: anonymousAuth.steps!.length, steps: firstStep.id})));
	await fits(t, session);
	await session.keys('q');
	t.regex(await session.until(/EXITED=\d+/), /EXITED=0/);

	const marked = await cli(['--kubeconfig', info.kubeconfigs.admin, '-n', ns, '--report', 'json'], {HARDEN_STATE: state});
	t.is(marked.code, 0, marked.stderr);
	const json = report(marked.stdout);
	t.deepEqual(reportErrors(json), [], 'the report with progress matches its schema');
	const unsigned = structuredClone(json) as unknown as {progress: {marks: Array<Record<string, unknown>>}};
	delete unsigned.progress.marks[0]!['by'];
	t.notDeepEqual(reportErrors(unsigned), [], 'and the schema refuses a mark that says not by whom');
	t.is(json.checks.find(check => check.id === 'anonymous-auth')!.status, status, 'a mark never changes the status');
	t.deepEqual(json.progress?.marks.map(({check, step, by, note}) => ({check, step, by, note})), [{check: 'anonymous-auth', step: firstStep.id, by: 'harden-admin', note: null}]);
	t.deepEqual(json.progress?.reviewed.map(item => item.check).sort(), [first.id, anonymousAuth.id].sort());
	t.is(json.progress?.stopped?.check, anonymousAuth.id);
	t.is(json.progress?.file, progressFile(info.server, loadKubeTarget({kubeconfig: info.kubeconfigs.admin}).clusterName, path.join(state, 'progress')));
});

test('a damaged progress file: the report says which file, carries no progress, and leaves the file as it was', async t => {
	const info = await testCluster();
	const state = tempDir();
	const file = progressFile(info.server, loadKubeTarget({kubeconfig: info.kubeconfigs.admin}).clusterName, path.join(state, 'progress'));
	fs.mkdirSync(path.dirname(file), {recursive: true});
	fs.writeFileSync(file, '{"version": 1, "marks": ', {mode: 0o600});
	const result = await cli(['--kubeconfig', info.kubeconfigs.admin, '--section', '1.2', '--report', 'json'], {HARDEN_STATE: state});
	t.is(result.code, 0, result.stderr);
	t.is(report(result.stdout).progress, null);
	t.deepEqual(reportErrors(JSON.parse(result.stdout)), []);
	t.true(flat(result.stderr).includes(before(say('progress.report.off', {problem: '@@'}))), result.stderr);
	t.true(result.stderr.includes(file));
	t.false(hasStackTrace(result.stderr));
	t.is(fs.readFileSync(file, 'utf8'), '{"version": 1, "marks": ');
});

test('kubectl harden mark marks a step done without the walk, with a note, and --undo unmarks it; bad input is refused in words', async t => {
	const info = await testCluster();
	const state = tempDir();
	const harden = (...args: string[]) => cli(['--kubeconfig', info.kubeconfigs.admin, ...args], {HARDEN_STATE: state});
	const withSteps = checks.filter(check => (check.steps?.length ?? 0) > 0).map(check => check.id).join(', ');
	const steps = anonymousAuth.steps!.map(step => step.id).join(', ');
	const refused = [
		[[], say('progress.cli.needsCheck', {checks: withSteps})],
		[['anonymous-bindings', 'flag'], say('progress.cli.noSteps', {id: 'anonymous-bindings', checks: withSteps})],
		[['anonymous-auth'], say('progress.cli.needsStep', {id: 'anonymous-auth', steps})],
		[['anonymous-auth', 'nope'], say('progress.cli.unknownStep', {id: 'anonymous-auth', step: 'nope', steps})],
	] as const;
	for (const [args, message] of refused) {
		const result = await harden('mark', ...args);
		t.is(result.code, 2, args.join(' '));
		t.is(result.stderr.trim(), say('cli.error.prefix', {message}));
		t.false(hasStackTrace(result.stderr));
	}
	const misplaced = await harden('--report', 'json', '--note', 'x');
	t.is(misplaced.code, 2);
	t.is(misplaced.stderr.trim(), say('cli.error.prefix', {message: say('cli.error.flagNotHere', {flag: '--note', where: 'kubectl harden mark'})}));
	t.regex((await cli(['--help'])).stdout, /kubectl harden mark <check-id> <step>/);

	const marked = await harden('mark', 'anonymous-auth', 'verify', '--note', 'curl says 401 on cp-1');
	t.is(marked.code, 0, marked.stderr);
	t.true(marked.stdout.startsWith(before(say('progress.cli.marked', {check: 'anonymous-auth', step: 'verify', by: 'harden-admin', at: '@@', file: ''}))), marked.stdout);
	const first = report((await harden('--section', '1.2', '--report', 'json')).stdout);
	t.deepEqual(first.progress?.marks.map(({check, step, by, note}) => ({check, step, by, note})), [{check: 'anonymous-auth', step: 'verify', by: 'harden-admin', note: 'curl says 401 on cp-1'}]);
	t.deepEqual(reportErrors(first), []);
	const markdown = await harden('--section', '1.2', '--report', 'markdown');
	const status = first.checks.find(check => check.id === 'anonymous-auth')!.status;
	t.true(markdown.stdout.includes(before(say('progress.md.mark', {check: 'anonymous-auth', step: 'verify', status, text: '@@', by: '', at: ''}))), markdown.stdout);
	t.regex(markdown.stdout, new RegExp(`1\\.2 \`anonymous-auth\`: ${status} `), 'the verdict in the list is the probe\'s');
	t.true(markdown.stdout.includes(say('progress.md.note', {note: 'curl says 401 on cp-1'})));

	const unmarked = await harden('mark', 'anonymous-auth', 'verify', '--undo');
	t.is(unmarked.code, 0, unmarked.stderr);
	t.true(unmarked.stdout.startsWith(before(say('progress.cli.unmarked', {check: 'anonymous-auth', step: 'verify', file: '@@'}))));
	t.deepEqual(report((await harden('--section', '1.2', '--report', 'json')).stdout).progress?.marks, []);
	const again = await harden('mark', 'anonymous-auth', 'verify', '--undo');
	t.is(again.stdout.trim(), say('progress.cli.notMarked', {check: 'anonymous-auth', step: 'verify'}));
});

test('a fix applied with kubectl harden fix --yes is recorded as fixed with its journal entry, and no longer once undone', async t => {
	const info = await testCluster();
	const admin = await client();
	const ns = await namespaceWith(admin, 'progress-fix');
	admin.close();
	const state = tempDir();
	const harden = (...args: string[]) => cli(['--kubeconfig', info.kubeconfigs.admin, '-n', ns, ...args], {HARDEN_STATE: state});
	const fixed = await harden('fix', 'network-policy', '--yes');
	t.is(fixed.code, 0, fixed.stdout + fixed.stderr);
	const after = report((await harden('--section', '3', '--report', 'json')).stdout);
	t.deepEqual(after.progress?.fixed.map(({check, entry}) => ({check, entry})), [{check: 'network-policy', entry: 1}]);
	const undone = await harden('undo');
	t.is(undone.code, 0, undone.stdout + undone.stderr);
	t.deepEqual(report((await harden('--section', '3', '--report', 'json')).stdout).progress?.fixed, []);
});
