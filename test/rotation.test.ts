// Guide section 4.4 on a real API server of this file's own: bootstrap tokens that never
// expire, expired ones, a legacy service-account token nobody uses; the fix deletes them, the
// journal never holds a token, and undo brings back what can be brought back.
import fs from 'node:fs';
import test from 'ava';
import {clientCertificate, credentialRotation} from '../source/checks/credential-rotation.js';
import type {KubeClient} from '../source/kube/client.js';
import {privateCluster} from './helpers/cluster.js';
import {create, fix, journal, preview, context, probe, read, undo} from './helpers/checks.js';

const lines = (verdict: {evidence: Array<{kind: string; namespace?: string | undefined; name: string; detail: string}>}) =>
	verdict.evidence.map(item => `${item.kind} ${item.namespace ? `${item.namespace}/` : ''}${item.name}: ${item.detail}`);

const bootstrapToken = (id: string, expiration?: string) => ({
	apiVersion: 'v1', kind: 'Secret', type: 'bootstrap.kubernetes.io/token',
	metadata: {name: `bootstrap-token-${id}`, namespace: 'kube-system'},
	stringData: {
		'token-id': id,
		'token-secret': `do-not-store-${id}x`.slice(0, 16),
		'usage-bootstrap-authentication': 'true',
		'usage-bootstrap-signing': 'true',
		'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
		...expiration ? {expiration} : {},
	},
});

const secretRef = (namespace: string, name: string) => ({apiVersion: 'v1', kind: 'Secret', namespace, name});

test('bootstrap tokens and a legacy token: failures with their evidence; the fix deletes the stale ones, never writes a token down; undo restores what it can', async t => {
	const cluster = await privateCluster();
	t.teardown(cluster.stop);
	const admin: KubeClient = await cluster.client();
	const future = new Date(Date.now() + 5 * 24 * 3600 * 1000 + 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
	await create(admin,
		bootstrapToken('aaaaaa'),
		bootstrapToken('bbbbbb', '2025-03-01T00:00:00Z'),
		bootstrapToken('cccccc', future),
		{apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token', metadata: {name: 'old-ci-token', namespace: 'default', labels: {'kubernetes.io/legacy-token-last-used': '2025-02-01'}, annotations: {'kubernetes.io/service-account.name': 'default'}}, stringData: {token: 'do-not-store-legacy'}},
	);
	const verdict = await probe(credentialRotation, admin);
	t.is(verdict.status, 'fail');
	t.is(verdict.severity, 'high');
	const got = lines(verdict);
	const usage = 'bootstrap token (usages: authentication, signing; extra groups: system:bootstrappers:kubeadm:default-node-token)';
	t.deepEqual(got.slice(0, 4), [
		`Secret kube-system/bootstrap-token-aaaaaa: ${usage}; never expires`,
		`Secret kube-system/bootstrap-token-bbbbbb: ${usage}; expired at 2025-03-01T00:00:00.000Z but is still stored (the token cleaner is not removing expired tokens)`,
		`Secret kube-system/bootstrap-token-cccccc: ${usage}; expires at ${new Date(future).toISOString()} (in 5 days)`,
		'Secret default/old-ci-token: never-expiring token of service account default; last used 2025-02-01; unused for over 30 days: the fix deletes it',
	]);
	// The test cluster's certificates: a one-year serving certificate and a one-year client certificate.
	t.regex(got[4] ?? '', /^Certificate API server serving certificate: issued to .* valid until \d{4}-\d\d-\d\d \(36\d days left, 365-day lifetime\)$/);
	t.regex(got[5] ?? '', /^Certificate kubeconfig client certificate of .+: issued to .* \(36\d days left, 365-day lifetime\)$/);
	t.is(got.length, 6);
	t.regex(verdict.reason ?? '', /no node/i, 'no kubelet to read: said, not passed');
	t.deepEqual(verdict.fixTargets, ['kube-system/bootstrap-token-aaaaaa', 'kube-system/bootstrap-token-bbbbbb', 'default/old-ci-token']);

	const previewed = await preview(credentialRotation, await context(admin), {});
	t.true(previewed.ok);
	t.deepEqual(previewed.plan.changes.map(change => change.summary), [
		'delete Secret default/old-ci-token (the long-lived token of service account default)',
		'delete Secret kube-system/bootstrap-token-aaaaaa (a bootstrap token that never expires)',
		'delete Secret kube-system/bootstrap-token-bbbbbb (an expired bootstrap token)',
	]);
	t.true(previewed.plan.notes.some(note => /cannot be restored by undo/.test(note)));
	t.truthy(await read(admin, secretRef('kube-system', 'bootstrap-token-aaaaaa')), 'the preview deleted nothing');

	const record = journal(admin);
	const {result} = await fix(credentialRotation, admin, undefined, record);
	t.true(result.ok, result.error);
	t.is(await read(admin, secretRef('kube-system', 'bootstrap-token-aaaaaa')), undefined);
	t.is(await read(admin, secretRef('kube-system', 'bootstrap-token-bbbbbb')), undefined);
	t.is(await read(admin, secretRef('default', 'old-ci-token')), undefined);
	t.truthy(await read(admin, secretRef('kube-system', 'bootstrap-token-cccccc')), 'a token that expires is kept');
	t.deepEqual(result.resolved, ['kube-system/bootstrap-token-aaaaaa', 'kube-system/bootstrap-token-bbbbbb', 'default/old-ci-token']);
	t.not(result.verdict?.status, 'fail');
	t.notRegex(fs.readFileSync(record.file, 'utf8'), /do-not-store|ZG8tbm90LXN0b3Jl/, 'the journal holds no token');

	const undone = await undo(admin, record, result.entry);
	t.false(undone.ok, 'bootstrap tokens cannot come back');
	t.deepEqual(undone.undone, ['Secret default/old-ci-token']);
	t.deepEqual(undone.failures, [
		'Secret kube-system/bootstrap-token-bbbbbb: Secret kube-system/bootstrap-token-bbbbbb was a Secret; its data was never recorded, so it cannot be put back.',
		'Secret kube-system/bootstrap-token-aaaaaa: Secret kube-system/bootstrap-token-aaaaaa was a Secret; its data was never recorded, so it cannot be put back.',
	]);
	t.is((await read(admin, secretRef('default', 'old-ci-token')))?.['type'], 'kubernetes.io/service-account-token');

	const limited = await probe(credentialRotation, await cluster.client('limited'));
	t.is(limited.status, 'unknown', 'who may not list Secrets learns nothing and is told so');
	t.regex(limited.reason ?? '', /Bootstrap tokens could not be listed/);
});

test('a kubeconfig client certificate is read for its dates; none when the kubeconfig uses a token', t => {
	t.is(clientCertificate({}), undefined);
	t.throws(() => clientCertificate({certData: Buffer.from('not a certificate').toString('base64')}));
});
