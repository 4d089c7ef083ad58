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
import readline from 'node:readline/promises';
import {promisify} from 'node:util';
import {forEachLimited} from '../engine/limit.js';
import {KubeClient} from '../kube/client.js';
import {loadKubeTarget} from '../kube/kubeconfig.js';
import {collectionPath, type KubeObject} from '../kube/objects.js';
import {packageRoot} from '../paths.js';
import {startCluster, stopCluster, type ClusterInfo} from '../testing/cluster.js';
import {namespace} from '../testing/sandbox.js';

const run = promisify(execFile);
const sizes = {
	S: {namespaces: 100, pods: 1000, bindings: 250},
	M: {namespaces: 500, pods: 5000, bindings: 1250},
	L: {namespaces: 1000, pods: 20_000, bindings: 5000},
} as const;

function option(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? undefined : process.argv[index + 1];
}

const print = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A pod as applications have them: two containers, requests and limits, a security context, env and volumes. */
function realisticPod(ns: string, index: number): KubeObject {
	const container = (name: string, image: string) => ({
		name, image,
		env: [{name: 'APP_ENV', value: 'production'}, {name: 'POD_NAME', valueFrom: {fieldRef: {fieldPath: 'metadata.name'}}}, {name: 'LOG_LEVEL', value: 'info'}],
		resources: {requests: {cpu: '50m', memory: '64Mi'}, limits: {memory: '256Mi'}},
		securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']}},
		volumeMounts: [{name: 'config', mountPath: '/etc/app'}, {name: 'cache', mountPath: '/var/cache/app'}],
		ports: [{containerPort: 8080, name: 'http'}],
	});
	return {
		apiVersion: 'v1', kind: 'Pod',
		metadata: {name: `app-${index}`, namespace: ns, labels: {app: `app-${index % 10}`, tier: index % 2 === 0 ? 'web' : 'worker'}},
		spec: {
			automountServiceAccountToken: false,
			securityContext: {seccompProfile: {type: index % 5 === 0 ? 'Unconfined' : 'RuntimeDefault'}},
			containers: [container('app', 'registry.example/app:1.4.2'), container('sidecar', 'registry.example/proxy:2.1')],
			volumes: [{name: 'config', configMap: {name: 'app-config'}}, {name: 'cache', emptyDir: {}}],
		},
	};
}

async function grow(client: KubeClient, size: (typeof sizes)[keyof typeof sizes]): Promise<void> {
	const perNamespace = Math.ceil(size.pods / size.namespaces);
	const bindingsPer = Math.ceil(size.bindings / size.namespaces);
	await forEachLimited(Array.from({length: size.namespaces}, (_, index) => index), 8, async index => {
		const ns = `scale-${String(index).padStart(5, '0')}`;
		const objects: KubeObject[] = [...namespace(ns)];
		for (let number = 0; number < bindingsPer; number++) {
			objects.push({
				apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: {name: `team-${number}`, namespace: ns},
				roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit'},
				subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `team-${index % 50}-${number}`}],
			});
		}
		for (let number = 0; number < perNamespace; number++) {
			objects.push(realisticPod(ns, number));
		}
		for (const object of objects) {
			try {
				await client.request({method: 'POST', path: collectionPath(object.apiVersion, object.kind, object.metadata.namespace), body: object});
			} catch (error) {
				if (!/already exists|changed while/.test((error as Error).message)) {
					throw error;
				}
			}
		}
	});
}

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

const sizeName = (option('size') ?? 'S').toUpperCase() as keyof typeof sizes;
const size = sizes[sizeName];
if (!size) {
	process.stderr.write(`bench:scale: --size takes S, M or L, not "${option('size')}"\n`);
	process.exit(2);
}
let cluster: ClusterInfo | undefined;
try {
	print(`kubectl harden scale benchmark, size ${sizeName}: ${size.pods} pods in ${size.namespaces} namespaces, ${size.bindings} RoleBindings (Node ${process.version}, ${os.cpus().length} CPUs)`);
	let kubeconfig = option('kubeconfig');
	if (kubeconfig) {
		if (!process.argv.includes('--yes')) {
			const answer = process.stdin.isTTY ? await readline.createInterface({input: process.stdin, output: process.stderr}).question(`This creates ${size.namespaces} namespaces (scale-*), ${size.pods} pods and ${size.bindings} RoleBindings in the cluster of ${kubeconfig}. Type yes to go on: `) : '';
			if (answer.trim() !== 'yes') {
				process.stderr.write('bench:scale: nothing was created (pass --yes, or answer yes).\n');
				process.exit(2);
			}
		}
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
