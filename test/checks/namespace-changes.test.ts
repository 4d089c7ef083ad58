import test from 'ava';
import {namespaceChanges} from '../../source/checks/namespace-changes.js';
import {reviewBudget} from '../../source/facts/rbac.js';
import type {ApiRequest} from '../../source/kube/client.js';
import {clusterRole, clusterRoleBinding, codes, probe, role, roleBinding, sarPath} from '../helpers/fixtures.js';

const allowed = {[sarPath]: {body: {status: {allowed: true}}}};
const relabeler = clusterRole('relabeler', [{verbs: ['get', 'patch'], apiGroups: [''], resources: ['namespaces']}]);

test('only Kubernetes\' own grants and cluster-admin holders may change namespaces: a pass', async t => {
	const verdict = await probe(namespaceChanges, {objects: [
		clusterRole('cluster-admin', [{verbs: ['*'], apiGroups: ['*'], resources: ['*']}]),
		clusterRoleBinding('ci-admin', 'cluster-admin', [{kind: 'ServiceAccount', namespace: 'ci', name: 'deployer'}]),
		clusterRole('viewer', [{verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['namespaces']}]),
		clusterRoleBinding('viewers', 'viewer', [{kind: 'Group', name: 'system:authenticated'}]),
		clusterRole('narrow', [{verbs: ['patch'], apiGroups: [''], resources: ['namespaces'], resourceNames: ['sandbox']}]),
		clusterRoleBinding('narrow', 'narrow', [{kind: 'User', name: 'sam'}]),
	], answers: allowed});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), []);
	t.is(verdict.reasonCode, 'namespace-changes.pass');
});

test('patch on namespaces through a ClusterRoleBinding fails and names the subject, verbs and binding, confirmed by a SubjectAccessReview', async t => {
	const asked: unknown[] = [];
	const verdict = await probe(namespaceChanges, {objects: [
		relabeler,
		clusterRoleBinding('platform-relabel', 'relabeler', [{kind: 'User', name: 'dana'}, {kind: 'ServiceAccount', namespace: 'ops', name: 'labeller'}]),
	], answers: {[sarPath]: (request: ApiRequest) => {
		asked.push((request.body as {spec: unknown}).spec);
		return {body: {status: {allowed: true}}};
	}}});
	t.is(verdict.status, 'fail');
	t.is(verdict.severity, 'high');
	t.is(verdict.reasonCode, 'namespace-changes.reason.cluster');
	t.deepEqual(codes(verdict), ['namespace-changes.ev.subject', 'namespace-changes.ev.subject']);
	t.deepEqual(verdict.evidence.map(item => `${item.kind} ${item.name}: ${item.detail}`), [
		'ServiceAccount labeller: ServiceAccount ops/labeller can patch in every namespace through ClusterRoleBinding platform-relabel (confirmed by a SubjectAccessReview)',
		'User dana: User dana can patch in every namespace through ClusterRoleBinding platform-relabel (confirmed by a SubjectAccessReview)',
	]);
	t.deepEqual(asked, [
		{user: 'dana', groups: [], resourceAttributes: {verb: 'patch', group: '', resource: 'namespaces', subresource: undefined, namespace: undefined}},
		{user: 'system:serviceaccount:ops:labeller', groups: ['system:serviceaccounts', 'system:serviceaccounts:ops', 'system:authenticated'], resourceAttributes: {verb: 'patch', group: '', resource: 'namespaces', subresource: undefined, namespace: undefined}},
	]);
});

test('update on namespaces bound in one namespace warns: its holder can lift that namespace\'s own Pod Security labels', async t => {
	const verdict = await probe(namespaceChanges, {objects: [
		role('shop', 'owner', [{verbs: ['*'], apiGroups: [''], resources: ['namespaces', 'pods']}]),
		roleBinding('shop', 'owner', {kind: 'Role', name: 'owner'}, [{kind: 'User', name: 'erin'}]),
	], answers: {[sarPath]: {body: {status: {allowed: false}}}}});
	t.is(verdict.status, 'warn');
	t.is(verdict.reasonCode, 'namespace-changes.reason.namespaced');
	t.is(verdict.evidence.length, 1);
	t.is(verdict.evidence[0]?.params?.['verbs'], 'update, patch');
	t.regex(verdict.evidence[0]?.detail ?? '', /its own namespace shop .*RoleBinding shop\/owner \(granted by the RBAC objects, though a SubjectAccessReview does not allow it now\)/);
});

test('a SubjectAccessReview refused leaves the finding on the RBAC objects, and says so', async t => {
	const verdict = await probe(namespaceChanges, {objects: [relabeler, clusterRoleBinding('r', 'relabeler', [{kind: 'Group', name: 'platform'}])], answers: {[sarPath]: {error: 'forbidden'}}});
	t.is(verdict.status, 'fail');
	t.regex(verdict.evidence[0]?.detail ?? '', /from the RBAC objects; a SubjectAccessReview could not be made/);
});

test('unknown when the bindings may not be listed', async t => {
	const verdict = await probe(namespaceChanges, {forbidden: ['ClusterRoleBinding']});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});

test('beyond reviewBudget, cluster-wide holders are confirmed first and the rest say why they were not', async t => {
	let asked = 0;
	const teams = Array.from({length: reviewBudget}, (_, index) => `team-${String(index).padStart(4, '0')}`);
	const verdict = await probe(namespaceChanges, {objects: [
		relabeler,
		...teams.map(team => roleBinding(team, 'relabel', {kind: 'ClusterRole', name: 'relabeler'}, [{kind: 'User', name: `${team}-lead`}])),
		clusterRoleBinding('platform-relabel', 'relabeler', [{kind: 'User', name: 'dana'}]),
	], answers: {[sarPath]: () => {
		asked++;
		return {body: {status: {allowed: true}}};
	}}});
	t.is(verdict.status, 'fail');
	t.is(asked, reviewBudget);
	const detail = (name: string) => verdict.evidence.find(item => item.name === name)?.detail;
	t.is(detail('dana'), 'User dana can patch in every namespace through ClusterRoleBinding platform-relabel (confirmed by a SubjectAccessReview)');
	t.is(detail(`${teams.at(-2)}-lead`)?.endsWith('(confirmed by a SubjectAccessReview)'), true);
	t.is(detail(`${teams.at(-1)}-lead`), `User ${teams.at(-1)}-lead can patch its own namespace ${teams.at(-1)} (and so lift the Pod Security labels there) through RoleBinding ${teams.at(-1)}/relabel (from the RBAC objects; not confirmed by a SubjectAccessReview, as there were more than ${reviewBudget} to ask and the cluster-wide findings were confirmed first)`);
});
