// 3.1 against the real API server: quotas, default requests and pods without resources.
import test from 'ava';
import {limitRangeName, quotaName, resourceQuota} from '../source/checks/resource-quota.js';
import {podResources} from '../source/checks/pod-resources.js';
import {client} from './helpers/cluster.js';
import {fix, journal, namespaceWith, pod, preview, probe, read, undo, context} from './helpers/checks.js';

const sized = {containers: [{name: 'api', image: 'api:1', resources: {requests: {cpu: '600m', memory: '700Mi'}, limits: {memory: '1Gi'}}}]};

test('a namespace without quota or LimitRange warns, naming the namespace', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'rq-bad');
	const verdict = await probe(resourceQuota, admin, ns);
	t.is(verdict.status, 'warn');
	t.deepEqual(verdict.evidence, [{kind: 'Namespace', name: ns, detail: 'no ResourceQuota and no LimitRange: nothing bounds what it may use', code: 'resource-quota.ev.neither', params: {}}]);
	t.deepEqual(verdict.fixTargets, [ns]);
});

test('a namespace with both passes; with only one, the missing one is named', async t => {
	const admin = await client();
	const good = await namespaceWith(admin, 'rq-good', ns => [
		{apiVersion: 'v1', kind: 'ResourceQuota', metadata: {name: 'q', namespace: ns}, spec: {hard: {pods: '5'}}},
		{apiVersion: 'v1', kind: 'LimitRange', metadata: {name: 'l', namespace: ns}, spec: {limits: [{type: 'Container', defaultRequest: {cpu: '50m'}}]}},
	]);
	t.is((await probe(resourceQuota, admin, good)).status, 'pass');
	const half = await namespaceWith(admin, 'rq-half', ns => [{apiVersion: 'v1', kind: 'ResourceQuota', metadata: {name: 'q', namespace: ns}, spec: {hard: {pods: '5'}}}]);
	const verdict = await probe(resourceQuota, admin, half);
	t.is(verdict.status, 'warn');
	t.regex(verdict.evidence[0]!.detail, /has a ResourceQuota but no LimitRange/);
});

test('the fix sizes a quota from current use, creates defaults first, is a no-op the second time, and undo deletes both', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'rq-fix', ns => [
		pod(ns, 'api', sized),
		pod(ns, 'bare', {containers: [{name: 'bare', image: 'busybox'}]}),
		{apiVersion: 'v1', kind: 'Service', metadata: {name: 'np', namespace: ns}, spec: {type: 'NodePort', selector: {app: 'api'}, ports: [{port: 80}]}},
	]);
	const record = journal(admin);
	const previewed = await preview(resourceQuota, await context(admin, ns), {});
	t.true(previewed.ok);
	t.deepEqual(previewed.plan.changes.map(change => change.action === 'create' && change.object.kind), ['LimitRange', 'ResourceQuota']);
	// 600m + 100m default = 700m, doubled; 700Mi + 128Mi = 828Mi, doubled is 1656Mi, above the 1Gi floor.
	t.regex(previewed.plan.changes[1]!.summary, /pods=10, requests\.cpu=1400m, requests\.memory=1656Mi, services\.nodeports=1, services\.loadbalancers=0/);
	t.true(previewed.plan.notes.some(note => note.includes('2 pods requesting 700m CPU and 828Mi memory')));
	t.is(await read(admin, {apiVersion: 'v1', kind: 'ResourceQuota', namespace: ns, name: quotaName}), undefined, 'the dry-run stored nothing');

	const {result} = await fix(resourceQuota, admin, ns, record);
	t.true(result.ok, result.error);
	t.is(result.verdict?.status, 'pass');
	const quota = await read(admin, {apiVersion: 'v1', kind: 'ResourceQuota', namespace: ns, name: quotaName});
	t.deepEqual((quota?.['spec'] as {hard: unknown}).hard, {pods: '10', 'requests.cpu': '1400m', 'requests.memory': '1656Mi', 'services.nodeports': '1', 'services.loadbalancers': '0'});
	const limits = await read(admin, {apiVersion: 'v1', kind: 'LimitRange', namespace: ns, name: limitRangeName});
	t.deepEqual((limits?.['spec'] as {limits: unknown}).limits, [{type: 'Container', defaultRequest: {cpu: '100m', memory: '128Mi'}}]);
	t.true((quota?.metadata.managedFields as Array<{manager: string}>).some(field => field.manager === 'kubectl-harden'));

	t.deepEqual((await preview(resourceQuota, await context(admin, ns), {targets: [ns]})).plan.changes, []);

	const undone = await undo(admin, record, result.entry);
	t.true(undone.ok);
	t.is(await read(admin, {apiVersion: 'v1', kind: 'ResourceQuota', namespace: ns, name: quotaName}), undefined);
	t.is(await read(admin, {apiVersion: 'v1', kind: 'LimitRange', namespace: ns, name: limitRangeName}), undefined);
});

test('pods without requests or memory limits are named; pods with them pass', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'pr', ns => [pod(ns, 'bare', {containers: [{name: 'c', image: 'busybox'}]}), pod(ns, 'sized', sized)]);
	const verdict = await probe(podResources, admin, ns);
	t.is(verdict.status, 'warn');
	t.deepEqual(verdict.evidence, [{kind: 'Pod', namespace: ns, name: 'bare', detail: 'no CPU or memory request: c; no memory limit: c', code: 'pod-resources.ev.noRequests', params: {containers: 'c'}, parts: [{code: 'pod-resources.ev.noRequests', params: {containers: 'c'}}, {code: 'pod-resources.ev.noMemoryLimit', params: {containers: 'c'}}]}]);
	const good = await namespaceWith(admin, 'pr-good', ns => [pod(ns, 'sized', sized)]);
	t.is((await probe(podResources, admin, good)).status, 'pass');
});
