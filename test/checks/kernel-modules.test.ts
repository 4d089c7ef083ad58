import test from 'ava';
import {kernelModules} from '../../source/checks/kernel-modules.js';
import {codes, configz, node, pod, probe} from '../helpers/fixtures.js';

const confined = {securityContext: {seccompProfile: {type: 'RuntimeDefault'}}};

test('nothing visible wrong is unknown, never a pass: the node\'s module blacklist is out of the API\'s sight', async t => {
	const verdict = await probe(kernelModules, {objects: [pod('web', 'ok', confined)]});
	t.is(verdict.status, 'unknown');
	t.deepEqual(codes(verdict), []);
	t.is(verdict.reasonCode, 'kernel-modules.reason.onlyNodes');
	t.deepEqual(verdict.reasonParams, {count: 1});
});

test('a privileged or SYS_MODULE workload fails; one without seccomp warns unless its node gives RuntimeDefault', async t => {
	const failed = await probe(kernelModules, {objects: [
		pod('web', 'priv', {containers: [{name: 'c', securityContext: {privileged: true}}]}),
		pod('web', 'mod', {containers: [{name: 'c', securityContext: {capabilities: {add: ['SYS_MODULE']}}}]}),
		pod('kube-system', 'cni', {containers: [{name: 'c', securityContext: {privileged: true}}]}),
	]});
	t.is(failed.status, 'fail');
	t.deepEqual(codes(failed), ['kernel-modules.ev.loader', 'kernel-modules.ev.loader', 'kernel-modules.ev.systemLoader']);
	t.is(failed.reasonCode, 'kernel-modules.reason.nodes');
	const warned = await probe(kernelModules, {objects: [pod('web', 'plain', {nodeName: 'a'}), pod('web', 'covered', {nodeName: 'b'}), node('a'), node('b')], answers: {...configz('a', {}), ...configz('b', {seccompDefault: true})}});
	t.is(warned.status, 'warn');
	t.deepEqual(codes(warned), ['kernel-modules.ev.noSeccomp']);
	t.is(warned.evidence[0]?.name, 'plain');
});

test('unknown with the API error when pods may not be listed', async t => {
	const verdict = await probe(kernelModules, {forbidden: ['Pod']});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});

test('workloads, not only pods: a privileged template at 0 replicas is named once; pods and ReplicaSets its Deployment controls are not named again', async t => {
	const template = {spec: {containers: [{name: 'shell', image: 'busybox', securityContext: {privileged: true}}]}};
	const verdict = await probe(kernelModules, {objects: [
		{apiVersion: 'apps/v1', kind: 'Deployment', metadata: {namespace: 'web', name: 'debugger'}, spec: {replicas: 0, template}},
		{apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {namespace: 'web', name: 'debugger-7f', ownerReferences: [{kind: 'Deployment', name: 'debugger'}]}, spec: {template}},
		pod('web', 'debugger-7f-abc', template.spec, {ownerReferences: [{kind: 'ReplicaSet', name: 'debugger-7f'}]}),
		{apiVersion: 'batch/v1', kind: 'Job', metadata: {namespace: 'web', name: 'once'}, spec: {template}, status: {conditions: [{type: 'Complete', status: 'True'}]}},
	]});
	t.is(verdict.status, 'fail');
	t.deepEqual(verdict.evidence.map(item => `${item.kind} ${item.namespace}/${item.name}: ${item.detail}`), ['Deployment web/debugger: can load kernel modules: shell is privileged'], 'a finished Job will not run again');
});
