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
import {buildScript} from './build.js';
import {createNetwork, kubeletConfig, nodeBinaries, nodeKinds, nodesUnavailable, removeNetwork, waitForNodes, writeFile, type NodeInfo, type NodeNetwork, type NodeSpec} from './nodes.js';

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
	/** With nodes: the three nodes, and the network namespaces and bridge made for them. */
	nodes?: NodeInfo[] | undefined;
	network?: NodeNetwork | undefined;
	/** Why a cluster asked to have nodes has none (not root, no iproute2). */
	noNodesBecause?: string | undefined;
}

export interface StartOptions {
	/** Where the state directory goes (default: a new directory under the OS temp dir). */
	parent?: string;
	/** Keep running after this process exits (cluster:up). Otherwise the cluster dies with us. */
	detached?: boolean;
	log?: (line: string) => void;
	/** More kube-apiserver flags; each replaces a default of the same name (a test cluster with weaker settings). */
	apiserverArgs?: string[];
	/**
	 * Also run kube-controller-manager, kube-scheduler and three hollow nodes (careless, default,
	 * hardened; the hardened one labelled control-plane), each in its own network namespace.
	 * Where namespaces cannot be made (not root), the cluster starts without nodes and says why.
	 * A list starts those nodes instead (the sandbox's own).
	 */
	nodes?: boolean | NodeSpec[] | undefined;
}

export const limitedNamespace = 'harden-limited';
/** Exempt from Pod Security enforcement by the API server's admission configuration. */
export const podSecurityExemptNamespace = 'harden-psa-exempt';
export const userNames = {admin: 'harden-admin', clusterAdmin: 'harden-cluster-admin', limited: 'harden-limited'} as const;

/** The directory holding kube-apiserver and etcd, building them on first use. */
export function clusterBinaries(log: (line: string) => void = () => {}): Promise<string> {
	return buildScript('build-cluster-bins.sh', 'the cluster binaries', log);
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

async function makeCertificates(dir: string, hostIp?: string, nodeNames: string[] = []): Promise<void> {
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
	await openssl(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3650', '-subj', '/CN=kubectl-harden-test-ca'], dir);
	const sign = async (name: string, subject: string, extensions: string) => {
		fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
		await openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
		await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', `0x${crypto.randomBytes(12).toString('hex')}`, '-out', `${name}.crt`, '-days', '365', '-extfile', `${name}.ext`], dir);
	};
	await sign('apiserver', '/CN=kube-apiserver', `subjectAltName=IP:127.0.0.1,${hostIp ? `IP:${hostIp},` : ''}DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\n`);
	const client = 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n';
	await Promise.all([
		sign('admin', `/O=system:masters/CN=${userNames.admin}`, client),
		sign('cluster-admin', `/CN=${userNames.clusterAdmin}`, client),
		sign('limited', `/CN=${userNames.limited}`, client),
		// With nodes: each kubelet's identity, and the API server's own client certificate for kubelets.
		...nodeNames.map(name => sign(name, `/O=system:nodes/CN=system:node:${name}`, client)),
		...nodeNames.length > 0 ? [sign('kubelet-client', '/CN=kube-apiserver-kubelet-client', client)] : [],
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

async function adminRequest(dir: string, server: string, method: string, apiPath: string, body: unknown, contentType = 'application/json'): Promise<void> {
	const payload = JSON.stringify(body);
	await new Promise<void>((resolve, reject) => {
		const req = https.request(`${server}${apiPath}`, {
			method,
			ca: fs.readFileSync(path.join(dir, 'ca.crt')),
			cert: fs.readFileSync(path.join(dir, 'admin.crt')),
			key: fs.readFileSync(path.join(dir, 'admin.key')),
			headers: {'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload)},
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
	let nodes: {binaries: string; specs: NodeSpec[]} | undefined;
	let noNodesBecause: string | undefined;
	if (options.nodes) {
		noNodesBecause = await nodesUnavailable();
		if (noNodesBecause) {
			log(`starting without nodes: ${noNodesBecause}`);
		} else {
			nodes = {binaries: await nodeBinaries(log), specs: Array.isArray(options.nodes) ? options.nodes : nodeKinds};
		}
	}
	// Free ports are picked by binding port 0 and letting go; another process may take one
	// before etcd or kube-apiserver binds it. Such a start is retried on new ports.
	for (let attempt = 1; ; attempt++) {
		try {
			return {...await startOnce(binaries, options, nodes), ...noNodesBecause ? {noNodesBecause, nodes: []} : {}};
		} catch (error) {
			if (attempt >= 3 || !/address already in use/.test((error as Error).message)) {
				throw error;
			}
			log(`port taken during start-up; retrying (${attempt})`);
		}
	}
}

async function startOnce(binaries: string, options: StartOptions, nodes: {binaries: string; specs: NodeSpec[]} | undefined): Promise<ClusterInfo> {
	const parent = options.parent ?? os.tmpdir();
	fs.mkdirSync(parent, {recursive: true});
	const dir = fs.mkdtempSync(path.join(parent, 'kubectl-harden-cluster-'));
	const detached = options.detached ?? false;
	const pids: number[] = [];
	let network: NodeNetwork | undefined;
	try {
		let nodeIps: string[] = [];
		if (nodes) {
			({network, ips: nodeIps} = await createNetwork(nodes.specs.length));
		}
		const host = network?.hostIp ?? '127.0.0.1';
		await makeCertificates(dir, network?.hostIp, nodes ? nodes.specs.map(node => node.name) : []);
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

		const server = `https://${host}:${apiPort}`;
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
			`--bind-address=${host}`, `--advertise-address=${host}`, `--secure-port=${apiPort}`,
			// Node names do not resolve: reach kubelets at their addresses, as the kubelet client.
			...nodes ? ['--kubelet-preferred-address-types=InternalIP,Hostname', `--kubelet-client-certificate=${path.join(dir, 'kubelet-client.crt')}`, `--kubelet-client-key=${path.join(dir, 'kubelet-client.key')}`] : [],
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
		const kubeconfigs = {
			admin: writeKubeconfig(dir, 'admin', server, userNames.admin),
			clusterAdmin: writeKubeconfig(dir, 'cluster-admin', server, userNames.clusterAdmin),
			limited: writeKubeconfig(dir, 'limited', server, userNames.limited),
		};
		let nodeInfos: NodeInfo[] | undefined;
		if (nodes && network) {
			nodeInfos = await startNodes({dir, server, binaries: nodes.binaries, specs: nodes.specs, network, ips: nodeIps, adminKubeconfig: kubeconfigs.admin, detached, pids, tls});
		}

		const info: ClusterInfo = {
			dir,
			server,
			etcdUrl,
			kubeconfigs,
			limitedNamespace,
			pids,
			childPids: pids.map(childPidOf).filter((pid): pid is number => pid !== undefined),
			version,
			apiserver: {binary: path.join(binaries, 'kube-apiserver'), args: apiserverArgs, log: apiLog, detached},
			nodes: nodeInfos,
			network,
		};
		fs.writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(info, null, 2));
		return info;
	} catch (error) {
		await stopProcesses(pids);
		if (network) {
			await removeNetwork(network);
		}
		fs.rmSync(dir, {recursive: true, force: true});
		throw error;
	}
}

interface NodeStart {
	dir: string;
	server: string;
	binaries: string;
	specs: NodeSpec[];
	network: NodeNetwork;
	ips: string[];
	adminKubeconfig: string;
	detached: boolean;
	pids: number[];
	tls: https.RequestOptions;
}

/**
 * kube-controller-manager, kube-scheduler, then one hollow node per kind in its namespace;
 * resolves when every node is Ready.
 */
async function startNodes(start: NodeStart): Promise<NodeInfo[]> {
	const {dir, server, binaries, specs, network, ips, adminKubeconfig, detached, pids, tls} = start;
	// The API server's kubelet client may use every kubelet API (a webhook-authorizing kubelet asks).
	await adminRequest(dir, server, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
		metadata: {name: 'harden-test-kubelet-api-admin'},
		roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:kubelet-api-admin'},
		subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'kube-apiserver-kubelet-client'}],
	});
	const controllerLog = path.join(dir, 'kube-controller-manager.log');
	pids.push(supervise(path.join(binaries, 'kube-controller-manager'), [
		`--kubeconfig=${adminKubeconfig}`, '--leader-elect=false', '--secure-port=0',
		`--service-account-private-key-file=${path.join(dir, 'sa.key')}`, `--root-ca-file=${path.join(dir, 'ca.crt')}`,
		`--cluster-signing-cert-file=${path.join(dir, 'ca.crt')}`, `--cluster-signing-key-file=${path.join(dir, 'ca.key')}`,
		'--use-service-account-credentials=false', `--flex-volume-plugin-dir=${path.join(dir, 'flexvolume')}`, '--v=0',
	], controllerLog, detached).pid!);
	pids.push(supervise(path.join(binaries, 'kube-scheduler'), [`--kubeconfig=${adminKubeconfig}`, '--leader-elect=false', '--secure-port=0', '--v=0'], path.join(dir, 'kube-scheduler.log'), detached).pid!);
	const read = (file: string) => fs.readFileSync(path.join(dir, file)).toString('base64');
	const nodes: NodeInfo[] = [];
	for (const [index, node] of specs.entries()) {
		const home = path.join(dir, node.name);
		fs.mkdirSync(path.join(home, 'tmp'), {recursive: true});
		fs.mkdirSync(path.join(home, 'manifests'), {recursive: true});
		for (const pod of node.staticPods ?? []) {
			writeFile(path.join(home, 'manifests'), `${pod.metadata.name}.json`, JSON.stringify(pod));
		}
		const kubeconfig = writeFile(home, 'kubeconfig', toYaml({
			apiVersion: 'v1', kind: 'Config',
			clusters: [{name: 'harden-test', cluster: {server, 'certificate-authority-data': read('ca.crt')}}],
			users: [{name: node.name, user: {'client-certificate-data': read(`${node.name}.crt`), 'client-key-data': read(`${node.name}.key`)}}],
			contexts: [{name: 'node', context: {cluster: 'harden-test', user: node.name}}], 'current-context': 'node',
		}));
		const config = writeFile(home, 'kubelet.yaml', kubeletConfig(node, path.join(dir, 'ca.crt'), home));
		const info: NodeInfo = {name: node.name, kind: node.kind, ip: ips[index]!, netns: network.namespaces[index]!, controlPlane: node.controlPlane};
		const child = supervise('ip', ['netns', 'exec', info.netns, 'env', `TMPDIR=${path.join(home, 'tmp')}`, path.join(binaries, 'hollow-node'),
			`--kubeconfig=${kubeconfig}`, `--name=${node.name}`, `--node-ip=${info.ip}`, `--config=${config}`, `--cert-dir=${path.join(home, 'pki')}`,
			'--v=0',
		], path.join(dir, `${node.name}.log`), detached);
		pids.push(child.pid!);
		nodes.push(info);
	}
	try {
		await waitForNodes(async apiPath => (await httpGet(`${server}${apiPath}`, tls)).body, nodes.map(node => node.name));
	} catch (error) {
		const logs = nodes.map(node => `${node.name}:\n${tail(path.join(dir, `${node.name}.log`), 8)}`).join('\n');
		throw new Error(`${(error as Error).message}. Last lines of the node logs:\n${logs}`);
	}
	// NodeRestriction keeps a kubelet from giving itself a node-role label: the admin sets it, as kubeadm does.
	for (const node of nodes.filter(item => item.controlPlane)) {
		await adminRequest(dir, server, 'PATCH', `/api/v1/nodes/${node.name}`, {metadata: {labels: {'node-role.kubernetes.io/control-plane': ''}}}, 'application/merge-patch+json');
	}
	return nodes;
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
export async function stopCluster(info: Pick<ClusterInfo, 'dir' | 'pids' | 'childPids' | 'network'>): Promise<void> {
	await stopProcesses([...info.pids, ...info.childPids]);
	if (info.network) {
		await removeNetwork(info.network);
	}
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
