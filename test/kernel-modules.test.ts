// 3.3 against the real API server: what the API can see about kernel modules.
import test from 'ava';
import {kernelModules} from '../source/checks/kernel-modules.js';
import {client, privateCluster} from './helpers/cluster.js';
import {kubeletStandIn, nodeAt} from './helpers/kubelet.js';
import {namespaceWith, pod, probe} from './helpers/checks.js';

test('privileged and SYS_MODULE pods fail, pods without RuntimeDefault seccomp are named, and the node part stays a manual step', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'km', ns => [
		pod(ns, 'priv', {containers: [{name: 'a', image: 'busybox', securityContext: {privileged: true}}]}),
		pod(ns, 'modloader', {containers: [{name: 'b', image: 'busybox', securityContext: {capabilities: {add: ['SYS_MODULE']}}}]}),
		pod(ns, 'plain', {containers: [{name: 'c', image: 'busybox'}]}),
		pod(ns, 'confined', {securityContext: {seccompProfile: {type: 'RuntimeDefault'}}, containers: [{name: 'd', image: 'busybox'}]}),
	]);
	const verdict = await probe(kernelModules, admin, ns);
	t.is(verdict.status, 'fail');
	t.deepEqual(verdict.evidence.map(item => [item.name, item.detail]), [
		['modloader', 'can load kernel modules: b adds SYS_MODULE'],
		['priv', 'can load kernel modules: a is privileged'],
		['plain', 'no RuntimeDefault seccomp profile: c'],
	]);
	t.regex(verdict.reason ?? '', /cannot be seen through the API/);
});

test('with nothing visible wrong, the verdict is unknown (the node blacklist is out of sight), never pass', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'km-ok', ns => [pod(ns, 'confined', {securityContext: {seccompProfile: {type: 'RuntimeDefault'}}, containers: [{name: 'd', image: 'busybox'}]})]);
	const verdict = await probe(kernelModules, admin, ns);
	t.is(verdict.status, 'unknown');
	t.deepEqual(verdict.evidence, []);
	t.regex(verdict.reason ?? '', /None of the 1 pods can load modules .* check it by hand/);
});

test('only seccomp gaps make a warning', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'km-warn', ns => [pod(ns, 'plain', {containers: [{name: 'c', image: 'busybox'}]})]);
	t.is((await probe(kernelModules, admin, ns)).status, 'warn');
});

test('a container without a profile is covered on a node whose kubelet runs with seccompDefault; an explicit Unconfined never is', async t => {
	// A private cluster (the node is cluster-wide) and a stand-in kubelet: the test cluster runs none.
	const cluster = await privateCluster();
	t.teardown(cluster.stop);
	const admin = await cluster.client();
	const kubelet = await kubeletStandIn({seccompDefault: true});
	t.teardown(kubelet.close);
	await nodeAt(admin, 'defaulting-node', kubelet);
	const ns = await namespaceWith(admin, 'km-default', ns => [
		pod(ns, 'plain-on-node', {nodeName: 'defaulting-node', containers: [{name: 'c', image: 'busybox'}]}),
		pod(ns, 'opted-out', {nodeName: 'defaulting-node', containers: [{name: 'u', image: 'busybox', securityContext: {seccompProfile: {type: 'Unconfined'}}}]}),
		pod(ns, 'plain-unscheduled', {containers: [{name: 'p', image: 'busybox'}]}),
	]);
	const verdict = await probe(kernelModules, admin, ns);
	t.is(verdict.status, 'warn');
	t.deepEqual(verdict.evidence.map(item => [item.name, item.detail]), [
		['opted-out', 'no RuntimeDefault seccomp profile: u'],
		['plain-unscheduled', 'no RuntimeDefault seccomp profile: p'],
	]);
	t.deepEqual(kubelet.requests, ['/configz']);
});
