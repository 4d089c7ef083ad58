// npm run bench:scale [-- --size S|M|L] [--kubeconfig FILE --yes]: a benchmark, not a test. It
// grows the project's own test cluster (or, after a clear confirmation, the cluster of the
// kubeconfig given) to a size of realistic pods (two containers, resources, securityContext,
// env, volumes), namespaces and RoleBindings, then prints, from one run: the raw LIST floor of
// exactly the collections the report reads (pages of 500, parsed and dropped), the report's wall
// time and peak RSS, their ratio, and the report's HTTP requests by kind.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {promisify} from 'node:util';
import {forEachLimited} from '../engine/limit.js';
import {KubeClient} from '../kube/client.js';
import {loadKubeTarget} from '../kube/kubeconfig.js';
import {packageRoot} from '../paths.js';
import {startCluster, stopCluster, type ClusterInfo} from '../testing/cluster.js';
import {chosenSize, confirmGrowth, grow, option} from './grow.js';

const run = promisify(execFile);
const print = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

interface Traced {
	method: string;
	path: string;
	bytes: number;
}

function readTrace(file: string): Traced[] {
	return fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(line => {
		const [method = '', path = '', , bytes = '0'] = line.split(' ');
		return {method, path, bytes: Number(bytes)};
	});
}

/** The collections the report listed: paths of its paged GETs, without their paging query. */
function collections(trace: Traced[]): string[] {
	const out = new Set<string>();
	for (const request of trace) {
		const url = new URL(request.path, 'https://x');
		if (request.method === 'GET' && url.searchParams.has('limit') && !url.searchParams.has('continue')) {
			url.searchParams.delete('limit');
			out.add(`${url.pathname}${url.search}`);
		}
	}
	return [...out];
}

/** The floor: the same collections, straight from the API, pages of 500, parsed and dropped. */
async function listFloor(client: KubeClient, paths: string[]): Promise<{ms: number; objects: number}> {
	const began = performance.now();
	let objects = 0;
	await forEachLimited(paths, 8, async collection => {
		const [pathname = '', query = ''] = collection.split('?');
		const params = new URLSearchParams(query);
		for await (const page of client.pages(pathname, {fieldSelector: params.get('fieldSelector') ?? undefined, labelSelector: params.get('labelSelector') ?? undefined})) {
			objects += page.length;
		}
	});
	return {ms: performance.now() - began, objects};
}

async function report(kubeconfig: string): Promise<{ms: number; rssMb: number; trace: Traced[]}> {
	const trace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'harden-trace-')), 'trace.txt');
	fs.writeFileSync(trace, '');
	const began = performance.now();
	const {stderr} = await run('/usr/bin/time', ['-f', 'maxrss=%M', path.join(packageRoot, 'bin', 'kubectl-harden'), '--kubeconfig', kubeconfig, '--report', 'json', '--request-timeout', '60s'], {env: {...process.env, HARDEN_TRACE: trace, HARDEN_STATE: path.dirname(trace)}, maxBuffer: 512 * 1024 * 1024});
	const ms = performance.now() - began;
	const rssKb = Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? Number.NaN);
	return {ms, rssMb: rssKb / 1024, trace: readTrace(trace)};
}

const {name: sizeName, size} = chosenSize('bench:scale');
let cluster: ClusterInfo | undefined;
try {
	print(`kubectl harden scale benchmark, size ${sizeName}: ${size.pods} pods in ${size.namespaces} namespaces, ${size.bindings} RoleBindings (Node ${process.version}, ${os.cpus().length} CPUs)`);
	let kubeconfig = option('kubeconfig');
	if (kubeconfig) {
		await confirmGrowth('bench:scale', kubeconfig, size);
	} else {
		const started = performance.now();
		cluster = await startCluster({parent: fs.mkdtempSync(path.join(os.tmpdir(), 'harden-scale-'))});
		kubeconfig = cluster.kubeconfigs.admin;
		print(`cluster ready:            ${seconds(performance.now() - started)}`);
	}
	const client = await KubeClient.connect(loadKubeTarget({kubeconfig}), {timeoutMs: 120_000});
	let started = performance.now();
	await grow(client, size);
	print(`grown in:                 ${seconds(performance.now() - started)}`);
	// One warm-up report (the API server's caches), then report and floor interleaved.
	const warm = await report(kubeconfig);
	const lists = collections(warm.trace);
	const floor = await listFloor(client, lists);
	const measured = await report(kubeconfig);
	const floorAgain = await listFloor(client, lists);
	const floorMs = Math.min(floor.ms, floorAgain.ms);
	// What starting the program costs, whatever the cluster: --version reads no cluster.
	const startBegan = performance.now();
	await run(path.join(packageRoot, 'bin', 'kubectl-harden'), ['--version']);
	const startMs = performance.now() - startBegan;
	const kinds = new Map<string, number>();
	for (const request of measured.trace) {
		const kind = request.method !== 'GET' ? request.path.includes('dryRun=All') ? `${request.method} dry-run` : request.method : new URL(request.path, 'https://x').searchParams.has('limit') ? 'GET list page' : 'GET';
		kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
	}
	print(`collections the report lists: ${lists.length} (${floor.objects} objects)`);
	print(`raw LIST floor:           ${seconds(floor.ms)} / ${seconds(floorAgain.ms)} (two runs)`);
	print(`report --report json:     ${seconds(measured.ms)} (warm-up run ${seconds(warm.ms)})`);
	print(`program start (--version): ${seconds(startMs)}`);
	print(`report / floor:           ${(measured.ms / floorMs).toFixed(2)}x (${((measured.ms - startMs) / floorMs).toFixed(2)}x without the program's start)`);
	print(`report peak RSS:          ${measured.rssMb.toFixed(0)} MB`);
	print(`report HTTP requests:     ${measured.trace.length} (${[...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')}), ${(measured.trace.reduce((sum, request) => sum + request.bytes, 0) / 1e6).toFixed(1)} MB read`);
	client.close();
} finally {
	if (cluster && !process.argv.includes('--keep')) {
		await stopCluster(cluster);
	}
}
