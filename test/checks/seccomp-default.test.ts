import test from 'ava';
import {seccompDefault} from '../../source/checks/seccomp-default.js';
import {codes, configz, node, pod, probe} from '../helpers/fixtures.js';

const runtimeDefault = {securityContext: {seccompProfile: {type: 'RuntimeDefault'}}};

test('workloads under RuntimeDefault, or on nodes whose kubelet gives it, pass', async t => {
	const verdict = await probe(seccompDefault, {objects: [pod('web', 'set', {...runtimeDefault, nodeName: 'a'}), pod('web', 'unset', {nodeName: 'b'}), node('a'), node('b')], answers: {...configz('a', {}), ...configz('b', {seccompDefault: true})}});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['seccomp-default.ev.nodeOff', 'seccomp-default.ev.nodeOn']);
	t.deepEqual(verdict.reasonParts?.map(part => part.code), ['seccomp-default.reason.pass', 'seccomp-default.reason.read']);
});

test('an explicit Unconfined fails; no profile on a node without seccompDefault warns', async t => {
	const failed = await probe(seccompDefault, {objects: [pod('web', 'wild', {nodeName: 'a', securityContext: {seccompProfile: {type: 'Unconfined'}}}), node('a')], answers: configz('a', {seccompDefault: true})});
	t.is(failed.status, 'fail');
	t.deepEqual(codes(failed), ['seccomp-default.ev.unconfined', 'seccomp-default.ev.nodeOn']);
	t.is(failed.reasonCode, 'seccomp-default.reason.found');
	const warned = await probe(seccompDefault, {objects: [pod('web', 'plain', {nodeName: 'a'}), node('a')], answers: configz('a', {})});
	t.is(warned.status, 'warn');
	t.deepEqual(codes(warned), ['seccomp-default.ev.exposed', 'seccomp-default.ev.nodeOff']);
});

test('unknown when the pod\'s kubelet cannot be read, or the nodes are hidden', async t => {
	const unread = await probe(seccompDefault, {objects: [pod('web', 'plain', {nodeName: 'a'}), node('a')], answers: {'GET /api/v1/nodes/a/proxy/configz': {error: 'forbidden'}}});
	t.is(unread.status, 'unknown');
	t.deepEqual(codes(unread), ['seccomp-default.ev.unread', 'seccomp-default.ev.nodeUnread']);
	t.deepEqual(unread.reasonParts?.map(part => part.code), ['seccomp-default.reason.unsure', 'seccomp-default.reason.read']);
	const hidden = await probe(seccompDefault, {objects: [pod('web', 'pending')], forbidden: ['Node']});
	t.is(hidden.status, 'unknown');
	t.deepEqual(codes(hidden), ['seccomp-default.ev.unscheduled']);
	t.deepEqual(hidden.reasonParts?.map(part => part.code), ['seccomp-default.reason.unsure', 'seccomp-default.reason.nodesRefused']);
});
