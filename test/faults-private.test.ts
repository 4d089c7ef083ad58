// Faults that need a cluster of this file's own: kube-apiserver killed in the middle of a fix
// and started again, and every fix and undo path that touches Secrets, with the state and
// cache directories and every printed line scanned for the Secrets' values afterwards.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {defaultDenyName} from '../source/checks/network-policy.js';
import {Journal} from '../source/engine/journal.js';
import type {KubeClient} from '../source/kube/client.js';
import {killApiserver, restartApiserver} from '../source/testing/cluster.js';
import {cli, hasStackTrace, privateCluster, tempDir, type PrivateCluster} from './helpers/cluster.js';
import {create, read} from './helpers/checks.js';
import {startProxy} from './helpers/proxy.js';
import {start} from './helpers/spawn.js';

let cluster: PrivateCluster;
let admin: KubeClient;

test.before(async () => {
	cluster = await privateCluster();
	admin = await cluster.client();
});

test.after.always(async () => {
	admin?.close();
	await cluster?.stop();
});

const journalEntries = (state: string) => {
	const dir = path.join(state, 'journal');
	return fs.readdirSync(dir).filter(file => file.endsWith('.json')).flatMap(file => new Journal('x', path.join(dir, file)).entries());
};

test.serial('kube-apiserver killed between two writes of a fix: the rollback cannot reach it, and after a restart undo reverts exactly what landed', async t => {
	const namespaces = ['kill-a', 'kill-b', 'kill-c'];
	for (const ns of namespaces) {
		await create(admin, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}});
	}
	const present = async () => {
		const out: string[] = [];
		for (const ns of namespaces) {
			if (await read(admin, {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: ns, name: defaultDenyName})) {
				out.push(ns);
			}
		}
		return out;
	};
	const proxy = await startProxy(cluster.info);
	t.teardown(() => proxy.close());
	const state = tempDir();
	const env = {HARDEN_STATE: state};
	const running = start(['--kubeconfig', proxy.kubeconfig, '--request-timeout', '5s', 'fix', 'network-policy', ...namespaces.flatMap(ns => ['--target', ns]), '--yes'], env);
	// The second create is on its way when the API server dies.
	await proxy.hold(request => request.write && proxy.writesDone() >= 1);
	await killApiserver(cluster.info);
	proxy.release();
	const result = await running.exited;
	await restartApiserver(cluster.info);
	t.is(result.code, 1, result.output);
	t.regex(result.output, /The fix stopped: the connection to the API server at \S+ broke during create networkpolicies\.networking\.k8s\.io \(ECONNRESET/);
	t.regex(result.output, /Could NOT roll back NetworkPolicy kill-a\//);
	t.regex(result.output, /Still in the cluster from this fix: NetworkPolicy kill-a\/\S+, NetworkPolicy kill-b\/\S+\. Run kubectl harden undo 1/);
	t.regex(result.output, /Journal entry 1: failed\./);
	t.false(hasStackTrace(result.output));
	const [failed] = journalEntries(state);
	// The first create landed and its revert got no answer; the second create got none either.
	t.deepEqual(failed?.changes.map(change => change.state), ['reverting', 'pending'], 'both outcomes unknown: undo will look');

	t.deepEqual(await present(), ['kill-a'], 'the second create never reached the API server');
	const listed = await cli(['--kubeconfig', proxy.kubeconfig, 'journal'], env);
	t.regex(listed.stdout, /Needs attention[^\n]*\n#1 {2}\S+ {2}network-policy {2}failed/);
	const undone = await cli(['--kubeconfig', proxy.kubeconfig, 'undo'], env);
	t.is(undone.code, 0, undone.stdout + undone.stderr);
	t.regex(undone.stdout, /restored NetworkPolicy kill-a\//);
	t.regex(undone.stdout, /Undone: journal entry 1\./);
	t.deepEqual(await present(), []);
	t.deepEqual(journalEntries(state)[0]?.changes.map(change => change.state), ['undone', 'not-applied']);
});

test.serial('no Secret value reaches the journal, the state or cache directories, or any printed line, on any fix or undo path', async t => {
	const canary = () => `canary-${crypto.randomBytes(8).toString('hex')}`;
	const values = {data: canary(), stringData: canary(), lastApplied: canary(), bootstrap: canary(), second: canary()};
	const b64 = (text: string) => Buffer.from(text).toString('base64');
	const ns = 'secret-scan';
	const token = (name: string, value: string) => ({
		apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
		metadata: {
			name, namespace: ns,
			labels: {'kubernetes.io/legacy-token-last-used': '2024-01-01'},
			annotations: {
				'kubernetes.io/service-account.name': 'ci',
				'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({apiVersion: 'v1', kind: 'Secret', data: {token: b64(value)}, stringData: {extra: values.lastApplied}}),
			},
		},
		data: {token: b64(value)},
		stringData: {extra: values.stringData},
	});
	await create(admin,
		{apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}},
		{apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'ci', namespace: ns}},
		token('ci-token', values.data),
		token('ci-token-2', values.second),
		{
			apiVersion: 'v1', kind: 'Secret', type: 'bootstrap.kubernetes.io/token',
			metadata: {name: 'bootstrap-token-abcdef', namespace: 'kube-system'},
			stringData: {'token-id': 'abcdef', 'token-secret': values.bootstrap.slice(0, 16), 'usage-bootstrap-authentication': 'true'},
		} as never,
	);
	const state = tempDir();
	const cache = tempDir();
	const env = {HARDEN_STATE: state, HARDEN_CACHE: cache};
	const kubeconfig = ['--kubeconfig', cluster.info.kubeconfigs.admin];
	const printed: string[] = [];
	const run = async (...args: string[]) => {
		const result = await cli([...kubeconfig, ...args], env);
		printed.push(result.stdout, result.stderr);
		return result;
	};

	printed.push((await run('--report', 'json')).stdout);
	const preview = await run('fix', 'legacy-sa-tokens', '-n', ns);
	t.regex(preview.stdout, new RegExp(`What undo cannot restore:\\n  Secret ${ns}/ci-token: undo recreates it, and Kubernetes fills in the same token again \\(a legacy token holds no issue time\\), so whoever kept the deleted token can use it again after an undo\\.`));

	// Interrupted after the first delete: the rollback recreates it from the journal.
	const proxy = await startProxy(cluster.info);
	t.teardown(() => proxy.close());
	const running = start(['--kubeconfig', proxy.kubeconfig, 'fix', 'legacy-sa-tokens', '-n', ns, '--yes'], env);
	await proxy.hold(() => proxy.writesDone() >= 1);
	running.signal('SIGINT');
	await running.printed(/stopping before the next write/);
	proxy.release();
	const interrupted = await running.exited;
	printed.push(interrupted.output);
	t.is(interrupted.code, 130, interrupted.output);
	t.regex(interrupted.output, /Rolled back what had been written: Secret secret-scan\/ci-token/);

	t.is((await run('fix', 'legacy-sa-tokens', '-n', ns, '--yes')).code, 0);
	t.is(await read(admin, {apiVersion: 'v1', kind: 'Secret', namespace: ns, name: 'ci-token'}), undefined);
	await run('journal');
	t.is((await run('undo')).code, 0);
	const restored = await read(admin, {apiVersion: 'v1', kind: 'Secret', namespace: ns, name: 'ci-token'});
	t.is(restored?.['type'], 'kubernetes.io/service-account-token', 'undo recreated the token Secret');
	t.is(restored?.['data'], undefined, 'recreated empty: its old token is not brought back');
	t.is(restored?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], undefined);
	t.is(restored?.metadata.annotations?.['kubernetes.io/service-account.name'], 'ci');

	const rotation = await run('fix', 'credential-rotation');
	t.regex(rotation.stdout, /Secret kube-system\/bootstrap-token-abcdef: its data is never recorded, so undo cannot bring it back\./);
	t.is((await run('fix', 'credential-rotation', '--yes')).code, 0);
	const partly = await run('undo');
	t.is(partly.code, 1);
	t.regex(partly.stdout, /could not restore Secret kube-system\/bootstrap-token-abcdef: .*cannot be put back/);
	// Nothing is left that undo could still revert, so a plain undo no longer picks this entry.
	const nothing = await run('undo');
	t.is(nothing.code, 1);
	t.regex(nothing.stderr, /there is no applied fix to undo/);
	await run('journal');

	const files = (dir: string): string[] => fs.readdirSync(dir, {withFileTypes: true}).flatMap(entry => entry.isDirectory() ? files(path.join(dir, entry.name)) : [path.join(dir, entry.name)]);
	const written = [...files(state), ...files(cache)];
	t.true(written.some(file => file.endsWith('.json')), 'the journal was written');
	const haystacks = [...written.map(file => fs.readFileSync(file, 'utf8')), ...printed];
	const needles = Object.values(values).flatMap(value => [value, b64(value), value.slice(0, 16), b64(value.slice(0, 16))]);
	const hits = needles.filter(needle => haystacks.some(text => text.includes(needle)));
	t.deepEqual(hits, [], 'no Secret value anywhere');
	t.false(haystacks.some(text => text.includes('last-applied-configuration')), 'no copy of a Secret either');
});
