// Fixes under faults, as an operator and a flaky network would cause them: signals at exact
// points of a multi-object fix, a stalled or cut connection, two fixes at once, bad input.
// Requests pass through a TLS proxy on loopback to the real API server, so a test can hold
// one at an exact point (see helpers/proxy.ts); every answer is the API server's own.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {defaultDenyName} from '../source/checks/network-policy.js';
import {Journal, type JournalEntry} from '../source/engine/journal.js';
import {cli, client, hasStackTrace, tempDir, testCluster} from './helpers/cluster.js';
import {namespaceWith, read} from './helpers/checks.js';
import {startProxy, type Proxy} from './helpers/proxy.js';
import {start} from './helpers/spawn.js';

const run = promisify(execFile);
const policyRef = (namespace: string) => ({apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace, name: defaultDenyName});

interface Setup {
	proxy: Proxy;
	state: string;
	env: NodeJS.ProcessEnv;
	namespaces: string[];
	/** `fix network-policy` on the test's namespaces, through the proxy. */
	fixArgs: string[];
	policies: () => Promise<string[]>;
	entries: () => JournalEntry[];
}

async function setup(t: {teardown: (fn: () => Promise<void>) => void}, prefix: string, count = 3): Promise<Setup> {
	const info = await testCluster();
	const admin = await client();
	const proxy = await startProxy(info);
	t.teardown(() => proxy.close());
	const state = tempDir();
	const namespaces: string[] = [];
	for (let index = 0; index < count; index++) {
		namespaces.push(await namespaceWith(admin, `${prefix}${index}`));
	}
	return {
		proxy,
		state,
		env: {HARDEN_STATE: state},
		namespaces,
		fixArgs: ['--kubeconfig', proxy.kubeconfig, 'fix', 'network-policy', ...namespaces.flatMap(ns => ['--target', ns]), '--yes'],
		policies: async () => {
			const present: string[] = [];
			for (const ns of namespaces) {
				if (await read(admin, policyRef(ns))) {
					present.push(ns);
				}
			}
			return present;
		},
		entries: () => {
			const dir = path.join(state, 'journal');
			return fs.existsSync(dir) ? fs.readdirSync(dir).filter(file => file.endsWith('.json')).flatMap(file => new Journal(proxy.url, path.join(dir, file)).entries()) : [];
		},
	};
}

/** The first request after `writes` real writes have been answered: the fix's read before its next write. */
const afterWrites = (proxy: Proxy, writes: number) => proxy.hold(() => proxy.writesDone() >= writes);

/** SIGINT after `writes` writes, then a second SIGINT while the rollback's first delete is held. */
async function interruptTwice(running: ReturnType<typeof start>, proxy: Proxy, writes: number): Promise<void> {
	await afterWrites(proxy, writes);
	running.signal('SIGINT');
	await running.printed(/SIGINT: stopping before the next write/);
	const rollbackWrite = proxy.hold(request => request.write && request.method === 'DELETE');
	proxy.release();
	await rollbackWrite;
	running.signal('SIGINT');
}

for (const [signal, code, writes] of [['SIGINT', 130, 1], ['SIGTERM', 143, 2], ['SIGHUP', 129, 1]] as const) {
	test(`${signal} after ${writes} of 3 writes: no further write, what was written is rolled back, exit ${code}`, async t => {
		const s = await setup(t, `sig${code}-`);
		const running = start(s.fixArgs, s.env);
		await afterWrites(s.proxy, writes);
		t.is((await s.policies()).length, writes, 'the fix was caught mid-way');
		running.signal(signal);
		await running.printed(new RegExp(`${signal}: stopping before the next write`));
		s.proxy.release();
		const result = await running.exited;
		t.is(result.code, code, result.output);
		t.regex(result.output, new RegExp(`Interrupted by ${signal}: no further change was written\\.`));
		t.regex(result.output, /Rolled back what had been written: NetworkPolicy .*The cluster is as it was before the fix\./);
		t.regex(result.output, /Journal entry 1: rolled-back\./);
		t.deepEqual(await s.policies(), [], 'nothing is left in the cluster');
		t.is(s.proxy.seen.filter(request => request.write && request.method === 'POST').length, writes, 'no write was sent after the signal');
		const [entry] = s.entries();
		t.is(entry?.status, 'rolled-back');
		t.is(entry?.owner, undefined);
		t.false(hasStackTrace(result.output));
	});
}

test('a second SIGINT during the rollback says what is still being put back; the rollback still finishes', async t => {
	const s = await setup(t, 'sig2-');
	const running = start(s.fixArgs, s.env);
	await interruptTwice(running, s.proxy, 2);
	await running.printed(/Rollback of journal entry 1 in progress; still to revert: NetworkPolicy \S+, NetworkPolicy \S+\. Press Ctrl-C once more to quit now/);
	s.proxy.release();
	const result = await running.exited;
	t.is(result.code, 130, result.output);
	t.regex(result.output, /Journal entry 1: rolled-back\./);
	t.deepEqual(await s.policies(), []);
});

test('a third SIGINT quits during the rollback; the entry is interrupted, and plain undo reverts exactly what is left, not an older fix', async t => {
	const s = await setup(t, 'sig3-', 4);
	const [older, ...rest] = s.namespaces;
	// An older fix that must stay untouched.
	const first = await cli(['--kubeconfig', s.proxy.kubeconfig, 'fix', 'network-policy', '--target', older!, '--yes'], s.env);
	t.is(first.code, 0, first.stdout + first.stderr);
	const running = start(['--kubeconfig', s.proxy.kubeconfig, 'fix', 'network-policy', ...rest.flatMap(ns => ['--target', ns]), '--yes'], s.env);
	await interruptTwice(running, s.proxy, s.proxy.writesDone() + 2);
	await running.printed(/Rollback of journal entry 2 in progress/);
	running.signal('SIGINT');
	const result = await running.exited;
	t.is(result.code, 130, result.output);
	t.regex(result.output, /Quitting now\. Journal entry 2 is marked interrupted; kubectl harden undo 2 reverts what is left\./);
	// The held revert never reaches the API server.
	s.proxy.release('cut');
	t.is((await s.policies()).length, 3, 'the older fix and the two written by the interrupted one');
	const entry = s.entries().find(item => item.id === 2)!;
	t.is(entry.status, 'interrupted');

	const listed = await cli(['--kubeconfig', s.proxy.kubeconfig, 'journal'], s.env);
	t.regex(listed.stdout, /Needs attention[^\n]*\n#2 {2}\S+ {2}network-policy {2}interrupted/);
	t.regex(listed.stdout, /2 change\(s\) may still be in the cluster: NetworkPolicy/);
	t.regex(listed.stdout, /Earlier and finished:\n#1 {2}\S+ {2}network-policy {2}applied/);

	const undone = await cli(['--kubeconfig', s.proxy.kubeconfig, 'undo'], s.env);
	t.is(undone.code, 0, undone.stdout + undone.stderr);
	t.regex(undone.stdout, /^#2 /);
	t.regex(undone.stdout, /Undone: journal entry 2\./);
	t.deepEqual(await s.policies(), [older], 'exactly what the interrupted fix left was reverted; the older fix stays');
});

test('SIGKILL mid-fix: the next command finds the entry\'s process gone, reads which changes landed, marks it interrupted, and undo reverts them', async t => {
	const s = await setup(t, 'kill9-');
	const running = start(s.fixArgs, s.env);
	// The second create is on its way when the process is killed outright; it still lands.
	await s.proxy.hold(request => request.write && s.proxy.writesDone() >= 1);
	running.signal('SIGKILL');
	await running.exited;
	s.proxy.release();
	for (let i = 0; i < 100 && s.proxy.writesDone() < 2; i++) {
		await new Promise(resolve => setTimeout(resolve, 50));
	}
	t.is((await s.policies()).length, 2);
	const [stale] = s.entries();
	t.is(stale?.status, 'applying', 'left as it was by the killed process');
	t.deepEqual(stale?.changes.map(change => change.state), ['done', 'pending']);

	const listed = await cli(['--kubeconfig', s.proxy.kubeconfig, 'journal'], s.env);
	t.regex(listed.stdout, /^Journal entry 1 \(network-policy\) was being written by a process that is gone: checked the cluster, 2 of its changes landed\. Marked interrupted; kubectl harden undo 1 reverts what landed\./);
	t.regex(listed.stdout, /Needs attention[^\n]*\n#1 {2}\S+ {2}network-policy {2}interrupted/);
	t.deepEqual(s.entries()[0]?.changes.map(change => change.state), ['done', 'done']);
	const undone = await cli(['--kubeconfig', s.proxy.kubeconfig, 'undo'], s.env);
	t.is(undone.code, 0, undone.stdout + undone.stderr);
	t.deepEqual(await s.policies(), []);
});

test('a journal that cannot be written mid-fix: nothing more is sent, what was written is rolled back, and the next command settles the entry', async t => {
	const s = await setup(t, 'fsfail-');
	const dir = path.join(s.state, 'journal');
	const running = start(s.fixArgs, s.env);
	await afterWrites(s.proxy, 1);
	// Even root cannot write into an immutable directory.
	await run('chattr', ['+i', dir]);
	t.teardown(() => run('chattr', ['-i', dir]).then(() => undefined, () => undefined));
	s.proxy.release();
	const result = await running.exited;
	await run('chattr', ['-i', dir]);
	t.is(result.code, 1, result.output);
	t.regex(result.output, /The fix stopped: the journal \S+ cannot be written \(EPERM\)\./);
	t.regex(result.output, /Rolled back what had been written: NetworkPolicy /);
	t.regex(result.output, /The journal could not be written: /);
	t.deepEqual(await s.policies(), []);
	t.is(s.proxy.seen.filter(request => request.write && request.method === 'POST').length, 1, 'the write whose intent could not be recorded was never sent');

	const listed = await cli(['--kubeconfig', s.proxy.kubeconfig, 'journal'], s.env);
	t.regex(listed.stdout, /Journal entry 1 \(network-policy\) was being written by a process that is gone: checked the cluster, 0 of its changes landed\./);
	t.notRegex(listed.stdout, /Needs attention/);
	t.deepEqual(s.entries()[0]?.changes.map(change => change.state), ['rolled-back']);
});

test('SIGINT during an undo stops before its next change; the entry is partly undone and a plain undo finishes it', async t => {
	const s = await setup(t, 'undo-sig-');
	const applied = await cli(s.fixArgs, s.env);
	t.is(applied.code, 0, applied.stdout + applied.stderr);
	const before = s.proxy.writesDone();
	const running = start(['--kubeconfig', s.proxy.kubeconfig, 'undo'], s.env);
	// The undo's first delete is on its way when the operator presses Ctrl-C.
	await s.proxy.hold(request => request.write && request.method === 'DELETE');
	running.signal('SIGINT');
	await running.printed(/SIGINT: stopping before the next change of this undo/);
	s.proxy.release();
	const result = await running.exited;
	t.is(result.code, 130, result.output);
	t.regex(result.output, /Undo stopped by SIGINT before the next change; 2 change\(s\) of entry 1 are still in the cluster\. Run kubectl harden undo 1 to finish\./);
	t.is(s.proxy.writesDone() - before, 1, 'only the delete already on its way was made');
	t.is((await s.policies()).length, 2);
	t.is(s.entries()[0]?.status, 'partly-undone');
	const finished = await cli(['--kubeconfig', s.proxy.kubeconfig, 'undo'], s.env);
	t.is(finished.code, 0, finished.stdout + finished.stderr);
	t.deepEqual(await s.policies(), []);
	t.is(s.entries()[0]?.status, 'undone');
});

test('a SIGINT before anything is written ends at once with nothing journaled', async t => {
	const s = await setup(t, 'sig0-', 1);
	const running = start(s.fixArgs, s.env);
	await s.proxy.hold(request => request.method === 'POST' && request.path.includes('dryRun=All'));
	running.signal('SIGINT');
	const result = await running.exited;
	t.is(result.code, 130);
	s.proxy.release();
	t.deepEqual(s.entries(), []);
	t.deepEqual(await s.policies(), []);
});

test('the API server stalls mid-fix: the write times out, the rollback cannot reach it, the process exits promptly, and undo later reverts what landed', async t => {
	const s = await setup(t, 'stall-');
	const running = start([...s.fixArgs, '--request-timeout', '2s'], s.env);
	await afterWrites(s.proxy, 1);
	s.proxy.mode = 'stall';
	const stalledAt = Date.now();
	s.proxy.release();
	const result = await running.exited;
	const seconds = (Date.now() - stalledAt) / 1000;
	t.log(`from the stall to the operator reading why: ${seconds.toFixed(1)} s`);
	t.is(result.code, 1, result.output);
	t.true(seconds < 15, `exited ${seconds} s after the stall`);
	t.regex(result.output, /The fix stopped: the API server at https:\/\/127\.0\.0\.1:\d+ did not answer \w+ \S+ within 2s/);
	t.regex(result.output, /Could NOT roll back NetworkPolicy/);
	t.regex(result.output, /Still in the cluster from this fix: NetworkPolicy \S+\. Run kubectl harden undo 1 to revert them when the API server answers\./);
	t.regex(result.output, /Journal entry 1: failed\./);
	t.is((await s.policies()).length, 1);

	s.proxy.mode = 'pass';
	const undone = await cli(['--kubeconfig', s.proxy.kubeconfig, 'undo'], s.env);
	t.is(undone.code, 0, undone.stdout + undone.stderr);
	t.deepEqual(await s.policies(), []);
	t.is(s.entries()[0]?.status, 'undone');
});

test('a server that accepts and never answers: the report says so within the default time limit and exits', async t => {
	let connectedAt: number | undefined;
	const silent = net.createServer(() => {
		connectedAt ??= Date.now();
	});
	await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
	t.teardown(() => silent.close());
	const file = path.join(tempDir(), 'silent.kubeconfig');
	fs.writeFileSync(file, JSON.stringify({
		apiVersion: 'v1', kind: 'Config',
		clusters: [{name: 'c', cluster: {server: `https://127.0.0.1:${(silent.address() as net.AddressInfo).port}`, 'insecure-skip-tls-verify': true}}],
		users: [{name: 'u', user: {token: 'x'}}], contexts: [{name: 'x', context: {cluster: 'c', user: 'u'}}], 'current-context': 'x',
	}));
	const running = start(['--kubeconfig', file, '--report', 'json']);
	const result = await running.exited;
	// Timed from the first connection, not from the start: starting the program is not the server's fault.
	const seconds = (running.printedAt(/did not answer/)! - connectedAt!) / 1000;
	t.log(`a stalled server reported ${seconds.toFixed(1)} s after the first connection (${(result.ms / 1000).toFixed(1)} s in all)`);
	t.is(result.code, 1);
	t.regex(result.output, /did not answer .* within 10s \(--request-timeout\)/);
	t.true(seconds >= 9.5 && seconds < 20, `${seconds} s`);
	t.true(result.at - running.printedAt(/did not answer/)! < 3000, 'and exits once it has said so');
	t.false(hasStackTrace(result.output));
});

test('a server that stalls during the probe: every check it stopped is unknown with the time limit as the reason, and the report arrives promptly', async t => {
	const s = await setup(t, 'probe-stall-', 1);
	const running = start(['--kubeconfig', s.proxy.kubeconfig, '--request-timeout', '3s', '--report', 'json']);
	// Connected and identified; the first list of objects stalls, and everything after it.
	await s.proxy.hold(request => request.method === 'GET' && /[?&]limit=/.test(request.path));
	s.proxy.mode = 'stall';
	const stalledAt = Date.now();
	s.proxy.release();
	const result = await running.exited;
	const seconds = (Date.now() - stalledAt) / 1000;
	t.log(`stall to full report: ${seconds.toFixed(1)} s`);
	t.is(result.code, 0, result.output);
	const report = JSON.parse(result.output) as {checks: Array<{id: string; status: string; reason: string | null}>};
	const timedOut = report.checks.filter(check => /did not answer .* within 3s/.test(check.reason ?? ''));
	t.true(timedOut.length >= 5, `${timedOut.length} checks name the time limit`);
	t.true(timedOut.every(check => check.status === 'unknown'), 'a check that timed out is unknown, never pass');
	t.true(seconds < 20, `${seconds} s`);
});

test('an answer whose body stalls half-way reports the time limit, not an internal error', async t => {
	const s = await setup(t, 'body-', 1);
	s.proxy.mode = 'stall-body';
	const running = start(['--kubeconfig', s.proxy.kubeconfig, '--request-timeout', '2s', '--report', 'json', '--section', '3.4']);
	const result = await running.exited;
	t.is(result.code, 1, result.output);
	t.regex(result.output, /did not answer \w+ \S+ within 2s \(--request-timeout\)/);
	t.notRegex(result.output, /internal error/);
	const seconds = (running.printedAt(/did not answer/)! - s.proxy.seen[0]!.at) / 1000;
	// The limit runs from when the request was made, before the connection and its TLS handshake reached the proxy.
	t.true(seconds >= 1 && seconds < 8, `said so ${seconds} s after the first stalled answer`);
	t.true(result.at - running.printedAt(/did not answer/)! < 3000, 'and exits once it has said so');
});

test('a connection cut mid-request is an aborted request in words', async t => {
	const s = await setup(t, 'cut-', 1);
	s.proxy.mode = 'cut';
	const running = start(['--kubeconfig', s.proxy.kubeconfig, '--report', 'json', '--section', '3.4']);
	const result = await running.exited;
	t.is(result.code, 1);
	t.regex(result.output, /the connection to the API server at https:\/\/127\.0\.0\.1:\d+ broke during \w+ \S+ \(ECONNRESET/);
	t.false(hasStackTrace(result.output));
	// No timer or socket keeps the process alive once it has said why (it used to linger 30-60 s).
	const lingered = result.at - running.printedAt(/broke during/)!;
	t.true(lingered < 3000, `exited ${lingered} ms after saying why`);
});

test('two fixes at once: both are applied and both are in the journal', async t => {
	const s = await setup(t, 'conc-', 2);
	const [a, b] = s.namespaces;
	const runs = await Promise.all([a!, b!].map(ns => cli(['--kubeconfig', s.proxy.kubeconfig, 'fix', 'network-policy', '--target', ns, '--yes'], s.env)));
	for (const run of runs) {
		t.is(run.code, 0, run.stdout + run.stderr);
		t.regex(run.stdout, /Applied\. Journal entry [12];/);
	}
	const entries = s.entries();
	t.deepEqual(entries.map(entry => entry.id).sort(), [1, 2]);
	t.true(entries.every(entry => entry.status === 'applied'));
	t.deepEqual(entries.map(entry => entry.targets[0]).sort(), [a, b].sort());
	t.deepEqual((await s.policies()).sort(), [a, b].sort());
});

test('bad input: a target that is not a finding, a namespace that does not exist, a damaged journal, an http:// address for an HTTPS server', async t => {
	const s = await setup(t, 'bad-', 1);
	const info = await testCluster();
	const kubeconfig = ['--kubeconfig', info.kubeconfigs.admin];

	const stranger = await cli([...kubeconfig, 'fix', 'network-policy', '--target', 'no-such-namespace-x1', '--yes'], s.env);
	t.is(stranger.code, 2);
	t.regex(stranger.stderr, new RegExp(`--target no-such-namespace-x1: not a finding of network-policy .*Findings it can fix: .*${s.namespaces[0]}`));
	t.deepEqual(s.entries(), []);

	for (const args of [['--report', 'json'], ['fix', 'network-policy']]) {
		const missing = await cli([...kubeconfig, '-n', 'no-such-namespace-x2', ...args], s.env);
		t.is(missing.code, 2, args.join(' '));
		t.regex(missing.stderr, /the namespace "no-such-namespace-x2" \(-n\) does not exist on https:\/\/127\.0\.0\.1:\d+; nothing was probed\./);
		t.is(missing.stdout, '');
	}

	const fixed = await cli([...kubeconfig, 'fix', 'network-policy', '--target', s.namespaces[0]!, '--yes'], s.env);
	t.is(fixed.code, 0);
	const dir = path.join(s.state, 'journal');
	const file = path.join(dir, fs.readdirSync(dir).find(name => name.endsWith('.json'))!);
	fs.writeFileSync(file, '{"server": "x", "entries": [');
	for (const args of [['journal'], ['undo'], ['fix', 'network-policy', '--yes']]) {
		const damaged = await cli([...kubeconfig, ...args], s.env);
		t.is(damaged.code, 1, args.join(' '));
		t.regex(damaged.stderr, new RegExp(`the journal ${file.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged \\(.*\\)\\. It was left untouched\\. To start a new one, move it aside: mv "`));
		t.false(hasStackTrace(damaged.stderr));
	}
	t.is(fs.readFileSync(file, 'utf8'), '{"server": "x", "entries": [', 'the damaged journal was not touched');

	// A token file that is missing or empty is an error, never a silent anonymous request.
	const withToken = path.join(tempDir(), 'token.kubeconfig');
	fs.writeFileSync(withToken, fs.readFileSync(info.kubeconfigs.admin, 'utf8').replace(/client-certificate-data: \S+/, 'token-file: ./no-such-token').replace(/\n\s+client-key-data: \S+/, ''));
	const missingToken = await cli(['--kubeconfig', withToken, '--report', 'json']);
	t.is(missingToken.code, 1);
	t.regex(missingToken.stderr, new RegExp(`the token file of user "harden-admin" in the kubeconfig, ${path.dirname(withToken)}/no-such-token, cannot be used \\(ENOENT\\); nothing was sent without credentials\\.`));
	fs.writeFileSync(path.join(path.dirname(withToken), 'no-such-token'), '\n');
	t.regex((await cli(['--kubeconfig', withToken, '--report', 'json'])).stderr, /cannot be used \(it is empty\)/);

	const http = path.join(tempDir(), 'http.kubeconfig');
	fs.writeFileSync(http, fs.readFileSync(info.kubeconfigs.admin, 'utf8').replace(/server: https:/, 'server: http:'));
	const plain = await cli(['--kubeconfig', http, '--report', 'json']);
	t.is(plain.code, 1);
	t.regex(plain.stderr, /gives http:\/\/127\.0\.0\.1:\d+ as a plain http:\/\/ address: the connection would be neither encrypted nor checked, and it is refused\. .*Your credentials were not the problem\./);
	t.notRegex(plain.stderr, /credentials of user/);
	// With verification off, the HTTPS server itself answers the plain request.
	fs.writeFileSync(http, fs.readFileSync(http, 'utf8').replace(/certificate-authority-data: \S+/, 'insecure-skip-tls-verify: true'));
	const unverified = await cli(['--kubeconfig', http, '--report', 'json']);
	t.is(unverified.code, 1);
	t.regex(unverified.stderr, /gives http:\/\/127\.0\.0\.1:\d+ as a plain http:\/\/ address, but the server there speaks HTTPS \(TLS\)\. .*your credentials were not the problem/);
});
