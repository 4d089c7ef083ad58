// Workloads, not only pods (issue 20), against a real API server: a Deployment at 0 replicas and
// a CronJob between runs have no pod, yet their templates are judged and named once. No
// controller manager runs here, so these objects never make pods.
import test from 'ava';
import {kernelModules} from '../source/checks/kernel-modules.js';
import {podResources} from '../source/checks/pod-resources.js';
import {podSecurity} from '../source/checks/pod-security.js';
import {tokenAutomount} from '../source/checks/token-automount.js';
import {client} from './helpers/cluster.js';
import {comparable, fix, journal, namespaceWith, pod, probe, read, undo} from './helpers/checks.js';

const lines = (verdict: {evidence: Array<{kind: string; namespace?: string | undefined; name: string; detail: string}>}) =>
	verdict.evidence.map(item => `${item.kind} ${item.namespace ? `${item.namespace}/` : ''}${item.name}: ${item.detail}`);

const labels = {app: 'x'};
const privileged = {containers: [{name: 'shell', image: 'busybox:1.36', securityContext: {privileged: true}}]};
const hostPath = {restartPolicy: 'OnFailure', volumes: [{name: 'host', hostPath: {path: '/'}}], containers: [{name: 'backup', image: 'busybox:1.36', volumeMounts: [{name: 'host', mountPath: '/host'}]}]};

test('a Deployment at 0 replicas with a privileged template is flagged by name, once, with no pod running', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'wl-priv', ns => [
		{apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'debugger', namespace: ns}, spec: {replicas: 0, selector: {matchLabels: labels}, template: {metadata: {labels}, spec: privileged}}},
	]);
	const kernel = await probe(kernelModules, admin, ns);
	t.is(kernel.status, 'fail');
	t.deepEqual(lines(kernel), [`Deployment ${ns}/debugger: can load kernel modules: shell is privileged`]);
	const resources = await probe(podResources, admin, ns);
	t.deepEqual(lines(resources), [`Deployment ${ns}/debugger: no CPU or memory request: shell; no memory limit: shell`]);
	const security = await probe(podSecurity, admin, ns);
	t.true(lines(security).includes(`Deployment ${ns}/debugger: its pod template was not judged: the namespace sets neither an enforce nor a warn level for the API server to judge it by`), lines(security).join('\n'));
});

test('a CronJob with a hostPath volume is flagged by name, its template judged by the API server with every violation', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'wl-cron', () => [], {'pod-security.kubernetes.io/warn': 'restricted'});
	await admin.request({method: 'POST', path: `/apis/batch/v1/namespaces/${ns}/cronjobs`, body: {apiVersion: 'batch/v1', kind: 'CronJob', metadata: {name: 'backup', namespace: ns}, spec: {schedule: '0 3 * * *', jobTemplate: {spec: {template: {spec: hostPath}}}}}});
	const security = await probe(podSecurity, admin, ns);
	t.is(security.status, 'fail');
	const line = lines(security).find(item => item.startsWith(`CronJob ${ns}/backup: `)) ?? '';
	t.regex(line, /its pod template, judged by the API server \(a dry-run pod in this namespace\): would violate PodSecurity "restricted:latest": .*restricted volume types \(volume "host" uses restricted volume type "hostPath"\)/);
	t.regex(line, /runAsNonRoot != true/, 'the Restricted violations are listed with the Baseline one');
	t.regex(line, /seccompProfile/);
});

test('a pod that breaks Baseline shows its Restricted violations too', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'wl-pod', ns => [pod(ns, 'disk', hostPath)]);
	const security = await probe(podSecurity, admin, ns);
	const found = lines(security).filter(item => item.startsWith(`Pod ${ns}/disk: `));
	t.is(found[0], `Pod ${ns}/disk: breaks baseline: hostPath volumes`);
	t.regex(found[1] ?? '', /^Pod .*: also breaks restricted: .*allowPrivilegeEscalation != false.*runAsNonRoot != true.*seccompProfile/);
	t.notRegex(found[1] ?? '', /hostPath/);
});

test('a pod mounting the token of an account that holds nothing warns; the fix turns automount off on the account, and undo puts it back', async t => {
	const admin = await client();
	const rbac = 'rbac.authorization.k8s.io/v1';
	const ns = await namespaceWith(admin, 'wl-token', ns => [
		{apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'reader', namespace: ns}},
		{apiVersion: rbac, kind: 'Role', metadata: {name: 'pods', namespace: ns}, rules: [{apiGroups: [''], resources: ['pods'], verbs: ['list']}]},
		{apiVersion: rbac, kind: 'RoleBinding', metadata: {name: 'reader', namespace: ns}, roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pods'}, subjects: [{kind: 'ServiceAccount', name: 'reader', namespace: ns}]},
		pod(ns, 'web', {automountServiceAccountToken: undefined, containers: [{name: 'web', image: 'nginx:1.27'}]}),
		pod(ns, 'lister', {serviceAccountName: 'reader', automountServiceAccountToken: undefined, containers: [{name: 'app', image: 'busybox:1.36'}]}),
	]);
	const verdict = await probe(tokenAutomount, admin, ns);
	t.is(verdict.status, 'warn');
	t.deepEqual(lines(verdict), [`ServiceAccount ${ns}/default: mounts its API token into Pod web, yet no binding gives it anything of its own: the token is of use only to an attacker`], 'the account a Role is bound to is not named');
	const ref = {apiVersion: 'v1', kind: 'ServiceAccount', namespace: ns, name: 'default'};
	const before = await read(admin, ref);
	const record = journal(admin);
	const {previewed, result} = await fix(tokenAutomount, admin, ns, record);
	t.deepEqual(previewed.plan.changes.map(change => change.summary), [`set automountServiceAccountToken: false on ServiceAccount ${ns}/default (used by Pod web)`]);
	t.true(result.ok, result.error);
	t.is(result.verdict?.status, 'pass');
	t.is((await read(admin, ref))?.['automountServiceAccountToken'], false);
	const undone = await undo(admin, record, result.entry!);
	t.true(undone.ok);
	t.deepEqual(comparable(await read(admin, ref)), comparable(before));
});
