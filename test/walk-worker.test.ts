// The walk's probes run off the thread that draws the screen and reads keys (a worker thread
// with a client of its own), and quitting while they run leaves nothing behind. The built
// command in a real terminal (tmux) against the real test cluster; the program's own request
// log (HARDEN_TRACE) names the thread that sent each request (0 is the main thread).
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {checks} from '../source/checks/index.js';
import {binary, client, tempDir, testCluster} from './helpers/cluster.js';
import {namespaceWith} from './helpers/checks.js';
import {startProxy} from './helpers/proxy.js';
import {tmuxServer} from './helpers/tmux.js';

const terminals = tmuxServer('harden-walk-worker');

test.after.always(() => terminals.stop());

const threadOf = (line: string) => Number(/ thread=(\d+)$/.exec(line)?.[1] ?? Number.NaN);

test('no probe request comes from the main thread: the probe run and a re-probe are sent by the worker', async t => {
	const info = await testCluster();
	const ns = await namespaceWith(await client(), 'wworker');
	const trace = path.join(tempDir(), 'trace.txt');
	const session = await terminals.open('trace', `env HARDEN_STATE=${tempDir()} HARDEN_TRACE=${trace} ${binary} --kubeconfig ${info.kubeconfigs.admin} -n ${ns}; echo "EXITED=$?"; sleep 60`);
	await session.until(new RegExp(`All ${checks.length} checks probed`));
	const lines = () => fs.readFileSync(trace, 'utf8').trim().split('\n');
	const probed = lines();
	t.true(probed.every(line => Number.isInteger(threadOf(line))), 'every request names its thread');
	// The main thread asks who we are, the server's version and whether -n exists; nothing else.
	const main = probed.filter(line => threadOf(line) === 0);
	const allowed = new RegExp(`^(GET /version |POST /apis/authentication\\.k8s\\.io/v1/selfsubjectreviews |GET /api/v1/namespaces/${ns} )`);
	t.deepEqual(main.filter(line => !allowed.test(line)), [], 'no probe read from the main thread');
	const worker = probed.filter(line => threadOf(line) > 0);
	t.true(worker.filter(line => /[?&]limit=/.test(line)).length >= 10, `the lists were read by the worker (${worker.length} requests)`);

	// r on 1.1 (a check with no fix to preview): probed again, by the worker.
	await session.keys('Enter');
	await session.until(/1\. Controlling access to the Kubernetes API/);
	await session.keys('Enter');
	await session.until(/1\.1 All API traffic is encrypted and verified/);
	await session.keys('r');
	await session.until(/Probed again: /);
	const again = lines().slice(probed.length);
	t.true(again.length > 0, 'the re-probe sent requests');
	t.deepEqual(again.filter(line => threadOf(line) === 0), [], 'none from the main thread');
	await session.keys('q');
	t.regex(await session.until(/EXITED=\d+/), /EXITED=0/);
});

test('q while a probe waits for the API server: the walk ends at once, and its process (worker and all) is gone', async t => {
	const info = await testCluster();
	const ns = await namespaceWith(await client(), 'wquit');
	const proxy = await startProxy(info);
	t.teardown(() => proxy.close());
	// A list the API server never answers (until released): probing cannot finish by itself.
	const held = proxy.hold(request => request.method === 'GET' && /[?&]limit=/.test(request.path));
	const session = await terminals.open('quit', `env HARDEN_STATE=${tempDir()} ${binary} --kubeconfig ${proxy.kubeconfig} -n ${ns} --request-timeout 120s; echo "EXITED=$?"; sleep 60`);
	await held;
	const screen = await session.until(/Probing: \d+ of \d+ checks done/);
	t.notRegex(screen, /All \d+ checks probed/);
	const pid = await session.pid();
	t.true(Number.isInteger(pid) && pid > 0);
	const quit = Date.now();
	await session.keys('q');
	const end = await session.until(/EXITED=\d+/, 10_000);
	t.regex(end, /EXITED=0/);
	t.true(Date.now() - quit < 5000, `ended ${Date.now() - quit}ms after q, with the list still held`);
	t.throws(() => process.kill(pid, 0), {code: 'ESRCH'}, 'the process is gone');
	proxy.release();
});
