import test from 'ava';
import {rbacEscalation} from '../../source/checks/rbac-escalation.js';
import {clusterRole, clusterRoleBinding, codes, probe, role, roleBinding} from '../helpers/fixtures.js';

test('creating pods in one\'s own namespace is not an escalation path: a pass', async t => {
	const verdict = await probe(rbacEscalation, {objects: [role('web', 'deployer', [{verbs: ['create'], apiGroups: [''], resources: ['pods']}]), roleBinding('web', 'deployer', {kind: 'Role', name: 'deployer'}, [{kind: 'User', name: 'erin'}])]});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), []);
	t.is(verdict.reasonCode, 'rbac-escalation.pass');
});

test('escalate, impersonate and cluster-wide pod creation are named per subject', async t => {
	const verdict = await probe(rbacEscalation, {objects: [
		clusterRole('risky', [{verbs: ['escalate', 'bind'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles']}, {verbs: ['impersonate'], apiGroups: [''], resources: ['users']}, {verbs: ['create'], apiGroups: [''], resources: ['pods']}]),
		clusterRoleBinding('risky', 'risky', [{kind: 'User', name: 'frank'}, {kind: 'Group', name: 'system:nodes'}]),
	]});
	t.is(verdict.status, 'warn');
	t.deepEqual(codes(verdict), ['rbac-escalation.ev.path']);
	t.is(verdict.evidence[0]?.params?.['subject'], 'User frank');
	t.regex(String(verdict.evidence[0]?.params?.['paths']), /escalate.*; .*bind.*; .*impersonat.*; .*pods/i);
});

test('unknown when the bindings may not be listed', async t => {
	const verdict = await probe(rbacEscalation, {forbidden: ['RoleBinding']});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});
