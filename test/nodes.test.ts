// A cluster with real nodes: kube-controller-manager, kube-scheduler and three hollow nodes
// (the kubelet's own code over a fake container runtime) with a careless, a default and a
// hardened kubelet configuration, each in its own network namespace. What only real kubelets,
// a scheduler and the controllers can show: section 2 read through the node proxy, a taint the
// scheduler obeys, a rollout refused by Pod Security, and a token re-issued by the token
// controller.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import {promisify} from 'node:util';
import test from 'ava';
import type {KubeClient} from '../source/kube/client.js';
import {killApiserver, restartApiserver} from '../source/testing/cluster.js';
import {sweepStaleNetworks} from '../source/testing/nodes.js';
import {cli, privateCluster, tempDir, type PrivateCluster} from './helpers/cluster.js';
import {create, read} from './helpers/checks.js';

const run = promisify(execFile);
let cluster: PrivateCluster;
let admin: KubeClient;

test.before(async () => {
	cluster = await privateCluster([], {nodes: true});
	admin = await cluster.client();
});

test.after.always(async () => {
	admin?.close();
	await cluster?.stop();
});

interface ReportCheck {
	id: string;
	status: string;
	reason: string | null;
	evidence: Array<{kind: string; namespace: string | null; name: string; detail: string}>;
}

async function report(...args: string[]): Promise<ReportCheck[]> {
	const result = await cli(['--kubeconfig', cluster.info.kubeconfigs.admin, '--report', 'json', ...args], {HARDEN_STATE: tempDir()});
	if (result.code !== 0) {
		throw new Error(result.stderr);
	}
	return (JSON.parse(result.stdout) as {checks: ReportCheck[]}).checks;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const value = await check();
		if (value !== undefined) {
			return value;
		}
		await new Promise(resolve => setTimeout(resolve, 250));
	}
	throw new Error(`timed out waiting for ${what}`);
}

const pod = (ns: string, name: string, spec: Record<string, unknown> = {}) => ({
	apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: ns},
	spec: {containers: [{name: 'c', image: 'registry.k8s.io/pause:3.10'}], ...spec},
});

async function phaseOf(ns: string, name: string): Promise<{phase?: string; nodeName?: string}> {
	const object = await read(admin, {apiVersion: 'v1', kind: 'Pod', namespace: ns, name});
	return {phase: (object?.['status'] as {phase?: string} | undefined)?.phase, nodeName: (object?.['spec'] as {nodeName?: string} | undefined)?.nodeName};
}

test.serial('the cluster has three Ready nodes, each kubelet configured as its kind says', t => {
	t.deepEqual(cluster.info.nodes?.map(node => [node.name, node.kind, node.controlPlane]), [
		['node-careless', 'careless', false],
		['node-default', 'default', false],
		['node-hardened', 'hardened', true],
	]);
	t.true(cluster.info.nodes!.every(node => /^198\.18\.\d+\.\d+$/.test(node.ip)), 'addresses of the benchmarking range, never the machine\'s own');
});

test.serial('section 2 fails on the careless kubelet, naming it, and passes the default and hardened ones (read through the node proxy)', async t => {
	const [kubelet] = await report('--section', '2');
	t.is(kubelet?.id, 'kubelet-config');
	t.is(kubelet?.status, 'fail');
	t.is(kubelet?.reason, 'Read the configuration of 3 of 3 kubelets asked (3 nodes).');
	const byNode = Object.fromEntries(kubelet!.evidence.map(item => [item.name, item.detail]));
	t.regex(byNode['node-careless'] ?? '', /^anonymous requests are accepted; authorization mode AlwaysAllow.*read-only port 10255 is open, without authentication$/);
	t.is(byNode['node-default'], 'anonymous off, webhook authentication on, authorization Webhook, read-only port closed');
	t.is(byNode['node-hardened'], 'anonymous off, webhook authentication on, authorization Webhook, read-only port closed');

	const checks = await report('--section', '5');
	const seccomp = checks.find(check => check.id === 'seccomp-default')!;
	t.regex(seccomp.evidence.find(item => item.name === 'node-hardened')?.detail ?? '', /^seccompDefault: true/);
	t.regex(seccomp.evidence.find(item => item.name === 'node-careless')?.detail ?? '', /^seccompDefault is off/);
});

test.serial('3.6: the taint fix on the control-plane node keeps the scheduler from placing a new pod there; undo lets it', async t => {
	await create(admin, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'placement'}});
	const onControlPlane = {nodeSelector: {'node-role.kubernetes.io/control-plane': ''}};
	await create(admin, pod('placement', 'before', onControlPlane));
	t.deepEqual(await until('the pod to run', async () => {
		const state = await phaseOf('placement', 'before');
		return state.phase === 'Running' ? state : undefined;
	}), {phase: 'Running', nodeName: 'node-hardened'}, 'before the fix the scheduler places it on the control-plane node');

	const env = {HARDEN_STATE: tempDir()};
	const previewed = await cli(['--kubeconfig', cluster.info.kubeconfigs.admin, 'fix', 'node-placement', '--target', 'node-hardened'], env);
	t.log(previewed.stdout);
	t.regex(previewed.stdout, /What it will break/);
	const fixed = await cli(['--kubeconfig', cluster.info.kubeconfigs.admin, 'fix', 'node-placement', '--target', 'node-hardened', '--yes', '--accept-impact'], env);
	t.is(fixed.code, 0, fixed.stdout + fixed.stderr);
	await create(admin, pod('placement', 'after', onControlPlane));
	const event = await until('the scheduler to refuse the pod', async () => {
		const events = (await admin.get<{items: Array<{reason: string; message: string; involvedObject: {name: string}}>}>('/api/v1/namespaces/placement/events')).items;
		return events.find(item => item.involvedObject.name === 'after' && item.reason === 'FailedScheduling');
	});
	t.regex(event.message, /^0\/3 nodes are available: 1 node\(s\) had untolerated taint\(s\), 2 node\(s\) didn't match Pod's node affinity\/selector/);
	const node = await read(admin, {apiVersion: 'v1', kind: 'Node', name: 'node-hardened'});
	t.deepEqual((node?.['spec'] as {taints?: unknown[]}).taints, [{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'}]);
	t.is((await phaseOf('placement', 'after')).phase, 'Pending');

	const undone = await cli(['--kubeconfig', cluster.info.kubeconfigs.admin, 'undo'], env);
	t.is(undone.code, 0, undone.stdout + undone.stderr);
	t.is(await until('the pod to run after undo', async () => (await phaseOf('placement', 'after')).phase === 'Running' ? 'Running' : undefined, 90_000), 'Running');
});

test.serial('3.2: after the Pod Security fix a privileged Deployment\'s next pods are refused (the ReplicaSet says so); undo lets them run', async t => {
	const ns = 'rollout';
	await create(admin, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}});
	const deployment = {
		apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'agent', namespace: ns},
		spec: {
			replicas: 0, selector: {matchLabels: {app: 'agent'}},
			template: {metadata: {labels: {app: 'agent'}}, spec: {containers: [{name: 'c', image: 'registry.k8s.io/pause:3.10', securityContext: {privileged: true}}]}},
		},
	};
	await create(admin, deployment as never);
	const env = {HARDEN_STATE: tempDir()};
	// No pod runs, so nothing the label's dry-run can warn about: the fix enforces restricted.
	// The preview names the Deployment whose next pods the level refuses, and --yes alone writes nothing.
	const notConfirmed = await cli(['--kubeconfig', cluster.info.kubeconfigs.admin, '-n', ns, 'fix', 'pod-security', '--option', 'judge-templates=scratch', '--yes'], env);
	t.is(notConfirmed.code, 1, notConfirmed.stdout + notConfirmed.stderr);
	t.regex(notConfirmed.stdout, /BREAKS {2}Deployment rollout\/agent: its pods would be refused by enforce=restricted/);
	t.is((await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: ns}))?.metadata.labels?.['pod-security.kubernetes.io/enforce'], undefined);
	const fixed = await cli(['--kubeconfig', cluster.info.kubeconfigs.admin, '-n', ns, 'fix', 'pod-security', '--option', 'judge-templates=scratch', '--yes', '--accept-impact'], env);
	t.is(fixed.code, 0, fixed.stdout + fixed.stderr);
	t.regex(fixed.stdout, /pod-security\.kubernetes\.io\/enforce=restricted/);

	const scale = (replicas: number) => admin.request({method: 'PATCH', path: `/apis/apps/v1/namespaces/${ns}/deployments/agent`, body: {spec: {replicas}}, contentType: 'application/merge-patch+json'});
	await scale(1);
	const refused = await until('the ReplicaSet to report refused pods', async () => {
		const sets = (await admin.get<{items: Array<{status?: {conditions?: Array<{type: string; message: string}>}}>}>(`/apis/apps/v1/namespaces/${ns}/replicasets`)).items;
		return sets.flatMap(set => set.status?.conditions ?? []).find(condition => condition.type === 'ReplicaFailure');
	});
	t.regex(refused.message, /violates PodSecurity "restricted:latest": privileged/);

	const undone = await cli(['--kubeconfig', cluster.info.kubeconfigs.admin, 'undo'], env);
	t.is(undone.code, 0, undone.stdout + undone.stderr);
	await scale(2);
	const running = await until('the pods to run after undo', async () => {
		const pods = (await admin.get<{items: Array<{status?: {phase?: string}}>}>(`/api/v1/namespaces/${ns}/pods`)).items;
		return pods.filter(item => item.status?.phase === 'Running').length >= 1 ? pods.length : undefined;
	}, 120_000);
	t.true(running >= 1);
});

test.serial('1.2: undo of a deleted legacy token Secret makes the real token controller fill in the same token again, as the preview warns', async t => {
	const ns = 'tokens';
	await create(admin,
		{apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}},
		{apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'ci', namespace: ns}},
	);
	await create(admin, {
		apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
		metadata: {name: 'ci-token', namespace: ns, annotations: {'kubernetes.io/service-account.name': 'ci'}, labels: {'kubernetes.io/legacy-token-last-used': '2024-01-01'}},
	} as never);
	const tokenOf = async () => {
		const secret = await read(admin, {apiVersion: 'v1', kind: 'Secret', namespace: ns, name: 'ci-token'});
		return (secret?.['data'] as {token?: string} | undefined)?.token;
	};
	const old = await until('the token controller to fill the token', tokenOf);
	const env = {HARDEN_STATE: tempDir()};
	const fixed = await cli(['--kubeconfig', cluster.info.kubeconfigs.admin, '-n', ns, 'fix', 'legacy-sa-tokens', '--yes'], env);
	t.is(fixed.code, 0, fixed.stdout + fixed.stderr);
	t.regex(fixed.stdout, /undo recreates it, and Kubernetes fills in the same token again/);
	t.is(await read(admin, {apiVersion: 'v1', kind: 'Secret', namespace: ns, name: 'ci-token'}), undefined);
	t.is((await cli(['--kubeconfig', cluster.info.kubeconfigs.admin, 'undo'], env)).code, 0);
	const again = await until('the token controller to fill the token in', tokenOf);
	// A legacy token is a signature over the account and the Secret's name only: the same token
	// comes back, which is why the preview warns that an undo revives it.
	t.is(again, old);
});

test.serial('1.3 node-age: the three real nodes are young (pass, saying the limit); --node-max-age 0 names each as due; a bad value is refused', async t => {
	const [young] = await report('--section', '1.3').then(checks => checks.filter(check => check.id === 'node-age'));
	t.is(young?.status, 'pass');
	t.is(young?.reason, 'All 3 nodes are younger than 90 days (--node-max-age).');
	const [due] = await report('--section', '1.3', '--node-max-age', '0').then(checks => checks.filter(check => check.id === 'node-age'));
	t.is(due?.status, 'warn', 'a hint: never a failure');
	t.deepEqual(due?.evidence.map(item => `${item.kind} ${item.name}: ${item.detail.replace(/\d{4}-\d{2}-\d{2}/, 'DATE')}`), ['node-careless', 'node-default', 'node-hardened'].map(name => `Node ${name}: registered DATE, 0 days ago (limit 0 days): due for replacement`));
	const bad = await cli(['--kubeconfig', cluster.info.kubeconfigs.admin, '--report', 'json', '--node-max-age', 'ninety'], {HARDEN_STATE: tempDir()});
	t.is(bad.code, 2);
	t.is(bad.stderr, 'kubectl harden: --node-max-age takes a whole number of days (0 names every node), not "ninety".\n');
});

test.serial('3.5: kubemark:// nodes are no cloud, so no metadata API is assumed', async t => {
	const checks = await report('--section', '3.5');
	const cloud = checks.find(check => check.id === 'cloud-metadata')!;
	t.regex(cloud.reason ?? '', /^None of the 3 nodes has a cloud providerID/);
	t.notRegex(JSON.stringify(cloud.evidence), /runs on kubemark/);
});

test.serial('section 2 says why a kubelet cannot be read: a name that does not resolve, then a kubelet that is down', async t => {
	// The API server reaches kubelets by node name now, which nothing resolves.
	const {args} = cluster.info.apiserver;
	const original = [...args];
	await killApiserver(cluster.info);
	args.splice(0, args.length, ...original.map(arg => arg.startsWith('--kubelet-preferred-address-types=') ? '--kubelet-preferred-address-types=Hostname' : arg));
	await restartApiserver(cluster.info);
	const [byName] = await report('--section', '2');
	t.is(byName?.status, 'unknown');
	t.regex(byName?.evidence.find(item => item.name === 'node-default')?.detail ?? '', /^configuration not readable: the API server could not resolve the node's address node-default \(DNS\)/);

	await killApiserver(cluster.info);
	args.splice(0, args.length, ...original);
	await restartApiserver(cluster.info);
	const node = cluster.info.nodes!.find(item => item.name === 'node-default')!;
	// The kubelet process itself (its supervisor's command line names it too, but does not start with it).
	const {stdout} = await run('pgrep', ['-f', '--', `^\\S*/hollow-node --kubeconfig=${cluster.info.dir}/${node.name}/`]);
	for (const pid of stdout.trim().split('\n')) {
		process.kill(Number(pid), 'SIGKILL');
	}
	const [down] = await report('--section', '2');
	t.regex(down?.evidence.find(item => item.name === 'node-default')?.detail ?? '', new RegExp(`^configuration not readable: nothing accepts connections on the kubelet's port at ${node.ip.replaceAll('.', '\\.')}:10250`));
	t.regex(down?.evidence.find(item => item.name === 'node-hardened')?.detail ?? '', /^anonymous off/, 'the other kubelets are still read');
});

test.serial('a node network left by a run that was killed is swept by the next start, once it is ten minutes old and nothing runs in it', async t => {
	const stale = 'hnfeed010';
	await run('ip', ['netns', 'add', stale]);
	await run('ip', ['link', 'add', 'name', 'hbfeed01', 'type', 'bridge']);
	t.teardown(async () => {
		for (const args of [['netns', 'del', stale], ['link', 'del', 'hbfeed01']]) {
			await run('ip', args).catch(() => undefined);
		}
	});
	t.false((await sweepStaleNetworks()).includes(stale), 'a namespace younger than ten minutes may belong to a run still starting');
	t.true(fs.existsSync(`/run/netns/${stale}`));
	// Twenty minutes on (the namespace's file cannot be back-dated).
	const swept = await sweepStaleNetworks(Date.now() + 20 * 60_000);
	t.true(swept.includes(stale));
	t.false(fs.existsSync(`/run/netns/${stale}`));
	t.false((await run('ip', ['-o', 'link'])).stdout.includes('hbfeed01'), 'and its bridge');
	// node-default's kubelet was killed by the test before; the two still running are kept.
	const running = cluster.info.nodes!.filter(node => node.name !== 'node-default');
	t.true(running.every(node => fs.existsSync(`/run/netns/${node.netns}`)), 'namespaces with a kubelet running in them are kept');
});
