// Progress per cluster (engine/progress.ts), without a cluster: the file's place and modes,
// writers in several processes at once, a damaged file, and the marks shown beside (never
// instead of) the probed verdicts in the walk's state, the summary and the Markdown report.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {checks} from '../source/checks/index.js';
import {Journal} from '../source/engine/journal.js';
import {progressFile, progressReport, ProgressStore} from '../source/engine/progress.js';
import {markdown} from '../source/engine/summary.js';
import type {Status} from '../source/engine/types.js';
import {Walk, type CheckState, type WalkState} from '../source/engine/walk.js';
import {UserError} from '../source/kube/errors.js';
import type {KubeClient} from '../source/kube/client.js';
import {t as say} from '../source/messages/catalog.js';
import {packageRoot} from '../source/paths.js';
import {bindingFor, footerText, keyOf} from '../source/ui/keys.js';
import {checklistLines} from '../source/ui/progress.js';
import {startLines} from '../source/ui/start.js';
import {summaryLines} from '../source/ui/summary.js';
import {tempDir} from './helpers/cluster.js';

const run = promisify(execFile);
const server = 'https://10.0.0.1:6443';
const anonymousAuth = checks.find(check => check.id === 'anonymous-auth')!;
const mode = (file: string) => fs.statSync(file).mode & 0o777;

test('one file per server and cluster name, 0600 in a 0700 directory, with every kind of progress', t => {
	const dir = path.join(tempDir(), 'progress');
	const file = progressFile(server, 'prod', dir);
	t.not(file, progressFile(server, 'staging', dir), 'the cluster name is part of the key');
	t.not(file, progressFile('https://10.0.0.2:6443', 'prod', dir), 'and so is the server');
	t.regex(path.basename(file), /^10\.0\.0\.1_6443-[\da-f]{16}\.json$/);
	const store = new ProgressStore(server, 'prod', file);
	t.deepEqual(store.read().marks, {}, 'no file yet: nothing recorded');
	store.visit('1', 'anonymous-auth', '2026-01-02T03:04:05.000Z');
	store.mark('anonymous-auth', 'flag', true, {by: 'alice', at: '2026-01-02T03:05:00.000Z', note: 'done on cp-1 and cp-2'});
	store.mark('anonymous-auth', 'verify', true, {by: 'bob', at: '2026-01-02T03:06:00.000Z'});
	store.fixed('network-policy', 7);
	store.accepted('api-tls', {reason: 'lab cluster', by: 'alice', at: '2026-01-02T03:07:00.000Z'});
	t.is(mode(file), 0o600);
	t.is(mode(dir), 0o700);
	const data = new ProgressStore(server, 'prod', file).read();
	t.deepEqual(data.marks['anonymous-auth'], {flag: {by: 'alice', at: '2026-01-02T03:05:00.000Z', note: 'done on cp-1 and cp-2'}, verify: {by: 'bob', at: '2026-01-02T03:06:00.000Z'}});
	t.deepEqual(data.stopped, {section: '1', check: 'anonymous-auth', at: '2026-01-02T03:04:05.000Z'});
	t.deepEqual(data.reviewed, {'anonymous-auth': {at: '2026-01-02T03:04:05.000Z'}});
	t.is(data.fixed['network-policy']?.entry, 7);
	t.is(data.accepted['api-tls']?.reason, 'lab cluster');

	store.mark('anonymous-auth', 'flag', false, {by: 'alice', at: ''});
	store.unfixed('network-policy', 7);
	const after = store.read();
	t.deepEqual(Object.keys(after.marks['anonymous-auth'] ?? {}), ['verify'], 'unmarked');
	t.deepEqual(after.fixed, {}, 'an undone fix is no longer recorded as fixed');
	t.deepEqual(fs.readdirSync(dir).filter(name => name.endsWith('.tmp') || name.endsWith('.lock')), [], 'no temporary file or lock left');

	const report = progressReport(after, checks, file);
	t.deepEqual(report.marks, [{check: 'anonymous-auth', step: 'verify', by: 'bob', at: '2026-01-02T03:06:00.000Z', note: null}]);
	t.deepEqual(report.stopped, {section: '1', check: 'anonymous-auth', at: '2026-01-02T03:04:05.000Z'});
	t.deepEqual(progressReport(after, checks.filter(check => check.id !== 'anonymous-auth'), file).marks, [], 'only the checks run are reported');
});

test('processes writing at once lose none of each other\'s marks', async t => {
	const file = path.join(tempDir(), 'progress', 'shared.json');
	const module = path.join(packageRoot, 'dist', 'source', 'engine', 'progress.js');
	const writers = 4;
	const each = 15;
	const script = `
		const {ProgressStore} = await import(${JSON.stringify(module)});
		const [writer, file, count] = process.argv.slice(1);
		const store = new ProgressStore('${server}', 'prod', file);
		for (let index = 0; index < Number(count); index++) {
			store.mark('check-' + writer, 'step-' + index, true, {by: 'writer-' + writer, at: new Date().toISOString()});
			store.visit('1', 'check-' + writer);
		}`;
	await Promise.all(Array.from({length: writers}, (_, writer) => run(process.execPath, ['--input-type=module', '-e', script, String(writer), file, String(each)])));
	const data = new ProgressStore(server, 'prod', file).read();
	for (let writer = 0; writer < writers; writer++) {
		t.is(Object.keys(data.marks[`check-${writer}`] ?? {}).length, each, `writer ${writer}`);
		t.truthy(data.reviewed[`check-${writer}`]);
	}
	t.is(mode(file), 0o600);
});

for (const [name, content] of [['not JSON', '{"version": 1, "marks": '], ['JSON of another shape', '{"version": 1, "marks": []}'], ['a mark without its author', '{"version": 1, "reviewed": {}, "fixed": {}, "accepted": {}, "marks": {"anonymous-auth": {"flag": {"at": "x"}}}, "stopped": null}']] as const) {
	test(`a damaged progress file (${name}) is named, left untouched, and the walk goes on without progress`, t => {
		const file = path.join(tempDir(), 'damaged.json');
		fs.writeFileSync(file, content, {mode: 0o600});
		const store = new ProgressStore(server, 'prod', file);
		const error = t.throws(() => store.read(), {instanceOf: UserError})!;
		t.true(error.message.startsWith(say('progress.error.damaged', {file, reason: ''}).split('(')[0]!), error.message);
		t.true(error.message.includes(file));
		t.throws(() => store.mark('anonymous-auth', 'flag', true, {by: 'alice', at: 'now'}), {instanceOf: UserError});
		t.is(fs.readFileSync(file, 'utf8'), content, 'left untouched');

		const client = {server} as KubeClient;
		const walk = new Walk(client, [anonymousAuth], undefined, new Journal(server, path.join(tempDir(), 'journal.json')), {progress: store});
		t.is(walk.current.progressProblem, error.message, 'the walk says why progress is off');
		t.is(walk.current.progress, undefined);
		const start = startLines({...walk.current, cluster: {server, context: 'prod', version: 'v1.37.2'}, identity: {username: 'alice', uid: undefined, groups: [], systemMasters: false, impersonated: false}}, 0, 1000).map(line => line.text);
		t.true(start.includes(say('progress.off', {problem: error.message})), 'the start screen says progress is not remembered, and why');
		walk.visit('1', 'anonymous-auth');
		walk.toggleStep('anonymous-auth', 'flag');
		t.is(walk.find('anonymous-auth')?.message?.text, say('progress.off.mark', {problem: error.message}));
		t.is(fs.readFileSync(file, 'utf8'), content, 'still untouched');
	});
}

function item(status: Status): CheckState {
	return {
		check: anonymousAuth, phase: 'done', firstStatus: status, preview: undefined, previewError: undefined, busy: undefined, message: undefined, accepted: undefined, target: undefined,
		result: {id: anonymousAuth.id, section: anonymousAuth.section, durationMs: 0, verdict: {status, severity: 'critical', evidence: []}, fix: {available: false, summary: [], notes: []}},
	};
}

test('the walk records a tick at once and shows it beside the probed verdict, which stays a fail', t => {
	const file = path.join(tempDir(), 'progress.json');
	const walk = new Walk({server} as KubeClient, [anonymousAuth], undefined, new Journal(server, path.join(tempDir(), 'journal.json')), {progress: new ProgressStore(server, 'prod', file)});
	walk.toggleStep('anonymous-auth', 'flag');
	t.is(walk.find('anonymous-auth')?.message?.text, say('progress.marked', {step: 'flag'}));
	t.truthy(new ProgressStore(server, 'prod', file).read().marks['anonymous-auth']?.['flag'], 'on disk at once');
	walk.toggleStep('anonymous-auth', 'nonexistent');
	t.deepEqual(Object.keys(walk.current.progress?.marks['anonymous-auth'] ?? {}), ['flag'], 'a step the check does not have is not recorded');

	const state: WalkState = {...walk.current, checks: [item('fail')]};
	const summary = summaryLines(state, 1000, undefined).map(line => line.text);
	t.true(summary.includes(`  ${say('progress.summary.mark', {section: '1.2', check: 'anonymous-auth', status: say('walk.status.fail'), done: 1, total: 3, steps: 'flag'})}`), summary.join('\n'));
	t.true(summary.includes(`  1.2 anonymous-auth: ${say('walk.summary.kind.manual')}: ${anonymousAuth.words.en.manual}`), 'still in what is left: a mark does not make it pass');
	const md = markdown(state);
	t.regex(md, /- 1\.2 `anonymous-auth`: fail \(critical\)/);
	t.true(md.includes(say('progress.md.checkMarks', {done: 1, total: 3})));
	t.true(md.includes('- [x] `anonymous-auth` step `flag` (probed: fail)'));

	walk.toggleStep('anonymous-auth', 'flag');
	t.is(walk.find('anonymous-auth')?.message?.text, say('progress.unmarked', {step: 'flag'}));
	t.deepEqual(new ProgressStore(server, 'prod', file).read().marks, {});
});

test('a step that needs a file offers o on the check\'s screen, and the walk writes that file from the step', async t => {
	const check = {...anonymousAuth, id: 'with-file', steps: [...anonymousAuth.steps!, {id: 'policy', text: 'step.verify', file: 'audit-policy' as const}]};
	const footer = footerText('detail', check);
	t.true(footer.includes(say('walk.key.file')), footer);
	t.false(footerText('detail', anonymousAuth).includes(say('walk.key.file')), 'no file step, no o');
	t.is(bindingFor('detail', check, 'o', keyOf('o'))?.id, 'file');
	t.is(bindingFor('detail', check, ' ', keyOf(' '))?.id, 'tick', 'space ticks on a check with steps');
	t.is(bindingFor('detail', checks.find(item => item.id === 'anonymous-bindings'), ' ', keyOf(' '))?.id, 'page', 'and pages on one without');
	const lines = checklistLines(check, undefined, 3, 80).map(line => line.text);
	t.true(lines.includes(`      ${say('progress.detail.stepFile', {name: 'audit-policy.yaml'})}`), lines.join('\n'));
	t.true(lines.some(line => line.startsWith('› [ ] 4.')), 'the chosen step is pointed at');

	const dir = tempDir();
	const walk = new Walk({server} as KubeClient, [check], undefined, new Journal(server, path.join(dir, 'journal.json')));
	await walk.writeFile('with-file', path.join(dir, 'audit-policy.yaml'), 'audit-policy');
	t.regex(fs.readFileSync(path.join(dir, 'audit-policy.yaml'), 'utf8'), /^kind: Policy$/m);
	t.is(walk.find('with-file')?.message?.tone, 'good');
});
