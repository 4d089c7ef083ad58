import test from 'ava';
import {clusterAdminSubjects} from '../../source/checks/cluster-admin-subjects.js';
import {clusterRole, clusterRoleBinding, codes, probe, roleBinding} from '../helpers/fixtures.js';

const admin = clusterRole('cluster-admin', [{verbs: ['*'], apiGroups: ['*'], resources: ['*']}]);
const masters = clusterRoleBinding('cluster-admin', 'cluster-admin', [{kind: 'Group', name: 'system:masters'}]);

test('only Kubernetes\' own holders of cluster-admin: a pass, with them listed as system', async t => {
	const verdict = await probe(clusterAdminSubjects, {objects: [admin, masters, roleBinding('team', 'owner', {kind: 'ClusterRole', name: 'cluster-admin'}, [{kind: 'User', name: 'dana'}])]});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['rbac.grantAll']);
	t.deepEqual(verdict.evidence[0]?.parts?.map(part => part.code), ['rbac.grantAll', 'cluster-admin-subjects.ev.system']);
	t.is(verdict.reasonCode, 'cluster-admin-subjects.pass');
	t.deepEqual(verdict.fixTargets, []);
});

test('a person with cluster-admin warns; a service account with it fails', async t => {
	const person = await probe(clusterAdminSubjects, {objects: [admin, masters, clusterRoleBinding('alice-admin', 'cluster-admin', [{kind: 'User', name: 'alice'}])]});
	t.is(person.status, 'warn');
	t.deepEqual(person.fixTargets, ['alice-admin']);
	const account = await probe(clusterAdminSubjects, {objects: [admin, clusterRole('everything', [{verbs: ['*'], apiGroups: ['*'], resources: ['*']}]), clusterRoleBinding('ci', 'everything', [{kind: 'ServiceAccount', namespace: 'ci', name: 'deployer'}])]});
	t.is(account.status, 'fail');
	t.deepEqual(account.evidence[0]?.parts?.map(part => part.code), ['rbac.grantAll', 'cluster-admin-subjects.ev.serviceAccount']);
	t.deepEqual(account.fixTargets, ['ci']);
});

test('unknown when roles or bindings may not be listed', async t => {
	const verdict = await probe(clusterAdminSubjects, {forbidden: ['ClusterRole']});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});
