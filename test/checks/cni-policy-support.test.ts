import test from 'ava';
import {cniPolicySupport} from '../../source/checks/cni-policy-support.js';
import {codes, pod, probe} from '../helpers/fixtures.js';
import type {KubeObject} from '../../source/kube/objects.js';

const daemonSet = (ns: string, name: string, image: string): KubeObject => ({apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: {namespace: ns, name}, spec: {template: {spec: {containers: [{name: 'agent', image}]}}}});

test('a plugin that enforces NetworkPolicies passes, even beside one that does not', async t => {
	const verdict = await probe(cniPolicySupport, {objects: [daemonSet('kube-flannel', 'kube-flannel-ds', 'ghcr.io/flannel-io/flannel:v0.26.0'), pod('kube-system', 'calico-node-x', {containers: [{name: 'c', image: 'quay.io/calico/node:v3.29.0'}]})]});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['cni-policy-support.ev.ignores', 'cni-policy-support.ev.enforces']);
});

test('Flannel alone fails', async t => {
	const verdict = await probe(cniPolicySupport, {objects: [daemonSet('kube-flannel', 'kube-flannel-ds', 'ghcr.io/flannel-io/flannel:v0.26.0')]});
	t.is(verdict.status, 'fail');
	t.deepEqual(codes(verdict), ['cni-policy-support.ev.ignores']);
	t.is(verdict.reasonCode, 'cni-policy-support.reason.ignores');
});

test('unknown when no known plugin is seen, or DaemonSets may not be listed', async t => {
	const none = await probe(cniPolicySupport, {objects: [daemonSet('x', 'other', 'example/agent:1')]});
	t.is(none.status, 'unknown');
	t.is(none.reasonCode, 'cni-policy-support.reason.notFound');
	t.deepEqual(none.reasonParams, {daemonSets: 1});
	const hidden = await probe(cniPolicySupport, {forbidden: ['DaemonSet']});
	t.is(hidden.status, 'unknown');
	t.is(hidden.reasonCode, 'kube.forbidden');
});
