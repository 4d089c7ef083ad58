// The scale benchmark runs (a smoke test at size S: it grows a cluster of its own and prints its
// figures); the figures themselves are not asserted, they are for the README's performance table.
import {execFile} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import {promisify} from 'node:util';
import test from 'ava';
import {packageRoot} from '../source/paths.js';

const run = promisify(execFile);

test('bench:scale at size S grows a cluster and prints the floor, the report, their ratio, memory, requests, the walk\'s first screen and key latencies, and a Markdown row', async t => {
	const {stdout} = await run(process.execPath, [path.join(packageRoot, 'dist', 'source', 'bench', 'scale.js'), '--size', 'S'], {env: {...process.env, NODE_ENV: 'production'}, timeout: 600_000});
	t.log(stdout);
	t.regex(stdout, /size S: 1000 pods in 100 namespaces, 250 RoleBindings/);
	t.regex(stdout, /collections the report lists: \d+ \(\d+ objects\)/);
	t.regex(stdout, /raw LIST floor: +[\d.]+ s \/ [\d.]+ s/);
	t.regex(stdout, /report \/ floor: +[\d.]+x/);
	t.regex(stdout, /report peak RSS: +\d+ MB/);
	t.regex(stdout, /report HTTP requests: +\d+ \(.*GET list page \d+/);
	t.regex(stdout, /walk first screen: +[\d.]+ s \/ [\d.]+ s \(two runs/);
	t.regex(stdout, /walk keys while probing: +p50 \d+ ms, p95 \d+ ms, max \d+ ms \([1-9]\d* keys\)/);
	t.regex(stdout, /walk keys idle \(floor\): +p50 \d+ ms, p95 \d+ ms, max \d+ ms \(40 keys\)/);
	t.regex(stdout, /tmux alone \(echo\): +p50 \d+ ms, p95 \d+ ms, max \d+ ms \(20 keys\)/);
	t.regex(stdout, /^\| size \| raw LIST floor \| report \|/m);
	t.regex(stdout, /^\| S: 1,000 pods \| [\d.]+ s \| [\d.]+ s \| [\d.]+x \| \d+ MB \| \d+ \| [\d.]+ s \/ [\d.]+ s \| \d+ \/ \d+ \/ \d+ ms \(\d+\) \| \d+ \/ \d+ \/ \d+ ms \(40\) \| \d+ \/ \d+ \/ \d+ ms \(20\) \|$/m);
});
