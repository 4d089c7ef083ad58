// npm run sandbox [-- <kubectl harden flags>]: start a throwaway cluster seeded with insecure
// state, run kubectl harden against it, and remove every trace when it ends (or on Ctrl-C).
import {spawn} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import {KubeClient} from '../kube/client.js';
import {loadKubeTarget} from '../kube/kubeconfig.js';
import {setLanguage, t} from '../messages/catalog.js';
import {defaultLanguage} from '../engine/settings.js';
import {packageRoot} from '../paths.js';
import {startCluster, stopCluster, type ClusterInfo} from './cluster.js';
import {sandboxNodes, seedSandbox} from './sandbox.js';

// The language of its messages: the walk's remembered choice, else the locale (as kubectl harden without --lang).
setLanguage(defaultLanguage());

let cluster: ClusterInfo | undefined;
let stopping: Promise<void> | undefined;
// A closed terminal (SIGHUP) makes writes fail; the clean-up must still finish.
process.stderr.on('error', () => {});
process.stdout.on('error', () => {});

async function cleanUp(): Promise<void> {
	stopping ??= cluster ? stopCluster(cluster) : Promise.resolve();
	await stopping;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => {
		process.stderr.write(`\n${t('sandbox.stopping')}\n`);
		void cleanUp().then(() => process.exit(130));
	});
}

try {
	process.stderr.write(`${t('cluster.starting')}\n`);
	const started = Date.now();
	// Real nodes (kubelets, scheduler, controllers) where this machine can run them (root).
	cluster = await startCluster({nodes: sandboxNodes(), log: line => process.stderr.write(`${line}\n`)});
	process.stderr.write(`${t('cluster.ready', {seconds: ((Date.now() - started) / 1000).toFixed(1), server: cluster.server})}\n`);
	process.stderr.write(`${t('cluster.state', {dir: cluster.dir})}\n${t('sandbox.seeding')}\n`);
	const client = await KubeClient.connect(loadKubeTarget({kubeconfig: cluster.kubeconfigs.admin}), {timeoutMs: 30_000});
	await seedSandbox(client, (cluster.nodes?.length ?? 0) > 0);
	client.close();
	process.stderr.write(`${t('sandbox.ready', {kubeconfig: cluster.kubeconfigs.admin})}\n`);
	const args = process.argv.slice(2);
	// No arguments: the interactive walk (it needs a terminal); any flags are passed on.
	const child = spawn(path.join(packageRoot, 'bin', 'kubectl-harden'), ['--kubeconfig', cluster.kubeconfigs.admin, ...args], {stdio: 'inherit'});
	const code = await new Promise<number>(resolve => child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 130 : 1))));
	await cleanUp();
	process.exitCode = code;
} catch (error) {
	process.stderr.write(`kubectl harden sandbox: ${(error as Error).message}\n`);
	await cleanUp();
	process.exitCode = 1;
}
