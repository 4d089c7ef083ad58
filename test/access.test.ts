// The Kubernetes access layer against the real API server.
import test from 'ava';
import {describeTarget} from '../source/kube/client.js';
import {parseRequestTimeout} from '../source/kube/duration.js';
import {isKubeError, KubeError} from '../source/kube/errors.js';
import {ensure, namespace} from '../source/testing/sandbox.js';
import {client, unique} from './helpers/cluster.js';

test('lists are read in pages with limit and continue', async t => {
	const admin = await client();
	const ns = unique('paging');
	for (const object of namespace(ns)) {
		await ensure(admin, object);
	}
	for (let index = 0; index < 7; index++) {
		await ensure(admin, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: `cm-${index}`, namespace: ns}});
	}
	const sizes: number[] = [];
	for await (const page of admin.pages(`/api/v1/namespaces/${ns}/configmaps`, {limit: 3})) {
		sizes.push(page.length);
	}
	t.deepEqual(sizes, [3, 3, 1]);
	const all = await admin.list<{metadata: {name: string}}>(`/api/v1/namespaces/${ns}/configmaps`, {limit: 2});
	t.deepEqual(all.items.map(item => item.metadata.name).sort(), ['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4', 'cm-5', 'cm-6']);
	t.truthy(all.resourceVersion);
	admin.close();
});

test('forbidden names the verb, the resource and the namespace', async t => {
	const limited = await client('limited');
	const error = await t.throwsAsync(limited.list('/api/v1/namespaces/default/secrets'), {instanceOf: KubeError});
	t.is(error?.code, 'forbidden');
	t.is(error?.status, 403);
	t.deepEqual(error?.target, {verb: 'list', resource: 'secrets', namespace: 'default', name: undefined});
	t.regex(error!.message, /^forbidden: you may not list secrets in namespace "default"\. The API server said: secrets is forbidden: User "harden-limited" cannot list resource "secrets"/);
	// In its own namespace the same user may.
	const own = await limited.list('/api/v1/namespaces/harden-limited/secrets');
	t.true(Array.isArray(own.items));
	limited.close();
});

test('impersonation reaches the server and is authorised like any request', async t => {
	const admin = await client();
	const alice = admin.as({user: 'alice', groups: ['developers']});
	const error = await t.throwsAsync(alice.list('/api/v1/nodes'));
	t.true(isKubeError(error, 'forbidden'));
	t.regex(error!.message, /user "alice" may not list nodes \(cluster-wide\)/);
	admin.close();
});

test('non-resource paths use the same credentials: /version, /metrics, /readyz', async t => {
	const admin = await client();
	const version = await admin.get<{gitVersion: string}>('/version');
	t.regex(version.gitVersion, /^v1\./);
	const metrics = await admin.request<string>({path: '/metrics', text: true});
	t.regex(metrics.body, /^# HELP /m);
	t.regex(metrics.body, /kubernetes_feature_enabled\{/);
	const limited = await client('limited');
	const refused = await t.throwsAsync(limited.request({path: '/metrics', text: true}));
	t.true(isKubeError(refused, 'forbidden'));
	t.regex(refused!.message, /may not get \/metrics/);
	admin.close();
	limited.close();
});

test('an anonymous client sends no credentials', async t => {
	const admin = await client();
	const anonymous = admin.anonymous();
	const response = await anonymous.request({path: '/api/v1/namespaces', acceptStatus: [401, 403]});
	t.is(response.status, 403, 'anonymous auth is on (the default) but not authorised');
	t.regex(JSON.stringify(response.body), /system:anonymous/);
	admin.close();
});

test('dry-run writes carry the API server\'s warnings and store nothing', async t => {
	const admin = await client();
	const ns = unique('dryrun');
	for (const object of namespace(ns)) {
		await ensure(admin, object);
	}
	const response = await admin.request({
		method: 'PATCH',
		path: `/api/v1/namespaces/${ns}`,
		query: {dryRun: 'All'},
		contentType: 'application/merge-patch+json',
		body: {metadata: {labels: {'pod-security.kubernetes.io/enforce': 'nonsense'}}},
		acceptStatus: [],
	}).catch((error: unknown) => error);
	// An invalid level is refused by admission even in a dry run.
	t.true(isKubeError(response, 'invalid') || isKubeError(response, 'forbidden'), String(response));
	const ok = await admin.request({
		method: 'PATCH',
		path: `/api/v1/namespaces/${ns}`,
		query: {dryRun: 'All'},
		contentType: 'application/merge-patch+json',
		body: {metadata: {labels: {'pod-security.kubernetes.io/enforce': 'restricted'}}},
	});
	t.is(ok.status, 200);
	const stored = await admin.get<{metadata: {labels?: Record<string, string>}}>(`/api/v1/namespaces/${ns}`);
	t.is(stored.metadata.labels?.['pod-security.kubernetes.io/enforce'], undefined);
	admin.close();
});

test('request timeouts use kubectl\'s syntax', t => {
	t.is(parseRequestTimeout('0'), 0);
	t.is(parseRequestTimeout('30'), 30_000);
	t.is(parseRequestTimeout('30s'), 30_000);
	t.is(parseRequestTimeout('1m'), 60_000);
	t.is(parseRequestTimeout('1h30m'), 5_400_000);
	t.is(parseRequestTimeout('250ms'), 250);
	t.is(parseRequestTimeout('1.5s'), 1500);
	t.is(parseRequestTimeout('soon'), undefined);
	t.is(parseRequestTimeout('5x'), undefined);
	t.is(parseRequestTimeout(''), undefined);
});

test('requests are described by verb, resource and scope', t => {
	t.deepEqual(describeTarget('GET', '/api/v1/namespaces/a/pods'), {verb: 'list', resource: 'pods', namespace: 'a', name: undefined});
	t.deepEqual(describeTarget('GET', '/api/v1/namespaces/a'), {verb: 'get', resource: 'namespaces', namespace: undefined, name: 'a'});
	t.deepEqual(describeTarget('PATCH', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/x'), {verb: 'patch', resource: 'clusterrolebindings.rbac.authorization.k8s.io', namespace: undefined, name: 'x'});
	t.deepEqual(describeTarget('GET', '/api/v1/nodes/n1/proxy/configz'), {verb: 'get', resource: 'nodes/proxy', namespace: undefined, name: 'n1'});
	t.deepEqual(describeTarget('GET', '/metrics'), {verb: 'get', resource: '/metrics'});
});
