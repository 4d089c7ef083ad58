// The test command: one real cluster shared by the whole ava run (tests keep to their own
// namespaces and names), stopped afterwards, and a check that no cluster process is left.
import {spawn} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import {packageRoot} from '../paths.js';
import {processesUsing, startCluster, stopCluster, type ClusterInfo} from './cluster.js';

let cluster: ClusterInfo | undefined;
let exitCode = 1;

async function finish(): Promise<never> {
	if (cluster) {
		const {dir} = cluster;
		await stopCluster(cluster);
		cluster = undefined;
		const left = processesUsing(dir);
		if (left.length > 0) {
			process.stderr.write(`test cluster: processes left behind after the suite: ${left.join(', ')}\n`);
			exitCode = exitCode || 1;
		} else {
			process.stderr.write('test cluster: stopped; no cluster process left behind.\n');
		}
	}
	process.exit(exitCode);
}

let ava: ReturnType<typeof spawn> | undefined;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.on(signal, () => {
		exitCode = 130;
		if (ava) {
			ava.kill(signal);
		} else {
			void finish();
		}
	});
}

const started = Date.now();
try {
	cluster = await startCluster({log: line => process.stderr.write(`${line}\n`)});
} catch (error) {
	process.stderr.write(`test cluster did not start: ${(error as Error).message}\n`);
	process.exit(1);
}
process.stderr.write(`test cluster: ${cluster.version} at ${cluster.server}, ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
const avaCli = path.join(packageRoot, 'node_modules', 'ava', 'entrypoints', 'cli.js');
ava = spawn(process.execPath, [avaCli, ...process.argv.slice(2)], {
	stdio: ['inherit', 'pipe', 'inherit'],
	env: {...process.env, HARDEN_TEST_CLUSTER: cluster.dir},
});
// ava's output passes through; its counts are summed into one closing line for CI.
let output = '';
ava.stdout!.on('data', (chunk: Buffer) => {
	output += chunk.toString();
	process.stdout.write(chunk);
});
ava.on('exit', (code, signal) => {
	exitCode = code ?? (signal ? 130 : 1);
	const count = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? 0);
	// ava prints the passed total only when nothing failed; count the ticks instead.
	const passed = output.match(/^\s+✔/gm)?.length ?? 0;
	const failed = count(/^\s*(\d+) tests? failed/m) + count(/^\s*(\d+) uncaught exceptions?/m) + count(/^\s*(\d+) unhandled rejections?/m);
	const skipped = count(/^\s*(\d+) tests? skipped/m);
	if (exitCode !== 0 && failed === 0) {
		process.stdout.write(`ava exited with ${exitCode}\n`);
	}
	process.stdout.write(`tests: ${passed} passed, ${exitCode !== 0 && failed === 0 ? 1 : failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
	void finish();
});
