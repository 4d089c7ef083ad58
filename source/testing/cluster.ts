// A real, throwaway Kubernetes control plane on loopback: etcd and kube-apiserver, no kubelet,
// no controller manager (the envtest approach). Used by the tests, the benchmarks and the
// sandbox. Each cluster lives in one state directory holding its certificates, etcd data,
// logs, kubeconfigs and cluster.json; stopping it removes the directory.
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {stringify as toYaml} from 'yaml';
import {packageRoot} from '../paths.js';

const run = promisify(execFile);

export interface Identities {
	/** In system:masters: bypasses RBAC. */
	admin: string;
	/** An ordinary user bound to the cluster-admin ClusterRole through RBAC. */
	clusterAdmin: string;
	/** A user who is admin of one namespace only. */
	limited: string;
}

export interface ClusterInfo {
	dir: string;
	server: string;
	etcdUrl: string;
	/** Paths of one kubeconfig per identity. */
	kubeconfigs: Identities;
	/** The namespace the limited user administers. */
	limitedNamespace: string;
	/** Supervisor process ids (they stop their child when stopped). */
	pids: number[];
	/** Ids of the etcd and kube-apiserver processes themselves. */
	childPids: number[];
	version: string;
	/** How kube-apiserver was started (binary and flags), so a fault test can start it again. */
	apiserver: {binary: string; args: string[]; log: string; detached: boolean};
}

export interface StartOptions {
	/** Where the state directory goes (default: a new directory under the OS temp dir). */
	parent?: string;
	/** Keep running after this process exits (cluster:up). Otherwise the cluster dies with us. */
	detached?: boolean;
	log?: (line: string) => void;
	/** More kube-apiserver flags; each replaces a default of the same name (a test cluster with weaker settings). */
	apiserverArgs?: string[];
}

export const limitedNamespace = 'harden-limited';
/** Exempt from Pod Security enforcement by the API server's admission configuration. */
export const podSecurityExemptNamespace = 'harden-psa-exempt';
export const userNames = {admin: 'harden-admin', clusterAdmin: 'harden-cluster-admin', limited: 'harden-limited'} as const;

/** The directory holding kube-apiserver and etcd, building them on first use. */
export async function clusterBinaries(log: (line: string) => void = () => {}): Promise<string> {
	const script = path.join(packageRoot, 'scripts', 'build-cluster-bins.sh');
	const child = spawn('bash', [script], {stdio: ['ignore', 'pipe', 'pipe']});
	let out = '';
	let errors = '';
	child.stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		const text = chunk.toString();
		errors += text;
		for (const line of text.split('\n')) {
			if (line.startsWith('building ')) {
				log(line);
			}
		}
	});
	const code = await new Promise<number>(resolve => child.on('close', resolve));
	if (code !== 0) {
		throw new Error(`building the cluster binaries failed:\n${errors.split('\n').slice(-20).join('\n')}`);
	}
	return out.trim().split('\n').pop()!;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

async function openssl(args: string[], cwd: string): Promise<void> {
	await run('openssl', args, {cwd});
}

async function makeCertificates(dir: string): Promise<void> {
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
	await openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3650', '-subj', '/CN=kubectl-harden-test-ca'], dir);
	const sign = async (name: string, subject: string, extensions: string) => {
		fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
		await openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
		await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', `0x${crypto.randomBytes(12).toString('hex')}`, '-out', `${name}.crt`, '-days', '365', '-extfile', `${name}.ext`], dir);
	};
	await sign('apiserver', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n');
	const client = 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n';
	await Promise.all([
		sign('admin', `/O=system:masters/CN=${userNames.admin}`, client),
		sign('cluster-admin', `/CN=${userNames.clusterAdmin}`, client),
		sign('limited', `/CN=${userNames.limited}`, client),
	]);
	const {publicKey, privateKey} = crypto.generateKeyPairSync('rsa', {modulusLength: 2048});
	fs.writeFileSync(path.join(dir, 'sa.key'), privateKey.export({type: 'pkcs8', format: 'pem'}), {mode: 0o600});
	fs.writeFileSync(path.join(dir, 'sa.pub'), publicKey.export({type: 'spki', format: 'pem'}));
}

function writeKubeconfig(dir: string, name: string, server: string, user: string): string {
	const read = (file: string) => fs.readFileSync(path.join(dir, file)).toString('base64');
	const file = path.join(dir, `${name}.kubeconfig`);
	const config = {
		apiVersion: 'v1',
		kind: 'Config',
		clusters: [{name: 'harden-test', cluster: {server, 'certificate-authority-data': read('ca.crt')}}],
		users: [{name: user, user: {'client-certificate-data': read(`${name}.crt`), 'client-key-data': read(`${name}.key`)}}],
		contexts: [{name: `${user}@harden-test`, context: {cluster: 'harden-test', user}}],
		'current-context': `${user}@harden-test`,
	};
	fs.writeFileSync(file, toYaml(config), {mode: 0o600});
	return file;
}

function supervise(binary: string, args: string[], logFile: string, detached: boolean): ChildProcess {
	const supervisor = path.join(packageRoot, 'dist', 'source', 'testing', 'supervise.js');
	const log = fs.openSync(logFile, 'a');
	const child = spawn(process.execPath, [supervisor, ...(detached ? [] : ['--watch-stdin']), '--', binary, ...args], {
		stdio: [detached ? 'ignore' : 'pipe', log, log],
		detached,
	});
	fs.closeSync(log);
	if (detached) {
		child.unref();
	} else {
		// The pipe stays open for as long as this process lives; the supervisor watches it.
		(child.stdin as NodeJS.WritableStream & {unref?: () => void}).on('error', () => {});
		(child.stdin as unknown as net.Socket).unref?.();
		child.unref();
	}
	return child;
}

function tail(file: string, lines = 15): string {
	try {
		return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

async function waitFor(what: string, check: () => Promise<boolean>, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let exited = false;
	child.once('exit', () => {
		exited = true;
	});
	while (Date.now() < deadline) {
		if (exited) {
			throw new Error(`${what} exited during start-up. Last lines of ${logFile}:\n${tail(logFile)}`);
		}
		if (await check().catch(() => false)) {
			return;
		}
		await new Promise(resolve => setTimeout(resolve, 200));
	}
	throw new Error(`${what} was not ready within ${timeoutMs / 1000}s. Last lines of ${logFile}:\n${tail(logFile)}`);
}

function httpGet(url: string, options: https.RequestOptions = {}): Promise<{status: number; body: string}> {
	return new Promise((resolve, reject) => {
		const transport = url.startsWith('https:') ? https : http;
		const req = transport.get(url, {...options, timeout: 2000}, response => {
			let body = '';
			response.on('data', (chunk: Buffer) => {
				body += chunk.toString();
			});
			response.on('end', () => resolve({status: response.statusCode ?? 0, body}));
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
	});
}

function childPidOf(supervisorPid: number): number | undefined {
	try {
		const children = fs.readFileSync(`/proc/${supervisorPid}/task/${supervisorPid}/children`, 'utf8').trim();
		return children ? Number(children.split(/\s+/)[0]) : undefined;
	} catch {
		return undefined;
	}
}

async function adminRequest(dir: string, server: string, method: string, apiPath: string, body: unknown): Promise<void> {
	const payload = JSON.stringify(body);
	await new Promise<void>((resolve, reject) => {
		const req = https.request(`${server}${apiPath}`, {
			method,
			ca: fs.readFileSync(path.join(dir, 'ca.crt')),
			cert: fs.readFileSync(path.join(dir, 'admin.crt')),
			key: fs.readFileSync(path.join(dir, 'admin.key')),
			headers: {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload)},
		}, response => {
			let text = '';
			response.on('data', (chunk: Buffer) => {
				text += chunk.toString();
			});
			response.on('end', () => {
				const status = response.statusCode ?? 0;
				if (status >= 300 && status !== 409) {
					reject(new Error(`${method} ${apiPath}: ${status} ${text}`));
				} else {
					resolve();
				}
			});
		});
		req.on('error', reject);
		req.end(payload);
	});
}

/** The identities every test cluster has: a cluster-admin RBAC user and a one-namespace user. */
async function seedIdentities(dir: string, server: string): Promise<void> {
	await adminRequest(dir, server, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
		metadata: {name: 'harden-test-cluster-admin'},
		roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin'},
		subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: userNames.clusterAdmin}],
	});
	await adminRequest(dir, server, 'POST', '/api/v1/namespaces', {metadata: {name: limitedNamespace}});
	await adminRequest(dir, server, 'POST', `/api/v1/namespaces/${limitedNamespace}/serviceaccounts`, {metadata: {name: 'default'}});
	// Not the aggregated "admin" ClusterRole: its rules are filled in by the controller manager,
	// which this cluster does not run. A Role with every right in the one namespace instead.
	await adminRequest(dir, server, 'POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${limitedNamespace}/roles`, {
		metadata: {name: 'namespace-owner'},
		rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}],
	});
	await adminRequest(dir, server, 'POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${limitedNamespace}/rolebindings`, {
		metadata: {name: 'harden-limited-owner'},
		roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'namespace-owner'},
		subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: userNames.limited}],
	});
}

export async function startCluster(options: StartOptions = {}): Promise<ClusterInfo> {
	const log = options.log ?? (() => {});
	const binaries = await clusterBinaries(log);
	// Free ports are picked by binding port 0 and letting go; another process may take one
	// before etcd or kube-apiserver binds it. Such a start is retried on new ports.
	for (let attempt = 1; ; attempt++) {
		try {
			return await startOnce(binaries, options);
		} catch (error) {
			if (attempt >= 3 || !/address already in use/.test((error as Error).message)) {
				throw error;
			}
			log(`port taken during start-up; retrying (${attempt})`);
		}
	}
}

async function startOnce(binaries: string, options: StartOptions): Promise<ClusterInfo> {
	const parent = options.parent ?? os.tmpdir();
	fs.mkdirSync(parent, {recursive: true});
	const dir = fs.mkdtempSync(path.join(parent, 'kubectl-harden-cluster-'));
	const detached = options.detached ?? false;
	const pids: number[] = [];
	try {
		await makeCertificates(dir);
		const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
		const etcdUrl = `http://127.0.0.1:${etcdPort}`;
		const etcdLog = path.join(dir, 'etcd.log');
		const etcd = supervise(path.join(binaries, 'etcd'), [
			'--name=harden', `--data-dir=${path.join(dir, 'etcd')}`,
			`--listen-client-urls=${etcdUrl}`, `--advertise-client-urls=${etcdUrl}`,
			`--listen-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
			`--initial-cluster=harden=http://127.0.0.1:${peerPort}`,
			'--unsafe-no-fsync', '--log-level=warn',
		], etcdLog, detached);
		pids.push(etcd.pid!);
		await waitFor('etcd', async () => (await httpGet(`${etcdUrl}/health`)).body.includes('"health":"true"'), etcd, etcdLog, 30_000);

		const server = `https://127.0.0.1:${apiPort}`;
		// Pod Security as many clusters configure it: one namespace exempt from enforcement.
		const admissionConfig = path.join(dir, 'admission.yaml');
		fs.writeFileSync(admissionConfig, [
			'apiVersion: apiserver.config.k8s.io/v1',
			'kind: AdmissionConfiguration',
			'plugins:',
			'- name: PodSecurity',
			'  configuration:',
			'    apiVersion: pod-security.admission.config.k8s.io/v1',
			'    kind: PodSecurityConfiguration',
			'    defaults: {enforce: privileged, enforce-version: latest, audit: privileged, audit-version: latest, warn: privileged, warn-version: latest}',
			`    exemptions: {usernames: [], runtimeClasses: [], namespaces: [${podSecurityExemptNamespace}]}`,
			'',
		].join('\n'));
		const apiLog = path.join(dir, 'kube-apiserver.log');
		const defaults = [
			`--etcd-servers=${etcdUrl}`,
			`--cert-dir=${path.join(dir, 'serving')}`,
			`--tls-cert-file=${path.join(dir, 'apiserver.crt')}`, `--tls-private-key-file=${path.join(dir, 'apiserver.key')}`,
			`--client-ca-file=${path.join(dir, 'ca.crt')}`,
			'--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${apiPort}`,
			'--authorization-mode=Node,RBAC', '--enable-admission-plugins=NodeRestriction',
			`--admission-control-config-file=${admissionConfig}`,
			'--service-account-issuer=https://kubernetes.default.svc',
			`--service-account-key-file=${path.join(dir, 'sa.pub')}`, `--service-account-signing-key-file=${path.join(dir, 'sa.key')}`,
			'--service-cluster-ip-range=10.96.0.0/16', '--allow-privileged=true',
			'--endpoint-reconciler-type=none', '--v=0',
		];
		// A flag given in apiserverArgs replaces the default of the same name.
		const extra = options.apiserverArgs ?? [];
		const named = new Set(extra.map(arg => arg.split('=')[0]));
		const apiserverArgs = [...defaults.filter(arg => !named.has(arg.split('=')[0])), ...extra];
		const apiserver = supervise(path.join(binaries, 'kube-apiserver'), apiserverArgs, apiLog, detached);
		pids.push(apiserver.pid!);
		const tls = {ca: fs.readFileSync(path.join(dir, 'ca.crt')), cert: fs.readFileSync(path.join(dir, 'admin.crt')), key: fs.readFileSync(path.join(dir, 'admin.key'))};
		await waitFor('kube-apiserver', async () => (await httpGet(`${server}/readyz`, tls)).status === 200, apiserver, apiLog, 120_000);
		await seedIdentities(dir, server);
		const version = JSON.parse((await httpGet(`${server}/version`, tls)).body).gitVersion as string;

		const info: ClusterInfo = {
			dir,
			server,
			etcdUrl,
			kubeconfigs: {
				admin: writeKubeconfig(dir, 'admin', server, userNames.admin),
				clusterAdmin: writeKubeconfig(dir, 'cluster-admin', server, userNames.clusterAdmin),
				limited: writeKubeconfig(dir, 'limited', server, userNames.limited),
			},
			limitedNamespace,
			pids,
			childPids: pids.map(childPidOf).filter((pid): pid is number => pid !== undefined),
			version,
			apiserver: {binary: path.join(binaries, 'kube-apiserver'), args: apiserverArgs, log: apiLog, detached},
		};
		fs.writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(info, null, 2));
		return info;
	} catch (error) {
		await stopProcesses(pids);
		fs.rmSync(dir, {recursive: true, force: true});
		throw error;
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function stopProcesses(pids: number[]): Promise<void> {
	// The API server first, so it does not log lost-etcd noise while going down.
	for (const pid of [...pids].reverse()) {
		try {
			process.kill(pid, 'SIGTERM');
		} catch {}
	}
	const deadline = Date.now() + 10_000;
	while (pids.some(alive) && Date.now() < deadline) {
		await new Promise(resolve => setTimeout(resolve, 100));
	}
	for (const pid of pids.filter(alive)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}
}

/**
 * Kills kube-apiserver outright (SIGKILL, as a crash or an OOM kill would), leaving etcd and
 * the cluster's state. For fault tests; `restartApiserver` brings it back on the same port.
 */
export async function killApiserver(info: ClusterInfo): Promise<void> {
	const supervisor = info.pids[1]!;
	const child = childPidOf(supervisor);
	if (child !== undefined) {
		process.kill(child, 'SIGKILL');
	}
	const deadline = Date.now() + 10_000;
	while ((alive(supervisor) || (child !== undefined && alive(child))) && Date.now() < deadline) {
		await new Promise(resolve => setTimeout(resolve, 50));
	}
	info.childPids = info.childPids.filter(pid => pid !== child);
}

/** Starts kube-apiserver again with the flags it had, and waits until it is ready. */
export async function restartApiserver(info: ClusterInfo): Promise<void> {
	const {binary, args, log, detached} = info.apiserver;
	const apiserver = supervise(binary, args, log, detached);
	info.pids[1] = apiserver.pid!;
	const tls = {ca: fs.readFileSync(path.join(info.dir, 'ca.crt')), cert: fs.readFileSync(path.join(info.dir, 'admin.crt')), key: fs.readFileSync(path.join(info.dir, 'admin.key'))};
	await waitFor('kube-apiserver', async () => (await httpGet(`${info.server}/readyz`, tls)).status === 200, apiserver, log, 120_000);
	const child = childPidOf(apiserver.pid!);
	if (child !== undefined) {
		info.childPids.push(child);
	}
	fs.writeFileSync(path.join(info.dir, 'cluster.json'), JSON.stringify(info, null, 2));
}

export function readCluster(dir: string): ClusterInfo {
	return JSON.parse(fs.readFileSync(path.join(dir, 'cluster.json'), 'utf8')) as ClusterInfo;
}

/** Stops the cluster's processes and removes its state directory. */
export async function stopCluster(info: Pick<ClusterInfo, 'dir' | 'pids' | 'childPids'>): Promise<void> {
	await stopProcesses([...info.pids, ...info.childPids]);
	fs.rmSync(info.dir, {recursive: true, force: true});
}

/** Processes whose command line mentions `dir` (what a stopped cluster must not leave). */
export function processesUsing(dir: string): number[] {
	const found: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) {
			continue;
		}
		try {
			const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (cmdline.includes(dir)) {
				found.push(Number(entry));
			}
		} catch {}
	}
	return found;
}
