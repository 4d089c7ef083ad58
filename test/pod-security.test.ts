// 3.2 against the real API server: the server's own Pod Security evaluation names the pods,
// the fix labels the namespace at the strongest level nothing running breaks, and afterwards
// a privileged pod is really refused.
import test from 'ava';
import {baselineFrom, podSecurity, trial} from '../source/checks/pod-security.js';
import {isKubeError} from '../source/kube/errors.js';
import {podSecurityExemptNamespace} from '../source/testing/cluster.js';
import {namespace as namespaceObjects} from '../source/testing/sandbox.js';
import {client} from './helpers/cluster.js';
import {comparable, create, fix, journal, namespaceWith, pod, preview, probe, read, undo, context} from './helpers/checks.js';

const restrictedSafe = {
	securityContext: {runAsNonRoot: true, runAsUser: 1000, seccompProfile: {type: 'RuntimeDefault'}},
	containers: [{name: 'app', image: 'registry.k8s.io/pause:3.10', securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']}}}],
};
const privileged = {hostPID: true, containers: [{name: 'shell', image: 'busybox:1.36', securityContext: {privileged: true}}]};
const plain = {containers: [{name: 'web', image: 'nginx:1.27'}]};

test('a namespace without an enforce label fails, and the server names the pods each level would reject', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'ps-bad', ns => [pod(ns, 'debug', privileged), pod(ns, 'web', plain)]);
	const verdict = await probe(podSecurity, admin, ns);
	t.is(verdict.status, 'fail');
	t.is(verdict.severity, 'high');
	t.deepEqual(verdict.fixTargets, [ns]);
	const namespaceLine = verdict.evidence.find(item => item.kind === 'Namespace');
	t.is(namespaceLine?.name, ns);
	t.regex(namespaceLine?.detail ?? '', /no enforce label: any pod is admitted; even baseline would reject running pods/);
	const debug = verdict.evidence.find(item => item.kind === 'Pod' && item.name === 'debug');
	t.is(debug?.namespace, ns);
	t.regex(debug?.detail ?? '', /^breaks baseline: .*host namespaces.*privileged/);
	const web = verdict.evidence.find(item => item.kind === 'Pod' && item.name === 'web');
	t.regex(web?.detail ?? '', /^breaks restricted: .*runAsNonRoot != true/);
});

test('a namespace enforcing restricted, confirmed by a refused privileged pod, passes', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'ps-good', ns => [pod(ns, 'app', restrictedSafe)], {'pod-security.kubernetes.io/enforce': 'restricted'});
	const verdict = await probe(podSecurity, admin, ns);
	t.is(verdict.status, 'pass', JSON.stringify(verdict));
	t.deepEqual(verdict.evidence, []);
});

test('enforce=baseline where restricted would break nothing is a warning that can be tightened', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'ps-base', ns => [pod(ns, 'app', restrictedSafe)], {'pod-security.kubernetes.io/enforce': 'baseline'});
	const verdict = await probe(podSecurity, admin, ns);
	t.is(verdict.status, 'warn');
	t.deepEqual(verdict.evidence.map(item => [item.kind, item.name]), [['Namespace', ns]]);
	t.regex(verdict.evidence[0]!.detail, /restricted would reject none/);
});

test('the fix enforces the strongest safe level, a privileged pod is then refused, a second run is a no-op, and undo restores the labels', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'ps-fix', ns => [pod(ns, 'web', plain)], {team: 'shop'});
	const before = await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: ns});
	const record = journal(admin);

	const previewed = await preview(podSecurity, await context(admin, ns), {});
	t.true(previewed.ok);
	t.is(previewed.plan.changes.length, 1);
	t.regex(previewed.plan.changes[0]!.summary, new RegExp(`label Namespace ${ns}: pod-security.kubernetes.io/enforce=baseline, pod-security.kubernetes.io/warn=restricted, pod-security.kubernetes.io/audit=restricted`));
	t.true(previewed.plan.notes.some(note => note.includes('enforce baseline, the strongest level')));
	// The dry-run ran admission; baseline rejects nothing running, so the server had nothing to warn about.
	t.deepEqual(previewed.dryRun.map(result => [result.ok, result.warnings]), [[true, []]]);
	// Nothing stored by the preview.
	t.deepEqual(comparable(await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: ns})), comparable(before));

	const {result} = await fix(podSecurity, admin, ns, record);
	t.true(result.ok, result.error);
	const after = await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: ns});
	t.like(after?.metadata.labels, {team: 'shop', 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/audit': 'restricted'});
	t.is(result.verdict?.status, 'pass');

	const refused = await create(admin, pod(ns, 'evil', privileged)).then(() => undefined, (error: unknown) => error);
	t.true(isKubeError(refused, 'forbidden'), String(refused));
	t.regex((refused as Error).message, /violates PodSecurity "baseline:latest"/);

	const again = await preview(podSecurity, await context(admin, ns), {});
	t.deepEqual(again.plan.changes, []);

	const undone = await undo(admin, record, result.entry);
	t.true(undone.ok);
	t.deepEqual((await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: ns}))?.metadata.labels, before?.metadata.labels);
});

test('when even baseline would reject a running pod, enforce is held back and only warn/audit are set', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'ps-held', ns => [pod(ns, 'debug', privileged)]);
	const previewed = await preview(podSecurity, await context(admin, ns), {});
	t.is(previewed.plan.changes.length, 1);
	t.notRegex(previewed.plan.changes[0]!.summary, /enforce=/);
	t.true(previewed.plan.notes.some(note => note.includes('enforce held back') && note.includes('debug')));
	const forced = await preview(podSecurity, await context(admin, ns), {options: {level: 'baseline'}});
	t.regex(forced.plan.changes[0]!.summary, /enforce=baseline/);
	// The server warns, in the dry-run, about the running pod the forced level rejects.
	t.true(forced.dryRun[0]!.warnings.some(warning => warning.startsWith('debug:')), JSON.stringify(forced.dryRun));
});

test('labels present but not enforced (the namespace is exempt in the admission configuration) fail', async t => {
	const admin = await client();
	await create(admin, ...namespaceObjects(podSecurityExemptNamespace, {'pod-security.kubernetes.io/enforce': 'restricted'}));
	const verdict = await probe(podSecurity, admin, podSecurityExemptNamespace);
	t.is(verdict.status, 'fail');
	t.deepEqual(verdict.evidence.map(item => [item.kind, item.name]), [['Namespace', podSecurityExemptNamespace]]);
	t.regex(verdict.evidence[0]!.detail, /labelled enforce=restricted, yet a dry-run privileged pod was admitted/);
});

test('the baseline verdict worked out from the restricted dry-run is the one the server gives when asked at baseline', async t => {
	const box = (name: string, securityContext: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({...extra, containers: [{name, image: 'registry.k8s.io/pause:3.10', securityContext}]});
	const ns = await namespaceWith(await client(), 'ps-derive', ns => [
		pod(ns, 'privileged', privileged),
		pod(ns, 'plain', plain),
		pod(ns, 'safe', restrictedSafe),
		pod(ns, 'hostpath', {volumes: [{name: 'host', hostPath: {path: '/var/log'}}], ...box('c', {})}),
		pod(ns, 'nfs', {volumes: [{name: 'share', nfs: {server: 'nfs.example', path: '/'}}], ...box('c', {})}),
		pod(ns, 'sysadmin', box('c', {capabilities: {add: ['SYS_ADMIN']}})),
		pod(ns, 'chown', box('c', {capabilities: {add: ['CHOWN'], drop: ['ALL']}})),
		pod(ns, 'unconfined', box('c', {seccompProfile: {type: 'Unconfined'}})),
		pod(ns, 'hostport', {containers: [{name: 'c', image: 'registry.k8s.io/pause:3.10', ports: [{containerPort: 80, hostPort: 8080}]}]}),
	]);
	const checkContext = await context(await client(), ns);
	// The server judges the pods its informer has seen: wait until restricted names all nine but "safe".
	let restricted = await trial(checkContext, ns, 'restricted');
	for (let tries = 0; restricted.violations.reduce((sum, violation) => sum + 1 + violation.others, 0) < 8 && tries < 50; tries++) {
		await new Promise(resolve => setTimeout(resolve, 100));
		restricted = await trial(checkContext, ns, 'restricted');
	}
	const asked = await trial(checkContext, ns, 'baseline');
	const derived = baselineFrom(restricted, (await checkContext.snapshot.byNamespace('v1', 'Pod')).get(ns));
	t.truthy(derived, JSON.stringify(restricted));
	// The same pods, and for each the same checks, by the names the server gives them at baseline.
	t.deepEqual(derived!.violations.map(violation => [violation.pod, violation.violations]).sort(), asked.violations.map(violation => [violation.pod, violation.violations]).sort());
	const pods = (result: {violations: Array<{pod: string}>}) => result.violations.map(violation => violation.pod).sort();
	t.deepEqual(pods(asked), ['hostpath', 'hostport', 'privileged', 'sysadmin', 'unconfined']);
	t.deepEqual(pods(derived!), pods(asked));
	t.deepEqual(asked.other, []);
});
