import test from 'ava';
import {anonymousBindings} from '../../source/checks/anonymous-bindings.js';
import {clusterRole, clusterRoleBinding, codes, probe, roleBinding} from '../helpers/fixtures.js';

const viewer = clusterRole('view', [{verbs: ['get', 'list'], apiGroups: [''], resources: ['pods']}]);
const publicInfo = clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [{kind: 'Group', name: 'system:unauthenticated'}]);

test('Kubernetes\' own public-info binding alone passes', async t => {
	const verdict = await probe(anonymousBindings, {objects: [publicInfo, viewer]});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), []);
	t.is(verdict.reasonCode, 'anonymous-bindings.pass');
});

test('a binding that grants a role to system:anonymous or system:unauthenticated fails and is a fix target', async t => {
	const verdict = await probe(anonymousBindings, {objects: [publicInfo, viewer, clusterRoleBinding('open-view', 'view', [{kind: 'User', name: 'system:anonymous'}, {kind: 'User', name: 'alice'}]), roleBinding('web', 'guests', {kind: 'ClusterRole', name: 'view'}, [{kind: 'Group', name: 'system:unauthenticated'}])]});
	t.is(verdict.status, 'fail');
	t.deepEqual(codes(verdict), ['rbac.grant', 'rbac.grant']);
	t.is(verdict.evidence[0]?.params?.['subjects'], 'User system:anonymous');
	t.deepEqual(verdict.fixTargets, ['open-view', 'web/guests']);
});

test('unknown when the bindings may not be listed', async t => {
	const verdict = await probe(anonymousBindings, {forbidden: ['ClusterRoleBinding']});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});

test('an edited public-info binding is not exempt: an added anonymous subject is flagged (the default one is not); with a swapped role, the default subject is flagged too', async t => {
	const extra = await probe(anonymousBindings, {objects: [viewer, clusterRoleBinding('system:public-info-viewer', 'system:public-info-viewer', [{kind: 'Group', name: 'system:unauthenticated'}, {kind: 'User', name: 'system:anonymous'}])]});
	t.is(extra.status, 'fail');
	t.is(extra.evidence[0]?.params?.['subjects'], 'User system:anonymous');
	t.deepEqual(extra.fixTargets, ['system:public-info-viewer']);
	const swapped = await probe(anonymousBindings, {objects: [viewer, clusterRoleBinding('system:public-info-viewer', 'view', [{kind: 'Group', name: 'system:unauthenticated'}])]});
	t.is(swapped.status, 'fail');
	t.is(swapped.evidence[0]?.params?.['subjects'], 'Group system:unauthenticated');
	t.is(swapped.evidence[0]?.params?.['role'], 'ClusterRole view');
});
