// The sandbox command: a seeded cluster, the tool run against it, nothing left afterwards.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {packageRoot} from '../source/paths.js';
import {checks} from '../source/checks/index.js';
import {processesUsing} from '../source/testing/cluster.js';
import {tmuxServer} from './helpers/tmux.js';

const sandbox = path.join(packageRoot, 'dist', 'source', 'testing', 'sandbox-cli.js');

function start(args: string[] = []) {
	const child = spawn(process.execPath, [sandbox, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const exited = new Promise<number>(resolve => child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1))));
	return {child, exited, output: () => ({stdout, stderr})};
}

function clusterDir(stderr: string): string {
	return /Cluster state \(removed when it stops\): (\S+)/.exec(stderr)?.[1] ?? '';
}

test('the sandbox seeds a careless cluster, runs the tool and leaves nothing behind', async t => {
	const run = start(['--report', 'json']);
	const code = await run.exited;
	const {stdout, stderr} = run.output();
	t.is(code, 0, stderr);
	const report = JSON.parse(stdout) as {identity: {username: string}; cluster: {version: string}};
	t.is(report.identity.username, 'harden-admin');
	const dir = clusterDir(stderr);
	t.truthy(dir, stderr);
	t.false(fs.existsSync(dir), 'state removed');
	t.deepEqual(processesUsing(dir), []);
});

test('Ctrl-C during the sandbox stops the cluster and removes its state', async t => {
	const run = start(['--report', 'json']);
	// Wait until the cluster is up and being seeded, then interrupt as an operator would.
	while (!/Seeding the sandbox/.test(run.output().stderr) && run.child.exitCode === null) {
		await new Promise(resolve => setTimeout(resolve, 20));
	}
	const dir = clusterDir(run.output().stderr);
	t.truthy(dir, run.output().stderr);
	t.true(processesUsing(dir).length >= 4, 'the cluster was running when interrupted');
	run.child.kill('SIGINT');
	const code = await run.exited;
	const {stderr} = run.output();
	t.is(code, 130, stderr);
	t.regex(stderr, /Stopping the sandbox/);
	t.false(fs.existsSync(dir), 'state removed');
	t.deepEqual(processesUsing(dir), []);
});

test('the walk on the sandbox: section 2 shows what each real kubelet allows', async t => {
	const terminals = tmuxServer('harden-sandbox-walk');
	t.teardown(() => terminals.stop());
	const session = await terminals.open('walk', `${process.execPath} ${sandbox}; echo "EXITED=$?"; sleep 60`, 100, 30);
	await session.until(new RegExp(`All ${checks.length} checks probed`), 120_000);
	await session.keys('j', 'Enter');
	const section = await session.until(/Controlling access to the kubelet/);
	t.regex(section, /✘ \S+ +2 +\S/, 'section 2 fails');
	await session.keys('Enter');
	const detail = await session.until(/Evidence \(3\)/);
	t.regex(detail, /Node sandbox-worker-1: anonymous requests are accepted; authorization mode AlwaysAllow/);
	t.regex(detail, /Node sandbox-control-plane: anonymous off, webhook authentication on/);
	const capture = await session.screen();
	t.log(`section 2 of the sandbox at 100x30:\n${capture}`);
	await session.keys('q');
	t.regex(await session.until(/EXITED=\d+/, 60_000), /EXITED=0/);
});
