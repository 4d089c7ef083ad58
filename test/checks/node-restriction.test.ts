import test from 'ava';
import {nodeRestriction, probeNodeName} from '../../source/checks/node-restriction.js';
import {codes, node, probe} from '../helpers/fixtures.js';

const patch = `as system:node:${probeNodeName} PATCH /api/v1/nodes/worker-1`;

test('a made-up node may not change another node: a pass, naming NodeRestriction', async t => {
	const verdict = await probe(nodeRestriction, {objects: [node('worker-1')], answers: {[patch]: {error: 'forbidden', detail: `nodes "worker-1" is forbidden: node "${probeNodeName}" is not allowed to modify node "worker-1"`}}});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['node-restriction.ev.refused']);
	t.is(verdict.evidence[0]?.params?.['by'], 'NodeRestriction');
	t.is(verdict.reasonCode, 'node-restriction.reason.refusal');
});

test('the dry-run change allowed: a failure', async t => {
	const verdict = await probe(nodeRestriction, {objects: [node('worker-1')], answers: {[patch]: {body: {}}}});
	t.is(verdict.status, 'fail');
	t.deepEqual(codes(verdict), ['node-restriction.ev.allowed']);
});

test('unknown with no node to try, or when the operator may not impersonate a node', async t => {
	const none = await probe(nodeRestriction, {objects: []});
	t.is(none.status, 'unknown');
	t.is(none.reasonCode, 'node-restriction.reason.noNodes');
	const noImpersonation = await probe(nodeRestriction, {objects: [node('worker-1')], answers: {[patch]: {error: 'forbidden', detail: `users "system:node:${probeNodeName}" is forbidden: User "ops" cannot impersonate resource "users" in API group "" at the cluster scope`}}});
	t.is(noImpersonation.status, 'unknown');
	t.is(noImpersonation.reasonCode, 'node-restriction.reason.noImpersonate');
});
