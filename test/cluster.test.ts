// The cluster helper itself: it starts a real control plane and leaves nothing behind.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {packageRoot} from '../source/paths.js';
import {processesUsing, startCluster, stopCluster} from '../source/testing/cluster.js';
import {tempDir} from './helpers/cluster.js';

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (check()) {
			return true;
		}
		await new Promise(resolve => setTimeout(resolve, 200));
	}
	return check();
}

test('stopping a cluster ends its processes and removes its state', async t => {
	const info = await startCluster({parent: tempDir()});
	t.is(info.childPids.length, 2, 'etcd and kube-apiserver are running');
	t.true(processesUsing(info.dir).length >= 4, 'two supervisors and their two children');
	t.true(fs.existsSync(info.kubeconfigs.admin));
	await stopCluster(info);
	t.deepEqual(processesUsing(info.dir), []);
	t.false(fs.existsSync(info.dir));
});

test('a cluster whose owner is killed outright stops by itself', async t => {
	const parent = tempDir();
	// A separate process starts a cluster, says where, and is then killed with SIGKILL: no
	// cleanup code of its own runs. Its supervisors notice and stop etcd and kube-apiserver.
	const script = `
		import {startCluster} from ${JSON.stringify(path.join(packageRoot, 'dist', 'source', 'testing', 'cluster.js'))};
		const info = await startCluster({parent: ${JSON.stringify(parent)}});
		process.stdout.write(info.dir + '\\n');
		setInterval(() => {}, 1000);
	`;
	const owner = spawn(process.execPath, ['--input-type=module', '-e', script], {stdio: ['ignore', 'pipe', 'inherit']});
	const dir = await new Promise<string>(resolve => {
		owner.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
	});
	t.true(processesUsing(dir).length >= 4);
	owner.kill('SIGKILL');
	t.true(await until(() => processesUsing(dir).length === 0, 20_000), `left: ${processesUsing(dir).join(', ')}`);
	fs.rmSync(parent, {recursive: true, force: true});
});
