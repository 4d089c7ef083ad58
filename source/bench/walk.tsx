// npm run bench:walk [-- --namespaces N --pods P] [--size S|M|L] [--kubeconfig FILE [--yes]]: a
// benchmark, not a test. It starts a private test cluster (or uses the cluster of --kubeconfig),
// fills it with N namespaces of P pods each, or with --size with the realistic pods, namespaces
// and RoleBindings of bench:scale (on a cluster of --kubeconfig only after --yes or typing yes;
// without --size such a cluster is used as it is), then prints measured figures: the probe run
// (time, list requests, objects read) and how fast the walk answers keys while the probes run
// (the frame after each keypress, and the event loop's longest stall).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {EventEmitter} from 'node:events';
import {PassThrough} from 'node:stream';
import {render} from 'ink';
import {checks} from '../checks/index.js';
import {Journal} from '../engine/journal.js';
import {inThisThread, WorkerProber, type Prober} from '../engine/prober.js';
import {forEachLimited} from '../engine/limit.js';
import {runChecks} from '../engine/runner.js';
import {whoAmI} from '../engine/identity.js';
import {Snapshot} from '../engine/snapshot.js';
import {Walk} from '../engine/walk.js';
import {KubeClient} from '../kube/client.js';
import {loadKubeTarget} from '../kube/kubeconfig.js';
import {collectionPath, type KubeObject} from '../kube/objects.js';
import {startCluster, stopCluster, type ClusterInfo} from '../testing/cluster.js';
import {namespace, pod} from '../testing/sandbox.js';
import {App} from '../ui/app.js';
import {chosenSize, confirmGrowth, grow, option} from './grow.js';
import {renderOptions} from '../ui/run.js';

function flag(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	const value = index === -1 ? undefined : Number(process.argv[index + 1]);
	return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}

const namespaces = flag('namespaces', 500);
const podsEach = flag('pods', 4);
const print = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)}s`;

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function objectsFor(index: number): KubeObject[] {
	const ns = `bench-${String(index).padStart(5, '0')}`;
	const objects = namespace(ns);
	for (let number = 0; number < podsEach; number++) {
		// One pod in four is privileged, so Pod Security finds something to say in most namespaces.
		const privileged = number % 4 === 0;
		objects.push(pod(ns, `app-${number}`, {containers: [{name: 'app', image: 'registry.example/app:1', ...(privileged ? {securityContext: {privileged: true}} : {resources: {requests: {cpu: '10m', memory: '16Mi'}, limits: {memory: '64Mi'}}})}]}));
	}
	if (index % 10 === 0) {
		objects.push({apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: ns}, spec: {type: 'NodePort', selector: {app: 'app-0'}, ports: [{port: 80}]}});
	}
	return objects;
}

/** A terminal of 80x24 for Ink to draw on: what it writes is kept, without escape codes. */
function terminal() {
	const stdout = Object.assign(new EventEmitter(), {
		columns: 80,
		rows: 24,
		isTTY: true,
		write(chunk: string) {
			ui.since += chunk.replaceAll(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
			return true;
		},
	});
	const stdin = Object.assign(new PassThrough(), {isTTY: true, setRawMode: () => stdin, ref: () => stdin, unref: () => stdin});
	const ui = {stdout, stdin, since: ''};
	return ui;
}

/** The walk drawn on a terminal of its own while it probes: key latency while and after probing. */
async function measureWalk(client: KubeClient, prober: Prober): Promise<void> {
	const walk = new Walk(client, checks, undefined, new Journal(client.server, path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'harden-bench-journal-')), 'journal.json')), {prober});
	const ui = terminal();
	const app = render(<App walk={walk} color={false} />, {...renderOptions, stdout: ui.stdout as unknown as NodeJS.WriteStream, stdin: ui.stdin as unknown as NodeJS.ReadStream, patchConsole: false});
	const delay = monitorEventLoopDelay({resolution: 5});
	delay.enable();
	const started = performance.now();
	const probing = walk.start();
	let finished = false;
	void probing.then(() => {
		finished = true;
	});
	/** Presses j (down) or k, and times it until its frame shows: the cursor (›) on section 2 after j, on section 1 after k. */
	const press = async (down: boolean): Promise<number> => {
		const pressed = performance.now();
		ui.since = '';
		ui.stdin.write(down ? 'j' : 'k');
		const wanted = down ? /› \S+ 2\./ : /› \S+ 1\./;
		while (!wanted.test(ui.since)) {
			await new Promise(resolve => setImmediate(resolve));
		}
		return performance.now() - pressed;
	};
	const latencies: number[] = [];
	let down = false;
	for (; !finished; ) {
		down = !down;
		latencies.push(await press(down));
		await new Promise(resolve => setTimeout(resolve, 20));
	}
	await probing;
	delay.disable();
	const walkMs = performance.now() - started;
	// After probing: 40 keys back to back (each sent when the last one's frame shows), then 20
	// at a typing pace (150 ms apart).
	const idle: number[] = [];
	const paced: number[] = [];
	for (let count = 0; count < 60; count++) {
		down = !down;
		if (count >= 40) {
			await new Promise(resolve => setTimeout(resolve, 150));
		}
		(count >= 40 ? paced : idle).push(await press(down));
	}
	app.unmount();
	print(`  walk probes done:            ${seconds(walkMs)} (${walk.current.checks.filter(item => item.result).length} checks)`);
	print(`  keys answered while probing: ${latencies.length}; frame after key p50 ${percentile(latencies, 50).toFixed(1)}ms, p95 ${percentile(latencies, 95).toFixed(1)}ms, max ${Math.max(...latencies).toFixed(1)}ms`);
	print(`  keys back to back, after:    ${idle.length}; frame after key p50 ${percentile(idle, 50).toFixed(1)}ms, p95 ${percentile(idle, 95).toFixed(1)}ms, max ${Math.max(...idle).toFixed(1)}ms`);
	print(`  keys 150 ms apart, after:    ${paced.length}; frame after key p50 ${percentile(paced, 50).toFixed(1)}ms, p95 ${percentile(paced, 95).toFixed(1)}ms, max ${Math.max(...paced).toFixed(1)}ms (Ink draws at most ${renderOptions.maxFps} frames a second)`);
	print(`  event loop stall while probing: p99 ${(delay.percentile(99) / 1e6).toFixed(1)}ms, max ${(delay.max / 1e6).toFixed(1)}ms`);
}

let cluster: ClusterInfo | undefined;
try {
	const sized = option('size') === undefined ? undefined : chosenSize('bench:walk');
	const given = option('kubeconfig');
	print(`kubectl harden walk benchmark: ${sized ? `size ${sized.name}: ${sized.size.pods} pods in ${sized.size.namespaces} namespaces, ${sized.size.bindings} RoleBindings` : given ? 'the cluster as it is' : `${namespaces} namespaces x ${podsEach} pods`}${given ? ` of ${given}` : ''} (Node ${process.version}, ${os.cpus().length} CPUs)`);
	let started = performance.now();
	if (given && sized) {
		await confirmGrowth('bench:walk', given, sized.size);
	}
	if (!given) {
		cluster = await startCluster({parent: fs.mkdtempSync(path.join(os.tmpdir(), 'harden-bench-'))});
		print(`cluster ready:                 ${seconds(performance.now() - started)}`);
	}
	const kubeconfig = given ?? cluster!.kubeconfigs.admin;
	const client = await KubeClient.connect(loadKubeTarget({kubeconfig}), {timeoutMs: 60_000});

	started = performance.now();
	if (sized) {
		await grow(client, sized.size);
		print(`grown in:                      ${seconds(performance.now() - started)}`);
	} else if (!given) {
		let created = 0;
		await forEachLimited(Array.from({length: namespaces}, (_, index) => index), 16, async index => {
			for (const object of objectsFor(index)) {
				await client.request({method: 'POST', path: collectionPath(object.apiVersion, object.kind, object.metadata.namespace), body: object});
				created++;
			}
		});
		print(`seeded ${created} objects:`.padEnd(31) + ` ${seconds(performance.now() - started)}`);
	}

	// The report path: every check, one shared snapshot.
	const identity = await whoAmI(client);
	const snapshot = new Snapshot(client, undefined);
	started = performance.now();
	const results = await runChecks(checks, {client, identity, namespace: undefined, snapshot});
	print(`probe run (report path):       ${seconds(performance.now() - started)}; ${snapshot.stats.lists} lists in ${snapshot.stats.requests} paged requests, ${snapshot.stats.objects} objects`);
	for (const result of [...results].sort((a, b) => b.durationMs - a.durationMs).slice(0, 3)) {
		print(`  slowest: ${result.id.padEnd(20)} ${seconds(result.durationMs)} (${result.verdict.status}, ${result.verdict.evidence.length} findings)`);
	}

	// The walk: press j and k while the probes run; time each key until its frame shows. Twice,
	// one after the other on the same cluster: probing in the walk's own thread (as before the
	// probe worker), then in the worker thread the walk uses (engine/prober.ts).
	for (const [label, prober] of [['in the walk\'s thread', inThisThread], ['in the probe worker', new WorkerProber(client, () => true)]] as Array<[string, Prober]>) {
		print(`walk, probing ${label}:`);
		await measureWalk(client, prober);
		await prober.close();
	}
	client.close();
} catch (error) {
	process.stderr.write(`bench: ${(error as Error).message}\n`);
	process.exitCode = 1;
} finally {
	if (cluster) {
		await stopCluster(cluster);
	}
}
