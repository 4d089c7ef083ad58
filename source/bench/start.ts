// npm run bench:start [-- --runs N]: a benchmark, not a test. It compares the released
// executable (release/bin/linux-amd64/kubectl-harden, from `npm run release`) with running from
// source (bin/kubectl-harden on the project's Node) and prints: the executable's and archive's
// sizes, the time to `--help`, and the time from launch to the walk's first screen and to
// every check probed, in a real terminal (tmux, 100x30) against a private sandbox cluster.
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {KubeClient} from '../kube/client.js';
import {loadKubeTarget} from '../kube/kubeconfig.js';
import {packageRoot} from '../paths.js';
import {startCluster, stopCluster} from '../testing/cluster.js';
import {seedSandbox} from '../testing/sandbox.js';
import {version} from '../version.js';

const runsIndex = process.argv.indexOf('--runs');
const runs = runsIndex === -1 ? 5 : Math.max(1, Number(process.argv[runsIndex + 1]) || 5);
const binary = path.join(packageRoot, 'release', 'bin', 'linux-amd64', 'kubectl-harden');
const archive = path.join(packageRoot, 'release', `kubectl-harden_v${version}_linux_amd64.tar.gz`);
const source = path.join(packageRoot, 'bin', 'kubectl-harden');

if (!fs.existsSync(binary)) {
	process.stderr.write(`bench:start: ${path.relative(process.cwd(), binary)} is missing; run npm run release first\n`);
	process.exit(1);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const spread = (values: number[]) => `median ${median(values)} ms (min ${Math.min(...values)}, max ${Math.max(...values)}, ${values.length} runs)`;
const megabytes = (file: string) => `${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB`;

function timeHelp(command: string): number[] {
	return Array.from({length: runs}, () => {
		const start = performance.now();
		const result = spawnSync(command, ['--help'], {encoding: 'utf8'});
		if (result.status !== 0) {
			throw new Error(`${command} --help exited ${result.status}: ${result.stderr}`);
		}
		return Math.round(performance.now() - start);
	});
}

const tmux = (...args: string[]) => execFileSync('tmux', args, {encoding: 'utf8'});

async function timeWalk(command: string, kubeconfig: string): Promise<{first: number[]; probed: number[]}> {
	const first: number[] = [];
	const probed: number[] = [];
	for (let run = 0; run < runs; run++) {
		const session = `bench-start-${process.pid}`;
		const start = performance.now();
		tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '30', `${command} --kubeconfig ${kubeconfig}`);
		let seen: number | undefined;
		let done: number | undefined;
		while (done === undefined && performance.now() - start < 60_000) {
			const frame = tmux('capture-pane', '-p', '-t', session);
			seen ??= /kubectl harden: Securing a Cluster/.test(frame) ? Math.round(performance.now() - start) : undefined;
			done = /All \d+ checks probed/.test(frame) ? Math.round(performance.now() - start) : undefined;
			await new Promise(resolve => setTimeout(resolve, 10));
		}
		tmux('send-keys', '-t', session, 'q');
		await new Promise(resolve => setTimeout(resolve, 300));
		spawnSync('tmux', ['kill-session', '-t', session]);
		if (seen === undefined || done === undefined) {
			throw new Error(`${command}: the walk did not show its first screen and finish probing within 60s`);
		}
		first.push(seen);
		probed.push(done);
	}
	return {first, probed};
}

const cluster = await startCluster({});
try {
	const client = await KubeClient.connect(loadKubeTarget({kubeconfig: cluster.kubeconfigs.admin}), {timeoutMs: 30_000});
	await seedSandbox(client);
	client.close();
	process.stdout.write(`kubectl-harden ${version}, sandbox cluster ${cluster.version}\n`);
	process.stdout.write(`executable: ${megabytes(binary)} (${path.relative(packageRoot, binary)}); archive: ${megabytes(archive)}\n`);
	for (const [name, command] of [['executable', binary], ['from source', source]] as const) {
		process.stdout.write(`${name}: --help ${spread(timeHelp(command))}\n`);
		const walk = await timeWalk(command, cluster.kubeconfigs.admin);
		process.stdout.write(`${name}: first screen ${spread(walk.first)}; all checks probed ${spread(walk.probed)}\n`);
	}
} finally {
	await stopCluster(cluster);
}
