// npm run bench:start [-- --runs N] [--size S|M|L | --kubeconfig FILE]: a benchmark, not a test.
// It compares the released executable (release/bin/linux-amd64/kubectl-harden, from `npm run
// release`; when it is missing, running from source is measured alone) with running from source
// (bin/kubectl-harden on the project's Node) and prints: the executable's and archive's sizes,
// the time to `--help`, and the time from launch to the walk's first screen and to every check
// probed, in a real terminal (tmux, 100x30, see walk-pty.ts). The cluster: a private sandbox
// cluster; with --size, a private test cluster grown as bench:scale grows it; with --kubeconfig,
// that cluster as it is (nothing is created in it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {spawnSync} from 'node:child_process';
import {KubeClient} from '../kube/client.js';
import {loadKubeTarget} from '../kube/kubeconfig.js';
import {packageRoot} from '../paths.js';
import {startCluster, stopCluster, type ClusterInfo} from '../testing/cluster.js';
import {seedSandbox} from '../testing/sandbox.js';
import {version} from '../version.js';
import {chosenSize, grow, option} from './grow.js';
import {timeStart} from './walk-pty.js';

const runsIndex = process.argv.indexOf('--runs');
const runs = runsIndex === -1 ? 5 : Math.max(1, Number(process.argv[runsIndex + 1]) || 5);
const binary = path.join(packageRoot, 'release', 'bin', 'linux-amd64', 'kubectl-harden');
const archive = path.join(packageRoot, 'release', `kubectl-harden_v${version}_linux_amd64.tar.gz`);
const source = path.join(packageRoot, 'bin', 'kubectl-harden');
const given = option('kubeconfig');
const sized = option('size') === undefined ? undefined : chosenSize('bench:start');

if (given && sized) {
	process.stderr.write('bench:start: --kubeconfig measures that cluster as it is and --size grows the benchmark\'s own cluster; give one of them\n');
	process.exit(2);
}
if (given && !fs.existsSync(given)) {
	process.stderr.write(`bench:start: the kubeconfig ${given} does not exist\n`);
	process.exit(2);
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

async function timeWalk(command: string, kubeconfig: string): Promise<{first: number[]; probed: number[]}> {
	const first: number[] = [];
	const probed: number[] = [];
	for (let run = 0; run < runs; run++) {
		const times = await timeStart(kubeconfig, command);
		first.push(Math.round(times.firstScreenMs));
		probed.push(Math.round(times.probedMs));
	}
	return {first, probed};
}

let cluster: ClusterInfo | undefined;
try {
	let kubeconfig = given;
	let what = `the cluster of ${given} as it is`;
	if (!kubeconfig) {
		cluster = await startCluster({parent: fs.mkdtempSync(path.join(os.tmpdir(), 'harden-start-'))});
		kubeconfig = cluster.kubeconfigs.admin;
		const client = await KubeClient.connect(loadKubeTarget({kubeconfig}), {timeoutMs: 120_000});
		if (sized) {
			await grow(client, sized.size);
			what = `test cluster ${cluster.version} grown to size ${sized.name} (${sized.size.pods} pods in ${sized.size.namespaces} namespaces, ${sized.size.bindings} RoleBindings)`;
		} else {
			await seedSandbox(client);
			what = `sandbox cluster ${cluster.version}`;
		}
		client.close();
	}
	process.stdout.write(`kubectl-harden ${version}, ${what} (Node ${process.version}, ${os.cpus().length} CPUs)\n`);
	process.stdout.write('first screen: from asking tmux to start the command to the output that draws the title and the sections; all checks probed: to the output saying so\n');
	const commands: Array<readonly [string, string]> = [];
	if (fs.existsSync(binary)) {
		process.stdout.write(`executable: ${megabytes(binary)} (${path.relative(packageRoot, binary)})${fs.existsSync(archive) ? `; archive: ${megabytes(archive)}` : ''}\n`);
		commands.push(['executable', binary]);
	} else {
		process.stdout.write(`executable: ${path.relative(packageRoot, binary)} is missing (npm run release builds it); measuring from source alone\n`);
	}
	commands.push(['from source', source]);
	for (const [name, command] of commands) {
		process.stdout.write(`${name}: --help ${spread(timeHelp(command))}\n`);
		const walk = await timeWalk(command, kubeconfig);
		process.stdout.write(`${name}: first screen ${spread(walk.first)}; all checks probed ${spread(walk.probed)}\n`);
	}
} catch (error) {
	process.stderr.write(`bench:start: ${(error as Error).message}\n`);
	process.exitCode = 1;
} finally {
	if (cluster) {
		await stopCluster(cluster);
	}
}
