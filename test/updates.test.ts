// 4.7 (security updates) and 5 (seccomp). The version rules are pure functions, tested with a
// fixed table and a fixed day; then both checks run against a real API server of this file's
// own (they judge Nodes, which are cluster-wide), one test at a time.
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import test from 'ava';
import {seccompDefault} from '../source/checks/seccomp-default.js';
import {judgeServer, judgeVersions, parseVersion, releaseTable, securityUpdates, type ReleaseTable} from '../source/checks/security-updates.js';
import type {Status} from '../source/engine/types.js';
import type {KubeClient} from '../source/kube/client.js';
import {objectPath, type KubeObject} from '../source/kube/objects.js';
import {packageRoot} from '../source/paths.js';
import {privateClusterForFile, type PrivateCluster} from './helpers/cluster.js';
import {create, namespaceWith, pod, probe, evidenceLines} from './helpers/checks.js';
import {kubeletStandIn, nodeAt} from './helpers/kubelet.js';

const lines = evidenceLines;

// A table as the script writes it, frozen for the pure tests.
const table: ReleaseTable = {
	generated: '2026-06-01',
	source: 'test',
	supportPolicy: 'test',
	supportMonths: 14,
	minors: [
		{minor: '1.36', released: '2026-04-22', latestPatch: '1.36.2', latestPatchDate: '2026-05-20', endOfSupport: '2027-06-22'},
		{minor: '1.35', released: '2025-12-17', latestPatch: '1.35.5', latestPatchDate: '2026-05-12', endOfSupport: '2027-02-17'},
		{minor: '1.34', released: '2025-08-27', latestPatch: '1.34.8', latestPatchDate: '2026-05-14', endOfSupport: '2026-10-27'},
		{minor: '1.33', released: '2025-04-23', latestPatch: '1.33.12', latestPatchDate: '2026-05-13', endOfSupport: '2026-06-23'},
	],
};
const july = new Date('2026-07-01T12:00:00Z');

test('version strings: the semver core, also behind a managed provider\'s suffix', t => {
	t.deepEqual(parseVersion('v1.30.4-eks-a737599'), {major: 1, minor: 30, patch: 4});
	t.deepEqual(parseVersion('v1.30.4-gke.1348000'), {major: 1, minor: 30, patch: 4});
	t.deepEqual(parseVersion('v1.29.5+k3s1'), {major: 1, minor: 29, patch: 5});
	t.deepEqual(parseVersion('1.31.0'), {major: 1, minor: 31, patch: 0});
	t.is(parseVersion('v1.31'), undefined);
	t.is(parseVersion('v1.31.0x'), undefined);
	t.is(parseVersion(''), undefined);
});

/** A judgement without its message parameters (the detail they fill in is asserted). */
function withoutParams<T extends {params?: unknown}>({params: _params, ...rest}: T): Omit<T, 'params'> {
	return rest;
}

test('the control plane against a fixed table and day: latest patch passes, behind warns with the table\'s age, past end of support fails', t => {
	t.deepEqual(withoutParams(judgeServer('v1.36.2', table, july)), {status: 'pass', detail: 'v1.36.2: the latest patch of 1.36 (supported until 2027-06-22)', code: 'security-updates.ev.current'});
	t.deepEqual(withoutParams(judgeServer('v1.36.4', table, july)), {status: 'pass', detail: 'v1.36.4: newer than 1.36.2, the latest patch of 1.36 the table knows (supported until 2027-06-22)', code: 'security-updates.ev.aheadOfTable'});
	t.deepEqual(withoutParams(judgeServer('v1.35.1-eks-a737599', table, july)), {status: 'warn', detail: 'v1.35.1-eks-a737599: behind 1.35.5, the latest patch of 1.35, released 2026-05-12 (table from 2026-06-01, 30 days old)', code: 'security-updates.ev.behind'});
	t.deepEqual(withoutParams(judgeServer('v1.33.12', table, july)), {status: 'fail', detail: 'v1.33.12: 1.33 reached its end of support on 2026-06-23 (1.33.0 release + 14 months) and gets no more security fixes', code: 'security-updates.ev.ended'});
	t.is(judgeServer('v1.33.12', table, new Date('2026-06-23T23:00:00Z')).status, 'pass', 'the last day of support is still supported');
	t.deepEqual(withoutParams(judgeServer('v1.31.4', table, july)), {status: 'fail', detail: 'v1.31.4: older than every release in the table; the oldest there, 1.33, reached its end of support on 2026-06-23', code: 'security-updates.ev.older'});
	t.deepEqual(withoutParams(judgeServer('v1.37.0', table, july)), {status: 'unknown', detail: 'v1.37.0: newer than every release in the table (the newest there is 1.36), so its patch level cannot be judged', code: 'security-updates.ev.newer'});
	t.deepEqual(withoutParams(judgeServer('v2.0.0', table, july)), {status: 'unknown', detail: 'version "v2.0.0" is not understood', code: 'security-updates.unparsed'});
});

test('kubelet skew: newer than the API server fails, more than 3 minors older fails, 1 to 3 older warns and names the nodes', t => {
	const nodes = [
		{name: 'cp-1', kubeletVersion: 'v1.36.2'},
		{name: 'w-1', kubeletVersion: 'v1.35.5'},
		{name: 'w-2', kubeletVersion: 'v1.35.5'},
		{name: 'w-3', kubeletVersion: 'v1.35.5'},
		{name: 'w-4', kubeletVersion: 'v1.35.5'},
		{name: 'w-5', kubeletVersion: 'v1.35.5'},
		{name: 'w-6', kubeletVersion: 'v1.35.5'},
		{name: 'canary', kubeletVersion: 'v1.37.0'},
	];
	const verdict = judgeVersions({server: {version: 'v1.36.2'}, nodes}, table, july);
	t.is(verdict.status, 'fail');
	t.is(verdict.severity, 'high');
	t.deepEqual(lines(verdict), [
		'Request GET /version: v1.36.2: the latest patch of 1.36 (supported until 2027-06-22)',
		'Node canary: kubelet v1.37.0: newer than the API server (v1.36.2): a kubelet must never be newer than the control plane; newer than every release in the table (the newest there is 1.36), so its patch level cannot be judged',
		'Node w-1: kubelet v1.35.5: one minor release older than the API server (v1.36.2): within the supported skew; upgrade it next (also on w-2, w-3, w-4 and 2 more nodes)',
		'Node cp-1: kubelet v1.36.2: same minor as the API server, latest patch of 1.36',
	]);
	t.is(verdict.reason, 'Upgrade what the evidence names: the control plane first, then the nodes, one minor release at a time. Judged against the release table shipped with kubectl-harden (table from 2026-06-01, 30 days old; end of support is taken as the .0 release date + 14 months, per Kubernetes\' support policy).');
	const skewOnly = judgeVersions({server: {version: 'v1.36.2'}, nodes: nodes.filter(node => node.name !== 'canary')}, table, july);
	t.is(skewOnly.status, 'warn', 'kubelets one minor behind are supported: a warning');
	t.is(lines(judgeVersions({server: {version: 'v1.36.2'}, nodes: nodes.slice(1, 3)}, table, july))[1], 'Node w-1: kubelet v1.35.5: one minor release older than the API server (v1.36.2): within the supported skew; upgrade it next (also on w-2)');
	// 4 minors behind (and out of the table): unsupported skew; 2 behind and past end of support.
	const old = judgeVersions({server: {version: 'v1.36.2'}, nodes: [{name: 'ancient', kubeletVersion: 'v1.32.9'}, {name: 'stale', kubeletVersion: 'v1.34.3-gke.100'}]}, table, new Date('2026-11-01T00:00:00Z'));
	t.is(old.status, 'fail');
	t.deepEqual(lines(old).slice(1), [
		'Node ancient: kubelet v1.32.9: 4 minor releases older than the API server (v1.36.2): at most 3 are supported; older than every release in the table (the oldest there, 1.33, reached its end of support on 2026-06-23)',
		'Node stale: kubelet v1.34.3-gke.100: 2 minor releases older than the API server (v1.36.2): within the supported skew; upgrade it next; 1.34 reached its end of support on 2026-10-27',
	]);
	const unreported = judgeVersions({server: {version: 'v1.36.2'}, nodes: [{name: 'fresh', kubeletVersion: ''}]}, table, july);
	t.is(unreported.status, 'unknown');
	t.is(lines(unreported)[1], 'Node fresh: no kubelet version reported (the kubelet has not posted its status)');
});

test('a table older than 120 days says it may be out of date; a refused /version or node list is unknown, with the reason', t => {
	const nodes = [{name: 'n', kubeletVersion: 'v1.36.2'}];
	const fresh = judgeVersions({server: {version: 'v1.36.2'}, nodes}, table, july);
	t.is(fresh.status, 'pass');
	t.notRegex(fresh.reason ?? '', /out of date/);
	const late = judgeVersions({server: {version: 'v1.36.2'}, nodes}, table, new Date('2026-10-01T00:00:00Z'));
	t.is(late.status, 'pass');
	t.regex(late.reason ?? '', /table from 2026-06-01, 122 days old; .* The table may be out of date; upgrade kubectl-harden\.$/);
	const refused = judgeVersions({server: {error: 'forbidden: you may not get /version'}, nodes}, table, july);
	t.is(refused.status, 'unknown');
	t.regex(refused.reason ?? '', /^The API server's version could not be read \(forbidden: you may not get \/version\), so the control plane is not judged\./);
	t.deepEqual(lines(refused), ['Node n: kubelet v1.36.2: latest patch of 1.36'], 'kubelets are still judged against the table, without a skew');
	const noNodes = judgeVersions({server: {version: 'v1.36.2'}, nodes: {error: 'forbidden'}}, table, july);
	t.is(noNodes.status, 'unknown');
	t.regex(noNodes.reason ?? '', /^The nodes could not be listed \(forbidden\), so the kubelets' versions are not known\./);
});

test('the shipped table: stable minors newest first, end of support = .0 date + 14 months, as the script computes it', async t => {
	const script = await import(pathToFileURL(path.join(packageRoot, 'scripts', 'release-table.mjs')).href) as {addMonths: (date: string, months: number) => string};
	t.is(script.addMonths('2025-12-31', 14), '2027-02-28', 'a day the month lacks becomes its last day');
	t.is(script.addMonths('2026-08-26', 14), '2027-10-26');
	t.regex(releaseTable.generated, /^\d{4}-\d{2}-\d{2}$/);
	t.is(releaseTable.supportMonths, 14);
	t.true(releaseTable.minors.length >= 3);
	const minors = releaseTable.minors.map(row => Number(row.minor.split('.')[1]));
	t.deepEqual(minors, [...minors].sort((a, b) => b - a));
	for (const row of releaseTable.minors) {
		t.regex(row.latestPatch, new RegExp(`^${row.minor.replace('.', '\\.')}\\.\\d+$`));
		t.is(row.endOfSupport, script.addMonths(row.released, 14), row.minor);
		t.true(row.latestPatchDate >= row.released, row.minor);
	}
});

let cluster: PrivateCluster;
let admin: KubeClient;
privateClusterForFile(test, (started, client) => {
	cluster = started;
	admin = client;
});

async function remove(client: KubeClient, apiPath: string): Promise<void> {
	await client.request({method: 'DELETE', path: apiPath, query: {gracePeriodSeconds: 0}, acceptStatus: [404]});
}

/** A Node whose kubelet version is set as a kubelet would report it: through the status subresource. */
async function nodeRunning(name: string, kubeletVersion: string): Promise<void> {
	await create(admin, {apiVersion: 'v1', kind: 'Node', metadata: {name}});
	const nodePath = objectPath({apiVersion: 'v1', kind: 'Node', name});
	const current = await admin.get<KubeObject>(nodePath);
	current['status'] = {nodeInfo: {kubeletVersion}};
	await admin.request({method: 'PUT', path: `${nodePath}/status`, body: current});
}

test.serial('the real API server\'s /version against the shipped table; kubelet versions set on Nodes: one minor older warns, newer fails; a limited user is told what it could not see', async t => {
	const version = cluster.info.version;
	const server = parseVersion(version)!;
	t.is(server.minor, 37, `the test cluster runs ${version}`);
	// What the shipped table says of this version today, written out by hand from the table row.
	const today = new Date().toISOString().slice(0, 10);
	const row = releaseTable.minors.find(item => item.minor === '1.37')!;
	const previous = releaseTable.minors.find(item => item.minor === '1.36')!;
	const latest = Number(row.latestPatch.split('.')[2]);
	const age = Math.floor((Date.now() - Date.parse(`${releaseTable.generated}T00:00:00Z`)) / 86_400_000);
	const [serverStatus, serverLine]: [Status, string] = today > row.endOfSupport
		? ['fail', `Request GET /version: ${version}: 1.37 reached its end of support on ${row.endOfSupport} (1.37.0 release + 14 months) and gets no more security fixes`]
		: server.patch < latest
			? ['warn', `Request GET /version: ${version}: behind ${row.latestPatch}, the latest patch of 1.37, released ${row.latestPatchDate} (table from ${releaseTable.generated}, ${age} days old)`]
			: ['pass', `Request GET /version: ${version}: ${server.patch === latest ? 'the latest patch of 1.37' : `newer than ${row.latestPatch}, the latest patch of 1.37 the table knows`} (supported until ${row.endOfSupport})`];
	const nodes = ['kl-same', 'kl-older', 'kl-newer'];
	try {
		await nodeRunning('kl-same', version);
		const same = await probe(securityUpdates, admin);
		t.is(same.status, serverStatus);
		const sameDetail = today > row.endOfSupport
			? `1.37 reached its end of support on ${row.endOfSupport}`
			: server.patch < latest ? `behind ${row.latestPatch}, the latest patch of 1.37` : 'same minor as the API server, latest patch of 1.37';
		t.deepEqual(lines(same), [serverLine, `Node kl-same: kubelet ${version}: ${sameDetail}`]);
		t.regex(same.reason ?? '', new RegExp(`table from ${releaseTable.generated}, ${age} days old`));

		await nodeRunning('kl-older', `v${previous.latestPatch}`);
		const older = await probe(securityUpdates, admin);
		const olderEnded = today > previous.endOfSupport;
		t.is(older.status, olderEnded ? 'fail' : serverStatus === 'pass' ? 'warn' : serverStatus, 'a kubelet one minor older than the API server is a warning, no more');
		t.true(lines(older).includes(`Node kl-older: kubelet v${previous.latestPatch}: one minor release older than the API server (${version}): within the supported skew; upgrade it next${olderEnded ? `; 1.36 reached its end of support on ${previous.endOfSupport}` : ''}`), lines(older).join('\n'));

		await nodeRunning('kl-newer', 'v1.38.0');
		const newer = await probe(securityUpdates, admin);
		t.is(newer.status, 'fail');
		t.is(lines(newer)[1], `Node kl-newer: kubelet v1.38.0: newer than the API server (${version}): a kubelet must never be newer than the control plane; newer than every release in the table (the newest there is 1.37), so its patch level cannot be judged`);

		const limited = await cluster.client('limited');
		try {
			const unseen = await probe(securityUpdates, limited);
			t.is(unseen.status, 'unknown', 'a user who may not list nodes cannot be told the kubelets are fine');
			t.deepEqual(lines(unseen), [serverLine], 'GET /version is open to every authenticated user');
			t.regex(unseen.reason ?? '', /^The nodes could not be listed \(forbidden: .*nodes.*\), so the kubelets' versions are not known\./);
			// Take /version away from everyone but the admin: the control plane part is unknown too.
			const bindings = ['system:discovery', 'system:public-info-viewer'].map(name => `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${name}`);
			const saved = await Promise.all(bindings.map(async apiPath => admin.get<KubeObject>(apiPath)));
			try {
				for (const apiPath of bindings) {
					await remove(admin, apiPath);
				}
				// The authorizer learns of the removed bindings from its watch: give it a moment.
				let refused = await probe(securityUpdates, limited);
				for (let attempt = 0; attempt < 40 && refused.evidence.length > 0; attempt++) {
					await new Promise(resolve => setTimeout(resolve, 250));
					refused = await probe(securityUpdates, limited);
				}
				t.is(refused.status, 'unknown');
				t.deepEqual(refused.evidence, []);
				t.regex(refused.reason ?? '', /^The API server's version could not be read \(forbidden: .*\), so the control plane is not judged\. The nodes could not be listed/);
			} finally {
				for (const binding of saved) {
					const {name, labels, annotations} = binding.metadata;
					await create(admin, {...binding, apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: {name, labels, annotations}});
				}
			}
		} finally {
			limited.close();
		}
	} finally {
		for (const name of nodes) {
			await remove(admin, `/api/v1/nodes/${name}`);
		}
	}
});

test.serial('seccomp: pods without a profile on a node without seccompDefault warn, Unconfined fails, system pods are listed; a stand-in kubelet with seccompDefault true covers them', async t => {
	// No kubelet runs in the test cluster: a stand-in HTTPS server answers /configz for the
	// node proxy, with the seccompDefault the test chooses. The API server's proxy is real.
	const off = await kubeletStandIn({seccompDefault: false});
	const on = await kubeletStandIn({seccompDefault: true});
	await create(admin, {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace: 'kube-system'}}).catch(() => undefined);
	const ns = await namespaceWith(admin, 'seccomp', ns => [
		pod(ns, 'confined', {nodeName: 'sc-node', securityContext: {seccompProfile: {type: 'RuntimeDefault'}}, containers: [{name: 'a', image: 'busybox'}]}),
		pod(ns, 'own-profile', {nodeName: 'sc-node', containers: [{name: 'a', image: 'busybox', securityContext: {seccompProfile: {type: 'Localhost', localhostProfile: 'profiles/audit.json'}}}]}),
		pod(ns, 'plain', {nodeName: 'sc-node', containers: [{name: 'c', image: 'busybox'}, {name: 'd', image: 'busybox', securityContext: {seccompProfile: {type: 'RuntimeDefault'}}}]}),
		pod(ns, 'opted-out', {nodeName: 'sc-node', securityContext: {seccompProfile: {type: 'RuntimeDefault'}}, containers: [{name: 'a', image: 'busybox'}, {name: 'b', image: 'busybox', securityContext: {seccompProfile: {type: 'Unconfined'}}}]}),
		pod(ns, 'pending', {containers: [{name: 'p', image: 'busybox'}]}),
		pod(ns, 'elsewhere', {nodeName: 'sc-gone', containers: [{name: 'e', image: 'busybox'}]}),
		pod(ns, 'windows', {nodeName: 'sc-node', os: {name: 'windows'}, containers: [{name: 'w', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022'}]}),
	]);
	await create(admin, pod('kube-system', 'node-agent', {nodeName: 'sc-node', containers: [{name: 'agent', image: 'busybox'}]}));
	try {
		await nodeAt(admin, 'sc-node', off);
		const exposed = await probe(seccompDefault, admin);
		t.is(exposed.status, 'fail');
		t.is(exposed.severity, 'high');
		t.deepEqual(lines(exposed), [
			`Pod ${ns}/opted-out: seccomp explicitly Unconfined: b (worse than no profile: seccompDefault does not apply to it)`,
			`Pod ${ns}/plain: no seccomp profile: c; node sc-node has seccompDefault off, so they run unconfined`,
			`Pod ${ns}/elsewhere: no seccomp profile: e; the kubelet of node sc-gone was not read, so whether seccompDefault covers them is not known`,
			`Pod ${ns}/pending: no seccomp profile: p; not on a node yet, and not every node is known to have seccompDefault on`,
			'Pod kube-system/node-agent: system namespace, listed, not judged: no seccomp profile: agent; node sc-node has seccompDefault off, so they run unconfined',
			'Node sc-node: seccompDefault is off: containers without a profile run unconfined',
		]);
		t.is(exposed.reason, '4 pods in scope have containers without seccomp filtering. Read the configuration of 1 of 1 kubelets asked (1 nodes).');
		t.deepEqual(off.requests, ['/configz'], 'the API server really proxied to the stand-in');
		await remove(admin, `/api/v1/namespaces/${ns}/pods/opted-out`);
		t.is((await probe(seccompDefault, admin)).status, 'warn', 'without the explicit opt-out, pods without a profile are a warning');

		// The same node, now with a kubelet that applies RuntimeDefault to pods without a profile.
		await remove(admin, '/api/v1/nodes/sc-node');
		await nodeAt(admin, 'sc-node', on);
		await remove(admin, `/api/v1/namespaces/${ns}/pods/elsewhere`);
		const covered = await probe(seccompDefault, admin);
		t.is(covered.status, 'pass');
		t.deepEqual(lines(covered), ['Node sc-node: seccompDefault: true: containers without a profile run under RuntimeDefault']);
		t.is(covered.reason, 'Every container of the 5 workload pods in scope runs under RuntimeDefault or Localhost, set in its spec or by its node\'s seccompDefault. Read the configuration of 1 of 1 kubelets asked (1 nodes).');
		t.deepEqual(on.requests, ['/configz']);

		// An explicit Unconfined is not covered by seccompDefault.
		await create(admin, pod(ns, 'opted-out', {nodeName: 'sc-node', containers: [{name: 'b', image: 'busybox', securityContext: {seccompProfile: {type: 'Unconfined'}}}]}));
		const optedOut = await probe(seccompDefault, admin);
		t.is(optedOut.status, 'fail');
		t.deepEqual(lines(optedOut).slice(0, 1), [`Pod ${ns}/opted-out: seccomp explicitly Unconfined: b (worse than no profile: seccompDefault does not apply to it)`]);
		await remove(admin, `/api/v1/namespaces/${ns}/pods/opted-out`);

		// A node whose kubelet cannot be reached: nothing known about its default, so unknown.
		await remove(admin, '/api/v1/nodes/sc-node');
		await nodeAt(admin, 'sc-node', undefined);
		const unread = await probe(seccompDefault, admin);
		t.is(unread.status, 'unknown');
		t.is(lines(unread)[0], `Pod ${ns}/pending: no seccomp profile: p; not on a node yet, and not every node is known to have seccompDefault on`);
		t.is(lines(unread)[1], `Pod ${ns}/plain: no seccomp profile: c; the kubelet of node sc-node was not read, so whether seccompDefault covers them is not known`);
		t.regex(lines(unread).at(-1) ?? '', /^Node sc-node: kubelet configuration not readable: /);
		t.regex(unread.reason ?? '', /^2 pods in scope have containers without a profile on nodes whose kubelet was not read: .* Read the configuration of 0 of 1 kubelets asked \(1 nodes\)\.$/);

		// Someone who may not list nodes, judging their own namespace.
		const limitedNs = cluster.info.limitedNamespace;
		await create(admin, pod(limitedNs, 'plain', {nodeName: 'sc-node', containers: [{name: 'c', image: 'busybox'}]}));
		const limited = await cluster.client('limited');
		try {
			const unseen = await probe(seccompDefault, limited, limitedNs);
			t.is(unseen.status, 'unknown');
			t.deepEqual(lines(unseen), [`Pod ${limitedNs}/plain: no seccomp profile: c; the kubelet of node sc-node was not read, so whether seccompDefault covers them is not known`]);
			t.regex(unseen.reason ?? '', /The nodes could not be listed \(forbidden: .*nodes.*\), so whether their kubelets apply seccompDefault is not known\.$/);
		} finally {
			limited.close();
			await remove(admin, `/api/v1/namespaces/${limitedNs}/pods/plain`);
		}
	} finally {
		await off.close();
		await on.close();
		await remove(admin, '/api/v1/nodes/sc-node');
		await remove(admin, '/api/v1/namespaces/kube-system/pods/node-agent');
		await remove(admin, `/api/v1/namespaces/${ns}`);
	}
});
