// 3.3 against the real API server: what the API can see about kernel modules.
import test from 'ava';
import {kernelModules} from '../source/checks/kernel-modules.js';
import {client} from './helpers/cluster.js';
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
