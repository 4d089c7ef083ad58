// Sections 1 and 2 (API access and the kubelet) against real API servers: these checks judge
// cluster-wide objects (bindings, nodes, kube-system pods), so they run on clusters of this
// file's own, one test at a time. A second cluster runs with weak settings (anonymous off,
// AlwaysAllow, no NodeRestriction) to show the failures a healthy one cannot.
import fs from 'node:fs';
import test from 'ava';
import {anonymousAuth} from '../source/checks/anonymous-auth.js';
import {anonymousBindings} from '../source/checks/anonymous-bindings.js';
import {apiTls} from '../source/checks/api-tls.js';
import {authorizationMode} from '../source/checks/authorization-mode.js';
import {clusterAdminSubjects} from '../source/checks/cluster-admin-subjects.js';
import {legacyTokenSecrets} from '../source/checks/legacy-sa-tokens.js';
import {nodeRestriction} from '../source/checks/node-restriction.js';
import {operatorIdentity} from '../source/checks/operator-identity.js';
import {rbacEscalation} from '../source/checks/rbac-escalation.js';
import {staticCredentials} from '../source/checks/static-credentials.js';
import {kubeletConfig} from '../source/checks/kubelet-config.js';
import {probe as runProbe} from '../source/engine/runner.js';
import type {KubeClient} from '../source/kube/client.js';
import {KubeClient as Client} from '../source/kube/client.js';
import {loadKubeTarget} from '../source/kube/kubeconfig.js';
import type {KubeObject} from '../source/kube/objects.js';
import {privateCluster, privateClusterForFile, type PrivateCluster, tempDir} from './helpers/cluster.js';
import {comparable, create, fix, journal, namespaceWith, pod, preview, probe, read, undo, context} from './helpers/checks.js';
import {kubeletStandIn, nodeAt} from './helpers/kubelet.js';

let cluster: PrivateCluster;
let admin: KubeClient;
privateClusterForFile(test, (started, client) => {
	cluster = started;
	admin = client;
});

const rbac = 'rbac.authorization.k8s.io/v1';
const lines = (verdict: {evidence: Array<{kind: string; namespace?: string | undefined; name: string; detail: string}>}) =>
	verdict.evidence.map(item => `${item.kind} ${item.namespace ? `${item.namespace}/` : ''}${item.name}: ${item.detail}`);

function mirrorPod(name: string, command: string[]): KubeObject {
	return {
		apiVersion: 'v1', kind: 'Pod',
		metadata: {name, namespace: 'kube-system', labels: {component: command[0]!, tier: 'control-plane'}, annotations: {'kubernetes.io/config.mirror': 'test'}},
		spec: {nodeName: 'cp1', automountServiceAccountToken: false, containers: [{name: command[0]!, image: 'registry.k8s.io/kube-apiserver:v1.37.2', command}]},
	};
}

async function remove(path: string) {
	// At once: pods here have no kubelet to confirm a graceful deletion.
	await admin.request({method: 'DELETE', path, query: {gracePeriodSeconds: 0}, acceptStatus: [404]});
}

test.serial('no control-plane pod and no nodes: the flag-based checks are unknown and say why; the live ones still answer', async t => {
	const tlsVerdict = await probe(apiTls, admin);
	t.is(tlsVerdict.status, 'unknown');
	t.regex(tlsVerdict.reason ?? '', /No kube-apiserver pod is visible in kube-system/);
	t.regex(lines(tlsVerdict)[0] ?? '', /^Certificate API server serving certificate: issued to kube-apiserver by kubectl-harden-test-ca, valid until \d{4}-\d\d-\d\d \(\d+ days left, 365-day lifetime\)$/);
	const credentials = await probe(staticCredentials, admin);
	t.is(credentials.status, 'unknown');
	const kubelet = await probe(kubeletConfig, admin);
	t.is(kubelet.status, 'unknown');
	t.regex(kubelet.reason ?? '', /There are no Node objects/);
	const restriction = await probe(nodeRestriction, admin);
	t.is(restriction.status, 'unknown');
	const mode = await probe(authorizationMode, admin);
	t.is(mode.status, 'pass');
	t.regex(lines(mode)[0] ?? '', /a made-up user was refused listing Secrets/);
});

test.serial('a kubeconfig that skips TLS verification fails 1.1; an EKS node says the control plane is provider-managed', async t => {
	const info = cluster.info;
	const text = fs.readFileSync(info.kubeconfigs.admin, 'utf8').replace(/certificate-authority-data: .*/, 'insecure-skip-tls-verify: true');
	const file = `${tempDir()}/insecure.kubeconfig`;
	fs.writeFileSync(file, text);
	const insecure = await Client.connect(loadKubeTarget({kubeconfig: file}), {timeoutMs: 30_000});
	await create(admin, {apiVersion: 'v1', kind: 'Node', metadata: {name: 'eks-node', labels: {'eks.amazonaws.com/nodegroup': 'apps'}}});
	try {
		const verdict = await probe(apiTls, insecure);
		t.is(verdict.status, 'fail');
		t.true(lines(verdict).some(line => /^Kubeconfig .*: cluster .* has insecure-skip-tls-verify: the server's certificate is not checked$/.test(line)));
		t.regex(verdict.reason ?? '', /managed by EKS.*aws eks describe-cluster/);
	} finally {
		insecure.close();
		await remove('/api/v1/nodes/eks-node');
	}
});

test.serial('API server flags from its mirror pod: plain-HTTP etcd, old TLS, static tokens; good flags pass', async t => {
	const bad = mirrorPod('kube-apiserver-cp1', ['kube-apiserver', '--etcd-servers=http://10.0.0.1:2379', '--tls-min-version=VersionTLS10', '--token-auth-file=/etc/kubernetes/tokens.csv', '--authorization-mode=Node,RBAC']);
	await create(admin, bad);
	try {
		const tlsVerdict = await probe(apiTls, admin);
		t.is(tlsVerdict.status, 'fail');
		t.deepEqual(lines(tlsVerdict).slice(1), [
			'Pod kube-system/kube-apiserver-cp1: --tls-min-version=VersionTLS10 accepts TLS versions with known weaknesses',
			'Pod kube-system/kube-apiserver-cp1: no --kubelet-certificate-authority: the API server does not verify the kubelets it connects to (logs, exec, port-forward)',
			'Pod kube-system/kube-apiserver-cp1: reaches etcd over plain HTTP: http://10.0.0.1:2379',
		]);
		const credentials = await probe(staticCredentials, admin);
		t.is(credentials.status, 'warn');
		t.deepEqual(lines(credentials), ['Pod kube-system/kube-apiserver-cp1: --token-auth-file=/etc/kubernetes/tokens.csv: static credentials']);
	} finally {
		await remove('/api/v1/namespaces/kube-system/pods/kube-apiserver-cp1');
	}
	await create(admin, mirrorPod('kube-apiserver-cp1', ['kube-apiserver', '--etcd-servers', 'https://10.0.0.1:2379', '--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt', '--authorization-mode=Node,RBAC']));
	try {
		t.is((await probe(apiTls, admin)).status, 'pass');
		t.is((await probe(staticCredentials, admin)).status, 'pass');
		const mode = await probe(authorizationMode, admin);
		t.is(mode.status, 'pass');
		t.true(lines(mode).includes('Pod kube-system/kube-apiserver-cp1: authorization: Node,RBAC'));
	} finally {
		await remove('/api/v1/namespaces/kube-system/pods/kube-apiserver-cp1');
	}
});

test.serial('the operator in system:masters is warned; an ordinary cluster-admin user passes', async t => {
	const masters = await probe(operatorIdentity, admin);
	t.is(masters.status, 'warn');
	t.deepEqual(lines(masters), ['User harden-admin: the API server says you are this user, in groups: system:masters, system:authenticated']);
	const clusterAdmin = await cluster.client('clusterAdmin');
	t.is((await probe(operatorIdentity, clusterAdmin)).status, 'pass');
	clusterAdmin.close();
});

test.serial('anonymous requests: 403 (on, refused) is a warning; a binding that lets them list namespaces makes it 200 and a failure', async t => {
	const refused = await probe(anonymousAuth, admin);
	t.is(refused.status, 'warn');
	t.deepEqual(lines(refused), ['Request GET /api/v1/namespaces: without credentials: 403 Forbidden (the request was taken as system:anonymous, then refused by authorization)']);
	t.is((await probe(anonymousBindings, admin)).status, 'pass', 'Kubernetes\' own public-info binding is not a finding');
	await create(admin,
		{apiVersion: rbac, kind: 'ClusterRole', metadata: {name: 'public-read'}, rules: [{apiGroups: [''], resources: ['namespaces'], verbs: ['list']}]},
		{apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: {name: 'public-read-anonymous'}, roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'public-read'}, subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:anonymous'}, {apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'status-page'}]},
	);
	const ns = await namespaceWith(admin, 'anon');
	await create(admin, {apiVersion: rbac, kind: 'RoleBinding', metadata: {name: 'everyone-view', namespace: ns}, roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view'}, subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:unauthenticated'}]});
	const open = await probe(anonymousAuth, admin);
	t.is(open.status, 'fail');
	t.regex(lines(open)[0] ?? '', /200 OK: anyone who reaches the server can list namespaces/);

	const bindingVerdict = await probe(anonymousBindings, admin);
	t.is(bindingVerdict.status, 'fail');
	t.deepEqual(lines(bindingVerdict), [
		'ClusterRoleBinding public-read-anonymous: gives User system:anonymous the ClusterRole public-read (list namespaces) in every namespace',
		`RoleBinding ${ns}/everyone-view: gives Group system:unauthenticated the ClusterRole view (nothing (the role does not exist)) in namespace ${ns}`,
	]);
	const before = {crb: await read(admin, {apiVersion: rbac, kind: 'ClusterRoleBinding', name: 'public-read-anonymous'}), rb: await read(admin, {apiVersion: rbac, kind: 'RoleBinding', namespace: ns, name: 'everyone-view'})};
	const record = journal(admin);
	const {previewed, result} = await fix(anonymousBindings, admin, undefined, record);
	t.deepEqual(previewed.plan.changes.map(change => change.summary), [
		'remove subjects from ClusterRoleBinding public-read-anonymous: User system:anonymous would lose ClusterRole public-read (list namespaces) in every namespace',
		`delete RoleBinding ${ns}/everyone-view (no subject would be left): Group system:unauthenticated would lose ClusterRole view (nothing (the role does not exist)) in namespace ${ns}`,
	]);
	t.true(result.ok, result.error);
	t.is(result.verdict?.status, 'pass');
	const kept = await read(admin, {apiVersion: rbac, kind: 'ClusterRoleBinding', name: 'public-read-anonymous'});
	t.deepEqual(kept?.['subjects'], [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'status-page'}], 'the other subject keeps its access');
	t.is(await read(admin, {apiVersion: rbac, kind: 'RoleBinding', namespace: ns, name: 'everyone-view'}), undefined);
	t.is((await probe(anonymousAuth, admin)).status, 'warn', 'anonymous callers are refused again');
	const undone = await undo(admin, record, result.entry);
	t.true(undone.ok);
	t.deepEqual(comparable(await read(admin, {apiVersion: rbac, kind: 'ClusterRoleBinding', name: 'public-read-anonymous'})), comparable(before.crb));
	t.deepEqual((await read(admin, {apiVersion: rbac, kind: 'RoleBinding', namespace: ns, name: 'everyone-view'}))?.['subjects'], before.rb?.['subjects']);
	await remove(`/apis/${rbac}/clusterrolebindings/public-read-anonymous`);
	await remove(`/api/v1/namespaces/${ns}`);
});

test.serial('legacy service-account token Secrets: listed with their last use; the unused one is deleted, its token never written down; undo recreates it', async t => {
	const ns = await namespaceWith(admin, 'tokens');
	const secret = (name: string, labels: Record<string, string>) => ({
		apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
		metadata: {name, namespace: ns, labels, annotations: {'kubernetes.io/service-account.name': 'default'}},
		stringData: {token: `secret-value-${name}-do-not-store`},
	});
	await create(admin,
		secret('old-token', {'kubernetes.io/legacy-token-last-used': '2025-01-10'}),
		secret('mounted-token', {'kubernetes.io/legacy-token-last-used': '2025-01-10'}),
		pod(ns, 'uses-token', {containers: [{name: 'c', image: 'busybox'}], volumes: [{name: 't', secret: {secretName: 'mounted-token'}}]}),
	);
	const verdict = await probe(legacyTokenSecrets, admin, ns);
	t.is(verdict.status, 'warn');
	t.deepEqual(lines(verdict), [
		`Secret ${ns}/mounted-token: never-expiring token of service account default; last used 2025-01-10; mounted by pod uses-token`,
		`Secret ${ns}/old-token: never-expiring token of service account default; last used 2025-01-10; unused for over 30 days: the fix deletes it`,
	].sort());
	t.deepEqual(verdict.fixTargets, [`${ns}/old-token`]);
	const dryRun = await preview(legacyTokenSecrets, await context(admin, ns), {});
	t.true(dryRun.ok);
	t.truthy(await read(admin, {apiVersion: 'v1', kind: 'Secret', namespace: ns, name: 'old-token'}), 'the dry-run of a delete deletes nothing');
	const record = journal(admin);
	const {result} = await fix(legacyTokenSecrets, admin, ns, record);
	t.true(result.ok, result.error);
	t.is(await read(admin, {apiVersion: 'v1', kind: 'Secret', namespace: ns, name: 'old-token'}), undefined);
	t.truthy(await read(admin, {apiVersion: 'v1', kind: 'Secret', namespace: ns, name: 'mounted-token'}));
	t.notRegex(fs.readFileSync(record.file, 'utf8'), /do-not-store|c2VjcmV0LXZhbHVl/, 'the journal holds no token');
	t.true((await undo(admin, record, result.entry)).ok);
	const back = await read(admin, {apiVersion: 'v1', kind: 'Secret', namespace: ns, name: 'old-token'});
	t.is(back?.metadata.annotations?.['kubernetes.io/service-account.name'], 'default');
	t.is(back?.['type'], 'kubernetes.io/service-account-token');
	t.is(JSON.stringify(back?.['data'] ?? {}).includes('do-not-store'), false);
	await remove(`/api/v1/namespaces/${ns}`);
});

test.serial('cluster-admin: a service account fails; the fix takes out service accounts only, a user only when picked, never you', async t => {
	const ns = await namespaceWith(admin, 'ci');
	await create(admin,
		{apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'deployer', namespace: ns}},
		{apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: {name: 'deployer-admin'}, roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin'}, subjects: [{kind: 'ServiceAccount', name: 'deployer', namespace: ns}, {apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice'}]},
	);
	const verdict = await probe(clusterAdminSubjects, admin);
	t.is(verdict.status, 'fail');
	t.true(lines(verdict).includes(`ClusterRoleBinding deployer-admin: ServiceAccount ${ns}/deployer can do anything in every namespace through ClusterRole cluster-admin (a service account: every pod running as it holds this)`));
	t.true(lines(verdict).includes('ClusterRoleBinding cluster-admin: Group system:masters can do anything in every namespace through ClusterRole cluster-admin (Kubernetes\' own; expected)'));
	const record = journal(admin);
	const {previewed, result} = await fix(clusterAdminSubjects, admin, undefined, record);
	t.deepEqual(previewed.plan.changes.map(change => change.summary), [`remove subjects from ClusterRoleBinding deployer-admin: ServiceAccount ${ns}/deployer would lose ClusterRole cluster-admin (every verb on every resource) in every namespace`]);
	t.true(result.ok);
	t.is(result.verdict?.status, 'warn', 'people keep cluster-admin until picked');
	t.deepEqual((await read(admin, {apiVersion: rbac, kind: 'ClusterRoleBinding', name: 'deployer-admin'}))?.['subjects'], [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice'}]);
	// The cluster-admin user of the test cluster runs the fix on its own binding: it stays.
	const clusterAdmin = await cluster.client('clusterAdmin');
	const own = await preview(clusterAdminSubjects, await context(clusterAdmin), {targets: ['harden-test-cluster-admin']});
	t.deepEqual(own.plan.changes, []);
	t.deepEqual(own.plan.notes, ['Kept User harden-cluster-admin in ClusterRoleBinding harden-test-cluster-admin: it is you, and removing it could lock you out.']);
	clusterAdmin.close();
	t.true((await undo(admin, record, result.entry)).ok);
	t.is(((await read(admin, {apiVersion: rbac, kind: 'ClusterRoleBinding', name: 'deployer-admin'}))?.['subjects'] as unknown[]).length, 2);
	await remove(`/apis/${rbac}/clusterrolebindings/deployer-admin`);
	await remove(`/api/v1/namespaces/${ns}`);
});

test.serial('escalation paths are named with who, what, where and through which binding; creating pods in one\'s own namespace is not one', async t => {
	t.is((await probe(rbacEscalation, admin)).status, 'warn', 'the limited user of the test cluster owns its namespace (bind, escalate)');
	await create(admin,
		{apiVersion: rbac, kind: 'ClusterRole', metadata: {name: 'support'}, rules: [{apiGroups: [''], resources: ['users'], verbs: ['impersonate']}, {apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get']}]},
		{apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: {name: 'support-team'}, roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'support'}, subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'support'}]},
	);
	const ns = await namespaceWith(admin, 'apps');
	await create(admin,
		{apiVersion: rbac, kind: 'Role', metadata: {name: 'deploy', namespace: ns}, rules: [{apiGroups: ['', 'apps'], resources: ['pods', 'deployments'], verbs: ['create']}]},
		{apiVersion: rbac, kind: 'RoleBinding', metadata: {name: 'dev-deploy', namespace: ns}, roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deploy'}, subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'dev'}]},
	);
	const verdict = await probe(rbacEscalation, admin);
	t.true(lines(verdict).includes('ClusterRoleBinding support-team: Group support in every namespace, through ClusterRole support: impersonate users, groups or service accounts; nodes/proxy (the kubelet API: exec into any pod on the node)'));
	t.false(lines(verdict).some(line => line.includes('dev-deploy')));
	await remove(`/apis/${rbac}/clusterrolebindings/support-team`);
	await remove(`/apis/${rbac}/clusterroles/support`);
	await remove(`/api/v1/namespaces/${ns}`);
});

test.serial('kubelets through the node proxy (a stand-in kubelet, as no real one runs here): open settings fail per node, closed ones pass, a node without an address is unknown', async t => {
	const open = await kubeletStandIn({authentication: {anonymous: {enabled: true}, webhook: {enabled: false}}, authorization: {mode: 'AlwaysAllow'}, readOnlyPort: 10255});
	const closed = await kubeletStandIn({authentication: {anonymous: {enabled: false}, webhook: {enabled: true}}, authorization: {mode: 'Webhook'}, readOnlyPort: 0});
	try {
		await nodeAt(admin, 'node-open', open);
		await nodeAt(admin, 'node-closed', closed);
		const verdict = await probe(kubeletConfig, admin);
		t.is(verdict.status, 'fail');
		t.is(verdict.reason, 'Read the configuration of 2 of 2 kubelets asked (2 nodes).');
		t.deepEqual(lines(verdict), [
			'Node node-closed: anonymous off, webhook authentication on, authorization Webhook, read-only port closed',
			'Node node-open: anonymous requests are accepted; authorization mode AlwaysAllow: every authenticated caller may do anything; webhook authentication is off: API server tokens are not accepted, only client certificates; read-only port 10255 is open, without authentication',
		]);
		t.deepEqual(open.requests, ['/configz'], 'the API server really proxied to the kubelet');
		t.true(lines(await probe(apiTls, admin)).includes('Node node-open: read-only port 10255 is open, without authentication'));
		await nodeAt(admin, 'node-silent', undefined);
		const partly = await probe(kubeletConfig, admin);
		t.is(partly.reason, 'Read the configuration of 2 of 3 kubelets asked (3 nodes).');
		t.regex(lines(partly).find(line => line.startsWith('Node node-silent')) ?? '', /configuration not readable: the API server answered 500/);
		await remove('/api/v1/nodes/node-silent');
		await remove('/api/v1/nodes/node-open');
		// With only a well-configured kubelet left, the check passes.
		t.is((await probe(kubeletConfig, admin)).status, 'pass');
	} finally {
		await open.close();
		await closed.close();
		await remove('/api/v1/nodes/node-silent');
		await remove('/api/v1/nodes/node-open');
		await remove('/api/v1/nodes/node-closed');
	}
});

test.serial('NodeRestriction: acting as a made-up node, changing another node is refused by the API server', async t => {
	await nodeAt(admin, 'worker-a', undefined);
	const verdict = await probe(nodeRestriction, admin);
	t.is(verdict.status, 'pass');
	t.deepEqual(lines(verdict), ['Node worker-a: acting as node kubectl-harden-probe-node, a dry-run label change on this other node was refused by NodeRestriction']);
	t.is((await read(admin, {apiVersion: 'v1', kind: 'Node', name: 'worker-a'}))?.metadata.labels?.['kubectl-harden/probe'], undefined, 'a dry-run leaves nothing');
	const limited = await cluster.client('limited');
	const unknown = await runProbe(nodeRestriction, await context(limited));
	t.is(unknown.status, 'unknown', 'a user who may not see nodes or impersonate learns nothing');
	limited.close();
	await remove('/api/v1/nodes/worker-a');
});

test.serial('a weakly configured API server: anonymous off is a pass, AlwaysAllow fails, no NodeRestriction fails', async t => {
	const weak = await privateCluster(['--anonymous-auth=false', '--authorization-mode=AlwaysAllow', '--enable-admission-plugins=NamespaceLifecycle']);
	const client = await weak.client();
	try {
		const anonymous = await probe(anonymousAuth, client);
		t.is(anonymous.status, 'pass');
		t.deepEqual(lines(anonymous), ['Request GET /api/v1/namespaces: without credentials: 401 Unauthorized']);
		const mode = await probe(authorizationMode, client);
		t.is(mode.status, 'fail');
		t.regex(lines(mode)[0] ?? '', /a made-up user was ALLOWED to list Secrets in every namespace/);
		await nodeAt(client, 'worker-b', undefined);
		const restriction = await probe(nodeRestriction, client);
		t.is(restriction.status, 'fail');
		t.deepEqual(lines(restriction), ['Node worker-b: acting as node kubectl-harden-probe-node, a dry-run label change on this other node was ALLOWED']);
	} finally {
		client.close();
		await weak.stop();
	}
});
