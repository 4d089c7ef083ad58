// Guide section 4.5 on a real API server of this file's own (the bindings and webhooks here are
// cluster-wide): an add-on's service account that reads every Secret, a CI user who can start
// pods in kube-system, a developer in a namespace that enforces no Pod Security; a catch-all
// policy webhook that fails open and an aggregated API that skips TLS verification.
import test from 'ava';
import {admissionWebhooks} from '../source/checks/admission-webhooks.js';
import {integrationAccess} from '../source/checks/integration-access.js';
import {privateCluster} from './helpers/cluster.js';
import {create, fix, journal, namespaceWith, probe, read, undo} from './helpers/checks.js';

const rbac = 'rbac.authorization.k8s.io/v1';
const lines = (verdict: {evidence: Array<{kind: string; namespace?: string | undefined; name: string; detail: string}>}) =>
	verdict.evidence.map(item => `${item.kind} ${item.namespace ? `${item.namespace}/` : ''}${item.name}: ${item.detail}`);
const roleRef = (name: string) => ({apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name});
const user = (name: string) => ({apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name});

test('integration access: Secret readers and kube-system pod creators are flagged and removed; undo puts them back', async t => {
	const cluster = await privateCluster();
	t.teardown(cluster.stop);
	const admin = await cluster.client();
	// The test cluster's limited user owns a namespace that enforces no Pod Security: already a finding.
	const limitedLine = 'Namespace harden-limited: enforces no Pod Security level, and User harden-limited can create pods, deployments, daemonsets, statefulsets, replicasets, jobs, cronjobs here through RoleBinding harden-limited/harden-limited-owner: a privileged pod, and with it the node, is one manifest away';
	const clean = await probe(integrationAccess, admin);
	t.is(clean.status, 'warn');
	t.deepEqual(lines(clean), [limitedLine]);
	t.is(clean.fixTargets, undefined, 'that one is for the pod-security fix');

	const backup = await namespaceWith(admin, 'backup');
	const teamA = await namespaceWith(admin, 'team-a');
	const teamB = await namespaceWith(admin, 'team-b', () => [], {'pod-security.kubernetes.io/enforce': 'baseline'});
	await create(admin,
		{apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'backup-operator', namespace: backup}},
		{apiVersion: rbac, kind: 'ClusterRole', metadata: {name: 'secret-reader'}, rules: [{apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch']}]},
		// Spelled out: the built-in edit role is filled in by a controller this test cluster does not run.
		{apiVersion: rbac, kind: 'ClusterRole', metadata: {name: 'workload-editor'}, rules: [
			{apiGroups: [''], resources: ['pods', 'services', 'configmaps'], verbs: ['get', 'list', 'create', 'update', 'delete']},
			{apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['get', 'list', 'create', 'update', 'delete']},
		]},
		{apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: {name: 'backup-reads-secrets'}, roleRef: roleRef('secret-reader'), subjects: [{kind: 'ServiceAccount', name: 'backup-operator', namespace: backup}]},
		{apiVersion: rbac, kind: 'RoleBinding', metadata: {name: 'ci-deploys', namespace: 'kube-system'}, roleRef: roleRef('workload-editor'), subjects: [user('ci-bot')]},
		{apiVersion: rbac, kind: 'RoleBinding', metadata: {name: 'dev-edit', namespace: teamA}, roleRef: roleRef('workload-editor'), subjects: [user('dana')]},
		{apiVersion: rbac, kind: 'RoleBinding', metadata: {name: 'dev-edit', namespace: teamB}, roleRef: roleRef('workload-editor'), subjects: [user('dana')]},
	);
	const verdict = await probe(integrationAccess, admin);
	t.is(verdict.status, 'fail');
	t.is(verdict.severity, 'high');
	t.deepEqual(lines(verdict), [
		`ClusterRoleBinding backup-reads-secrets: ServiceAccount ${backup}/backup-operator can get, list, watch every Secret through ClusterRole secret-reader in every namespace (a service account: every pod running as it holds this)`,
		'RoleBinding kube-system/ci-deploys: User ci-bot can create pods, deployments, statefulsets in kube-system through ClusterRole workload-editor in namespace kube-system',
		limitedLine,
		`Namespace ${teamA}: enforces no Pod Security level, and User dana can create pods, deployments, statefulsets here through RoleBinding ${teamA}/dev-edit: a privileged pod, and with it the node, is one manifest away`,
	]);
	t.deepEqual(verdict.fixTargets, ['backup-reads-secrets', 'kube-system/ci-deploys']);

	const before = await read(admin, {apiVersion: rbac, kind: 'ClusterRoleBinding', name: 'backup-reads-secrets'});
	const record = journal(admin);
	const {previewed, result} = await fix(integrationAccess, admin, undefined, record);
	t.deepEqual(previewed.plan.changes.map(change => `${change.action} ${change.summary.split(':')[0]}`), [
		'delete delete ClusterRoleBinding backup-reads-secrets (no subject would be left)',
		'delete delete RoleBinding kube-system/ci-deploys (no subject would be left)',
	]);
	t.true(result.ok, result.error);
	t.is(await read(admin, {apiVersion: rbac, kind: 'ClusterRoleBinding', name: 'backup-reads-secrets'}), undefined);
	t.is(await read(admin, {apiVersion: rbac, kind: 'RoleBinding', namespace: 'kube-system', name: 'ci-deploys'}), undefined);
	t.is(result.verdict?.status, 'warn', 'team-a is left to the pod-security fix');
	t.deepEqual(result.resolved, ['backup-reads-secrets', 'kube-system/ci-deploys']);

	t.true((await undo(admin, record, result.entry)).ok);
	const back = await read(admin, {apiVersion: rbac, kind: 'ClusterRoleBinding', name: 'backup-reads-secrets'});
	t.deepEqual([back?.['roleRef'], back?.['subjects']], [before?.['roleRef'], before?.['subjects']], 'recreated as it was');
	t.is((await probe(integrationAccess, admin)).status, 'fail');
});

test('admission webhooks and aggregated APIs: a catch-all policy webhook that fails open and an APIService without TLS verification', async t => {
	const cluster = await privateCluster();
	t.teardown(cluster.stop);
	const admin = await cluster.client();
	const clean = await probe(admissionWebhooks, admin);
	t.is(clean.status, 'pass');
	t.regex(clean.reason ?? '', /No admission webhook and no aggregated API/);
	const webhook = (name: string, extra: Record<string, unknown>) => ({
		name, sideEffects: 'None', admissionReviewVersions: ['v1'], timeoutSeconds: 1,
		// CONNECT only: the test cluster never sends these, so no request waits on a webhook that is not there.
		rules: [{apiGroups: ['*'], apiVersions: ['*'], resources: ['*'], operations: ['CONNECT']}],
		...extra,
	});
	await create(admin,
		{apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: {name: 'kyverno-policy'}, webhooks: [
			webhook('validate.kyverno.example.com', {failurePolicy: 'Ignore', clientConfig: {url: 'https://policy.example.invalid/validate'}}),
		]},
		{apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: {name: 'sidecar-injector'}, webhooks: [
			webhook('inject.mesh.example.com', {failurePolicy: 'Fail', clientConfig: {service: {namespace: 'default', name: 'injector'}, caBundle: Buffer.from('not checked here').toString('base64')}, namespaceSelector: {matchLabels: {mesh: 'on'}}}),
		]},
		{apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: {name: 'v1.metrics.example.com'}, spec: {group: 'metrics.example.com', version: 'v1', groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: {namespace: 'default', name: 'metrics'}}},
	);
	const verdict = await probe(admissionWebhooks, admin);
	t.is(verdict.status, 'fail');
	t.deepEqual(lines(verdict), [
		'ValidatingWebhookConfiguration kyverno-policy: webhook validate.kyverno.example.com calls https://policy.example.invalid/validate (failurePolicy Ignore): sees every resource in every namespace, Secrets included; looks like a security policy but fails open (failurePolicy Ignore): while it is down, everything is admitted; an external URL with no caBundle: trusted through the API server\'s system roots only',
		'MutatingWebhookConfiguration sidecar-injector: webhook inject.mesh.example.com calls service default/injector (failurePolicy Fail)',
		'APIService v1.metrics.example.com: aggregated API served by default/metrics with insecureSkipTLSVerify: anyone who can stand in for that service answers in the API server\'s name',
	]);
	const limited = await probe(admissionWebhooks, await cluster.client('limited'));
	t.is(limited.status, 'unknown');
	t.regex(limited.reason ?? '', /ValidatingWebhookConfiguration objects could not be listed/);
});
