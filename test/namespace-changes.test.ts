// namespace-changes against a real API server: a subject bound to a role that may patch
// namespaces is named, confirmed by the API server's own SubjectAccessReview; bound in one
// namespace it is a warning about that namespace; and the finding goes once the binding does.
// On a cluster of this file's own: the bindings made here are cluster-wide.
import test from 'ava';
import {namespaceChanges} from '../source/checks/namespace-changes.js';
import type {KubeClient} from '../source/kube/client.js';
import {privateClusterForFile} from './helpers/cluster.js';
import {create, namespaceWith, probe, evidenceLines} from './helpers/checks.js';

let admin: KubeClient;
privateClusterForFile(test, (_started, client) => {
	admin = client;
});

const rbac = 'rbac.authorization.k8s.io/v1';
const apiGroup = 'rbac.authorization.k8s.io';
const lines = evidenceLines;

test.serial('a fresh cluster: beside Kubernetes\' own grants and cluster-admin, only the owner of harden-limited (a Role with * on *) may relabel that one namespace', async t => {
	const verdict = await probe(namespaceChanges, admin);
	t.is(verdict.status, 'warn');
	t.deepEqual(lines(verdict), ['User harden-limited: User harden-limited can update, patch its own namespace harden-limited (and so lift the Pod Security labels there) through RoleBinding harden-limited/harden-limited-owner (confirmed by a SubjectAccessReview)']);
});

test.serial('a user and a service account that may patch namespaces cluster-wide are named and confirmed; removing the binding clears it', async t => {
	const ns = await namespaceWith(admin, 'labels');
	await create(admin,
		{apiVersion: rbac, kind: 'ClusterRole', metadata: {name: 'namespace-labeller'}, rules: [{apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'patch']}]},
		{apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: {name: 'namespace-labeller'}, roleRef: {apiGroup, kind: 'ClusterRole', name: 'namespace-labeller'}, subjects: [{apiGroup, kind: 'User', name: 'dana'}, {kind: 'ServiceAccount', namespace: ns, name: 'default'}]},
	);
	const verdict = await probe(namespaceChanges, admin);
	t.is(verdict.status, 'fail');
	t.deepEqual(lines(verdict).filter(line => !line.startsWith('User harden-limited')), [
		`ServiceAccount ${ns}/default: ServiceAccount ${ns}/default can patch in every namespace through ClusterRoleBinding namespace-labeller (confirmed by a SubjectAccessReview)`,
		'User dana: User dana can patch in every namespace through ClusterRoleBinding namespace-labeller (confirmed by a SubjectAccessReview)',
	]);
	await admin.request({method: 'DELETE', path: `/apis/${rbac}/clusterrolebindings/namespace-labeller`});
	t.is((await probe(namespaceChanges, admin)).status, 'warn', 'only the namespace owner\'s finding is left');
});

test.serial('a namespace owner whose Role covers namespaces may relabel their own namespace: a warning naming it', async t => {
	const ns = await namespaceWith(admin, 'team', name => [
		{apiVersion: rbac, kind: 'Role', metadata: {name: 'owner', namespace: name}, rules: [{apiGroups: [''], resources: ['namespaces', 'pods'], verbs: ['*']}]},
		{apiVersion: rbac, kind: 'RoleBinding', metadata: {name: 'owner', namespace: name}, roleRef: {apiGroup, kind: 'Role', name: 'owner'}, subjects: [{apiGroup, kind: 'User', name: 'erin'}]},
	]);
	const verdict = await probe(namespaceChanges, admin);
	t.is(verdict.status, 'warn');
	t.deepEqual(lines(verdict).filter(line => !line.startsWith('User harden-limited')), [`User erin: User erin can update, patch its own namespace ${ns} (and so lift the Pod Security labels there) through RoleBinding ${ns}/owner (confirmed by a SubjectAccessReview)`]);
	// What the finding says, the API server does: erin may relabel the namespace (a dry-run as erin).
	const erin = admin.as({user: 'erin'});
	const {status} = await erin.request({method: 'PATCH', path: `/api/v1/namespaces/${ns}`, query: {dryRun: 'All'}, contentType: 'application/merge-patch+json', body: {metadata: {labels: {'pod-security.kubernetes.io/enforce': 'privileged'}}}});
	t.is(status, 200);
});
