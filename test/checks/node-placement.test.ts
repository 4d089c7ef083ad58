import test from 'ava';
import {nodePlacement} from '../../source/checks/node-placement.js';
import {codes, namespace, node, pod, probe} from '../helpers/fixtures.js';

const cpLabel = {'node-role.kubernetes.io/control-plane': ''};
const tainted = node('cp-1', cpLabel, {spec: {taints: [{key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule'}]}});

test('a tainted control plane with only system pods on it passes; the reason counts pinned namespaces', async t => {
	const verdict = await probe(nodePlacement, {objects: [tainted, node('w-1'), namespace('web', {}, {'scheduler.alpha.kubernetes.io/node-selector': 'pool=web'}), namespace('db'), pod('kube-system', 'etcd-cp-1', {nodeName: 'cp-1'})]});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), []);
	t.is(verdict.reasonCode, 'node-placement.reason.selectors');
	t.deepEqual(verdict.reasonParams, {pinned: 1, count: 2});
});

test('an untainted control-plane node, or one only tainted by its condition, fails; workload pods on it are named', async t => {
	const condition = node('cp-2', cpLabel, {spec: {taints: [{key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule'}]}});
	const verdict = await probe(nodePlacement, {objects: [node('cp-1', cpLabel), condition, namespace('web'), pod('web', 'stray', {nodeName: 'cp-1'})]});
	t.is(verdict.status, 'fail');
	t.deepEqual(codes(verdict), ['node-placement.ev.untainted', 'node-placement.ev.untainted', 'node-placement.ev.podOnControlPlane']);
	t.deepEqual(verdict.fixTargets, ['cp-1', 'cp-2']);
});

test('unknown without nodes or when they are hidden; not applicable without a control-plane node', async t => {
	const none = await probe(nodePlacement, {});
	t.is(none.status, 'unknown');
	t.is(none.reasonCode, 'node-placement.reason.noNodes');
	const hidden = await probe(nodePlacement, {forbidden: ['Node']});
	t.is(hidden.status, 'unknown');
	t.is(hidden.reasonCode, 'kube.forbidden');
	const managed = await probe(nodePlacement, {objects: [node('w-1')]});
	t.is(managed.status, 'not-applicable');
	t.is(managed.reasonCode, 'node-placement.reason.noControlPlane');
});
