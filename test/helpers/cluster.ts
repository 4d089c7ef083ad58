// The real cluster for tests: the one the test command started (HARDEN_TEST_CLUSTER), or,
// when a test file is run on its own, one started for this process and stopped with it.
import {execFile} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {promisify} from 'node:util';
import type {TestFn} from 'ava';
import {KubeClient} from '../../source/kube/client.js';
import {loadKubeTarget} from '../../source/kube/kubeconfig.js';
import {packageRoot} from '../../source/paths.js';
import {readCluster, startCluster, stopCluster, type ClusterInfo, type StartOptions} from '../../source/testing/cluster.js';

let shared: Promise<ClusterInfo> | undefined;

export function testCluster(): Promise<ClusterInfo> {
	shared ??= (async () => {
		const dir = process.env['HARDEN_TEST_CLUSTER'];
		if (dir) {
			return readCluster(dir);
		}
		const info = await startCluster();
		// The supervisors stop etcd and kube-apiserver when this process ends; remove the files too.
		process.on('exit', () => fs.rmSync(info.dir, {recursive: true, force: true}));
		return info;
	})();
	return shared;
}

export type Identity = 'admin' | 'clusterAdmin' | 'limited';

export async function client(identity: Identity = 'admin', timeoutMs = 30_000): Promise<KubeClient> {
	const info = await testCluster();
	return KubeClient.connect(loadKubeTarget({kubeconfig: info.kubeconfigs[identity]}), {timeoutMs});
}

/** A name no other test uses (the cluster is shared by the whole run). */
export function unique(prefix: string): string {
	return `${prefix}-${crypto.randomBytes(3).toString('hex')}`;
}

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

const run = promisify(execFile);

export const binary = path.join(packageRoot, 'bin', 'kubectl-harden');

/** Runs the built command as an operator would (no TTY), returning its exit code and output. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
	try {
		const {stdout, stderr} = await run(binary, args, {env: {PATH: process.env['PATH'], HOME: process.env['HOME'], ...env}, timeout: 120_000});
		return {code: 0, stdout, stderr};
	} catch (error) {
		const failure = error as {code?: number; stdout?: string; stderr?: string};
		return {code: typeof failure.code === 'number' ? failure.code : -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? ''};
	}
}

export function tempDir(): string {
	return fs.mkdtempSync(path.join(process.env['TMPDIR'] ?? '/tmp', 'harden-test-'));
}

/** Stack traces look like "    at fn (file:line)"; an operator must never see one. */
export function hasStackTrace(text: string): boolean {
	return /^\s+at .+:\d+/m.test(text);
}

/**
 * A cluster of this test file's own, for checks that judge cluster-wide objects (Nodes,
 * DaemonSets in every namespace) which other tests on the shared cluster would disturb.
 */
export interface PrivateCluster {
	info: ClusterInfo;
	client: (identity?: Identity) => Promise<KubeClient>;
	stop: () => Promise<void>;
}

/**
 * One private cluster for a whole test file: started (and given to `ready` with an admin
 * client, to seed or keep) before the file's tests, stopped after them.
 */
export function privateClusterForFile(test: TestFn, ready: (cluster: PrivateCluster, admin: KubeClient) => Promise<void> | void, options: {nodes?: StartOptions['nodes']} = {}): void {
	let cluster: PrivateCluster | undefined;
	let admin: KubeClient | undefined;
	test.before(async () => {
		cluster = await privateCluster([], options);
		admin = await cluster.client();
		await ready(cluster, admin);
	});
	test.after.always(async () => {
		admin?.close();
		await cluster?.stop();
	});
}

export async function privateCluster(apiserverArgs: string[] = [], options: {nodes?: StartOptions['nodes']} = {}): Promise<PrivateCluster> {
	const info = await startCluster({parent: tempDir(), apiserverArgs, nodes: options.nodes});
	return {
		info,
		client: async (identity: Identity = 'admin') => KubeClient.connect(loadKubeTarget({kubeconfig: info.kubeconfigs[identity]}), {timeoutMs: 30_000}),
		stop: async () => stopCluster(info),
	};
}
