// npm run cluster:up   starts a fresh test cluster that keeps running; prints the admin kubeconfig path last.
//                      With --nodes: also controller-manager, scheduler and three hollow nodes (needs root).
// npm run cluster:down stops it and removes its state.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {setLanguage, t} from '../messages/catalog.js';
import {defaultLanguage} from '../engine/settings.js';
import {cacheDir} from '../paths.js';
import {readCluster, startCluster, stopCluster} from './cluster.js';

// The language of its messages: the walk's remembered choice, else the locale (as kubectl harden without --lang).
setLanguage(defaultLanguage());

const pointer = path.join(cacheDir(), 'clusters', 'current');

async function down(): Promise<boolean> {
	let dir: string;
	try {
		dir = fs.readFileSync(pointer, 'utf8').trim();
	} catch {
		return false;
	}
	try {
		await stopCluster(readCluster(dir));
	} catch {
		fs.rmSync(dir, {recursive: true, force: true});
	}
	fs.rmSync(pointer, {force: true});
	return true;
}

const command = process.argv[2];
if (command === 'up') {
	await down();
	const started = Date.now();
	process.stderr.write(`${t('cluster.starting')}\n`);
	try {
		const info = await startCluster({parent: path.join(cacheDir(), 'clusters'), detached: true, nodes: process.argv.includes('--nodes'), log: line => process.stderr.write(`${line}\n`)});
		fs.writeFileSync(pointer, info.dir);
		process.stderr.write(`${t('cluster.ready', {seconds: ((Date.now() - started) / 1000).toFixed(1), server: info.server})}\n`);
		process.stderr.write(`cluster-admin: ${info.kubeconfigs.clusterAdmin}\nlimited (${info.limitedNamespace}): ${info.kubeconfigs.limited}\n`);
		for (const node of info.nodes ?? []) {
			process.stderr.write(`node ${node.name} (${node.kind} kubelet${node.controlPlane ? ', control plane' : ''}): ${node.ip} in network namespace ${node.netns}\n`);
		}
		if (info.noNodesBecause) {
			process.stderr.write(`no nodes: ${info.noNodesBecause}\n`);
		}
		process.stdout.write(`${info.kubeconfigs.admin}\n`);
	} catch (error) {
		process.stderr.write(`${t('cluster.error.start', {reason: (error as Error).message})}\n`);
		process.exitCode = 1;
	}
} else if (command === 'down') {
	process.stderr.write(`${t(await down() ? 'cluster.stopped' : 'cluster.notRunning')}\n`);
} else {
	process.stderr.write('usage: cluster-cli up|down\n');
	process.exitCode = 2;
}
