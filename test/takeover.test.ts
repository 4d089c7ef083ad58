// Issue 20 against a real API server: subjects as the authorizer sees them (groups everyone is
// in, per-namespace Secret reads, edited default bindings), and workloads through the service
// account they run as. On a cluster of this file's own: the bindings made here are cluster-wide.
import test from 'ava';
import {takeoverRights} from '../source/checks/takeover-rights.js';
import type {KubeClient} from '../source/kube/client.js';
import {privateClusterForFile} from './helpers/cluster.js';
import {create, namespaceWith, probe, read, evidenceLines} from './helpers/checks.js';

let admin: KubeClient;
privateClusterForFile(test, (_started, client) => {
	admin = client;
});

const rbac = 'rbac.authorization.k8s.io/v1';
const apiGroup = 'rbac.authorization.k8s.io';
const lines = evidenceLines;

test.serial('a fresh cluster: Kubernetes\' own default bindings are recognised by their content, and pass', async t => {
	const verdict = await probe(takeoverRights, admin);
	t.deepEqual(lines(verdict).filter(line => !line.includes('harden-limited')), []);
});

test.serial('system:authenticated with nodes/proxy or Secret reads fails and is named, confirmed by the API server', async t => {
	await create(admin,
		{apiVersion: rbac, kind: 'ClusterRole', metadata: {name: 'kubelet-api'}, rules: [{apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get']}]},
		{apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: {name: 'everyone-kubelet'}, roleRef: {apiGroup, kind: 'ClusterRole', name: 'kubelet-api'}, subjects: [{apiGroup, kind: 'Group', name: 'system:authenticated'}]},
		{apiVersion: rbac, kind: 'ClusterRole', metadata: {name: 'secret-getter'}, rules: [{apiGroups: [''], resources: ['secrets'], verbs: ['get']}]},
		{apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: {name: 'accounts-secrets'}, roleRef: {apiGroup, kind: 'ClusterRole', name: 'secret-getter'}, subjects: [{kind: 'Group', apiGroup, name: 'system:serviceaccounts'}]},
	);
	const verdict = await probe(takeoverRights, admin);
	t.is(verdict.status, 'fail');
	t.is(verdict.severity, 'critical');
	const found = lines(verdict);
	t.true(found.includes('Group system:authenticated: Group system:authenticated (everyone who signs in) can use the kubelet API (nodes/proxy) in every namespace through ClusterRoleBinding everyone-kubelet (confirmed by a SubjectAccessReview)'), found.join('\n'));
	t.true(found.includes('Group system:serviceaccounts: Group system:serviceaccounts (every service account in every namespace) can get Secrets in every namespace through ClusterRoleBinding accounts-secrets (confirmed by a SubjectAccessReview)'), found.join('\n'));
	for (const name of ['everyone-kubelet', 'accounts-secrets']) {
		await admin.request({method: 'DELETE', path: `/apis/${rbac}/clusterrolebindings/${name}`});
	}
});

test.serial('a Role granting get on Secrets in one namespace is reported at that scope, as a warning', async t => {
	const ns = await namespaceWith(admin, 'shop', name => [
		{apiVersion: rbac, kind: 'Role', metadata: {name: 'peek', namespace: name}, rules: [{apiGroups: [''], resources: ['secrets'], verbs: ['get']}]},
		{apiVersion: rbac, kind: 'RoleBinding', metadata: {name: 'peek', namespace: name}, roleRef: {apiGroup, kind: 'Role', name: 'peek'}, subjects: [{apiGroup, kind: 'User', name: 'erin'}]},
	]);
	const verdict = await probe(takeoverRights, admin);
	t.true(lines(verdict).includes(`User erin: User erin can get Secrets in namespace ${ns} through RoleBinding ${ns}/peek (confirmed by a SubjectAccessReview)`), lines(verdict).join('\n'));
	t.is(verdict.status, 'warn', 'Secret reads in one namespace only are a warning, not a failure');
	t.is(verdict.severity, 'medium');
	// No controller manager empties a deleted namespace here: remove the binding itself.
	await admin.request({method: 'DELETE', path: `/apis/${rbac}/namespaces/${ns}/rolebindings/peek`});
});

test.serial('an edited default binding is not exempt: a subject added to the bootstrap signer\'s binding is named', async t => {
	const path = `/apis/${rbac}/namespaces/kube-system/rolebindings/system:controller:bootstrap-signer`;
	const before = await read(admin, {apiVersion: rbac, kind: 'RoleBinding', namespace: 'kube-system', name: 'system:controller:bootstrap-signer'});
	t.truthy(before);
	const subjects = before!['subjects'] as unknown[];
	await admin.request({method: 'PATCH', path, body: {subjects: [...subjects, {apiGroup, kind: 'User', name: 'mallory'}]}, contentType: 'application/merge-patch+json'});
	try {
		const verdict = await probe(takeoverRights, admin);
		t.is(verdict.status, 'fail');
		t.deepEqual(lines(verdict).filter(line => !line.includes('harden-limited')), [
			'User mallory: User mallory can get, list, watch Secrets in namespace kube-system through RoleBinding kube-system/system:controller:bootstrap-signer (confirmed by a SubjectAccessReview)',
		]);
	} finally {
		await admin.request({method: 'PATCH', path, body: {subjects}, contentType: 'application/merge-patch+json'});
	}
	t.deepEqual(lines(await probe(takeoverRights, admin)).filter(line => !line.includes('harden-limited')), [], 'put back as it was, it is Kubernetes\' own again');
});

test.serial('a pod running as an account that can read all Secrets is flagged as a takeover path, naming the pod, the account and the right', async t => {
	const ns = await namespaceWith(admin, 'sync', name => [
		{apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'syncer', namespace: name}},
		{apiVersion: 'v1', kind: 'Pod', metadata: {name: 'syncer', namespace: name}, spec: {serviceAccountName: 'syncer', containers: [{name: 'app', image: 'registry.k8s.io/pause:3.10'}]}},
	]);
	await create(admin,
		{apiVersion: rbac, kind: 'ClusterRole', metadata: {name: 'secret-lister'}, rules: [{apiGroups: [''], resources: ['secrets'], verbs: ['list', 'watch']}]},
		{apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: {name: 'syncer-secrets'}, roleRef: {apiGroup, kind: 'ClusterRole', name: 'secret-lister'}, subjects: [{kind: 'ServiceAccount', name: 'syncer', namespace: ns}]},
	);
	const verdict = await probe(takeoverRights, admin);
	t.is(verdict.status, 'fail');
	const found = lines(verdict);
	t.true(found.includes(`Pod ${ns}/syncer: runs as ServiceAccount ${ns}/syncer, which can list, watch Secrets in every namespace through ClusterRoleBinding syncer-secrets: code running in it holds that`), found.join('\n'));
	t.true(found.includes(`ServiceAccount ${ns}/syncer: ServiceAccount ${ns}/syncer can list, watch Secrets in every namespace through ClusterRoleBinding syncer-secrets (confirmed by a SubjectAccessReview)`), found.join('\n'));
	await admin.request({method: 'DELETE', path: `/apis/${rbac}/clusterrolebindings/syncer-secrets`});
});
