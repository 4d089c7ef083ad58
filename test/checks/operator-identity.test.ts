import test from 'ava';
import {operatorIdentity} from '../../source/checks/operator-identity.js';
import {codes, probe} from '../helpers/fixtures.js';

test('an ordinary user passes, and an impersonated one is named in the reason', async t => {
	const verdict = await probe(operatorIdentity, {}, {username: 'alice', groups: ['admins', 'system:authenticated']});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['operator-identity.ev.who']);
	t.deepEqual(verdict.evidence[0]?.params, {groups: 'admins, system:authenticated'});
	t.is(verdict.reasonCode, undefined);
	const impersonated = await probe(operatorIdentity, {}, {username: 'bob', impersonated: true});
	t.is(impersonated.status, 'pass');
	t.is(impersonated.reasonCode, 'operator-identity.reason.impersonated');
});

test('a member of system:masters is warned', async t => {
	const verdict = await probe(operatorIdentity, {}, {username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'], systemMasters: true});
	t.is(verdict.status, 'warn');
	t.is(verdict.reasonCode, 'operator-identity.reason.masters');
});

test('never unknown: the identity comes from the SelfSubjectReview made before any probe, and the probe reads nothing else', async t => {
	const context = await probe(operatorIdentity, {forbidden: ['Namespace', 'Pod', 'Node']}, {username: 'carol', groups: []});
	t.is(context.status, 'pass');
	t.deepEqual(context.evidence[0]?.params, {groups: '-'});
});
