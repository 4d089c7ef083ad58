// npm run bench:scale [-- --size S|M|L|S,M,L] [--kubeconfig FILE --yes]: a benchmark, not a
// test. It grows the project's own test cluster (or, after a clear confirmation, the cluster of
// the kubeconfig given) to a size of realistic pods (two containers, resources, securityContext,
// env, volumes), namespaces and RoleBindings (with several sizes, each grown from the one
// before), then prints for each size, from one run, interleaved: the raw LIST floor of exactly
// the collections the report reads (pages of 500, parsed and dropped), the report's wall time and
// peak RSS, their ratio, the report's HTTP requests by kind, and the walk in a real terminal
// (tmux): the time to its first screen and the latency of keys pressed while it probes, with
// tmux's own floor (the same key on the idle walk). It ends with a Markdown table, a row a size.
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
import {chosenSizes, confirmGrowth, grow, option, type Size} from './grow.js';
import {measureWalk, paceMs, percentile, spread, type WalkFigures} from './walk-pty.js';

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

interface Row {
	name: string;
	size: Size;
	floorMs: number;
	reportMs: number;
	rssMb: number;
	requests: number;
	walks: WalkFigures[];
}

/** Grows to `size`, then measures, interleaved: report (warm-up), floor, report, walk, floor, walk. */
async function measure(client: KubeClient, kubeconfig: string, name: string, size: Size): Promise<Row> {
	print('');
	print(`size ${name}: ${size.pods} pods in ${size.namespaces} namespaces, ${size.bindings} RoleBindings`);
	const started = performance.now();
	await grow(client, size);
	print(`grown in:                 ${seconds(performance.now() - started)}`);
	// One warm-up report (the API server's caches), then report, floor and walk interleaved.
	const warm = await report(kubeconfig);
	const lists = collections(warm.trace);
	const floor = await listFloor(client, lists);
	const measured = await report(kubeconfig);
	const walk = await measureWalk(kubeconfig);
	const floorAgain = await listFloor(client, lists);
	const walkAgain = await measureWalk(kubeconfig);
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
	const walks = [walk, walkAgain];
	print(`collections the report lists: ${lists.length} (${floor.objects} objects)`);
	print(`raw LIST floor:           ${seconds(floor.ms)} / ${seconds(floorAgain.ms)} (two runs)`);
	print(`report --report json:     ${seconds(measured.ms)} (warm-up run ${seconds(warm.ms)})`);
	print(`program start (--version): ${seconds(startMs)}`);
	print(`report / floor:           ${(measured.ms / floorMs).toFixed(2)}x (${((measured.ms - startMs) / floorMs).toFixed(2)}x without the program's start)`);
	print(`report peak RSS:          ${measured.rssMb.toFixed(0)} MB`);
	print(`report HTTP requests:     ${measured.trace.length} (${[...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ')}), ${(measured.trace.reduce((sum, request) => sum + request.bytes, 0) / 1e6).toFixed(1)} MB read`);
	print(`walk first screen:        ${walks.map(figures => seconds(figures.firstScreenMs)).join(' / ')} (two runs; all checks probed on screen after ${walks.map(figures => seconds(figures.probedMs)).join(' / ')})`);
	print(`walk keys while probing:  ${spread(walks.flatMap(figures => figures.probing))}`);
	print(`walk keys idle (floor):   ${spread(walks.flatMap(figures => figures.idle))}`);
	print(`tmux alone (echo):        ${spread(walks.flatMap(figures => figures.tmux))}`);
	return {name, size, floorMs, reportMs: measured.ms, rssMb: measured.rssMb, requests: measured.trace.length, walks};
}

function table(rows: Row[]): string[] {
	const keys = (values: number[]) => values.length === 0 ? '-' : `${percentile(values, 50).toFixed(0)} / ${percentile(values, 95).toFixed(0)} / ${Math.max(...values).toFixed(0)} ms (${values.length})`;
	return [
		'| size | raw LIST floor | report | report / floor | report peak RSS | report requests | walk first screen | keys while probing p50 / p95 / max (keys) | idle walk keys p50 / p95 / max (keys) | tmux alone p50 / p95 / max (keys) |',
		'|---|---|---|---|---|---|---|---|---|---|',
		...rows.map(row => `| ${row.name}: ${row.size.pods.toLocaleString('en')} pods | ${seconds(row.floorMs)} | ${seconds(row.reportMs)} | ${(row.reportMs / row.floorMs).toFixed(2)}x | ${row.rssMb.toFixed(0)} MB | ${row.requests} | ${row.walks.map(figures => seconds(figures.firstScreenMs)).join(' / ')} | ${keys(row.walks.flatMap(figures => figures.probing))} | ${keys(row.walks.flatMap(figures => figures.idle))} | ${keys(row.walks.flatMap(figures => figures.tmux))} |`),
	];
}

const chosen = chosenSizes('bench:scale');
const largest = chosen.at(-1)!.size;
let cluster: ClusterInfo | undefined;
try {
	print(`kubectl harden scale benchmark, size${chosen.length > 1 ? 's' : ''} ${chosen.map(({name}) => name).join(', ')} (Node ${process.version}, ${os.cpus().length} CPUs)`);
	let kubeconfig = option('kubeconfig');
	if (kubeconfig) {
		await confirmGrowth('bench:scale', kubeconfig, largest);
	} else {
		const started = performance.now();
		cluster = await startCluster({parent: fs.mkdtempSync(path.join(os.tmpdir(), 'harden-scale-'))});
		kubeconfig = cluster.kubeconfigs.admin;
		print(`cluster ready:            ${seconds(performance.now() - started)}`);
	}
	const client = await KubeClient.connect(loadKubeTarget({kubeconfig}), {timeoutMs: 120_000});
	const rows: Row[] = [];
	for (const {name, size} of chosen) {
		rows.push(await measure(client, kubeconfig, name, size));
	}
	client.close();
	print('');
	print('How the walk is timed: the built command runs in tmux (100x30), driven through one tmux');
	print('control-mode client. First screen: from asking tmux to start the command to the output that');
	print('draws the title and the sections. A key: j or k (the cursor one section down or up), handed');
	print(`to tmux, to the output after which the screen shows the cursor on its new row; the next key`);
	print(`${paceMs} ms after that. Keys pressed while the screen still says the probes run count as while`);
	print('probing; 20 more on the idle walk after probing give the floor: tmux passing the key and the');
	print('output, and one frame of the walk. tmux alone: before the walk starts, a letter typed to cat');
	print('until the terminal echoes it. Two walk runs a size; their keys are pooled.');
	print('');
	for (const line of table(rows)) {
		print(line);
	}
} catch (error) {
	process.stderr.write(`bench:scale: ${(error as Error).message}\n`);
	process.exitCode = 1;
} finally {
	if (cluster && !process.argv.includes('--keep')) {
		await stopCluster(cluster);
	}
}
