import test from 'ava';
import {authorizationMode} from '../../source/checks/authorization-mode.js';
import {apiserver, codes, probe, sarPath} from '../helpers/fixtures.js';

const refused = {[sarPath]: {body: {status: {allowed: false}}}};

test('a made-up user is refused and the modes include Node: a pass', async t => {
	const verdict = await probe(authorizationMode, {objects: [apiserver(['--authorization-mode=Node,RBAC'])], answers: refused});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['authorization-mode.ev.refused', 'authorization-mode.ev.modes']);
});

test('AlwaysAllow fails (by the review and by the flag); no Node authorizer warns', async t => {
	const allowed = await probe(authorizationMode, {objects: [apiserver(['--authorization-mode=AlwaysAllow'])], answers: {[sarPath]: {body: {status: {allowed: true}}}}});
	t.is(allowed.status, 'fail');
	t.deepEqual(codes(allowed), ['authorization-mode.ev.allowed', 'authorization-mode.ev.flagAlwaysAllow']);
	const noNode = await probe(authorizationMode, {objects: [apiserver(['--authorization-mode=RBAC'])], answers: refused});
	t.is(noNode.status, 'warn');
	t.deepEqual(codes(noNode), ['authorization-mode.ev.refused', 'authorization-mode.ev.noNode']);
});

test('unknown when the access review may not be made', async t => {
	const verdict = await probe(authorizationMode, {answers: {[sarPath]: {error: 'forbidden'}}});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});
