// The fix moment in a real pseudo-terminal (tmux): f applies at once only when nothing breaks and
// undo restores everything; otherwise it opens the fix screen and nothing is written until Enter
// or y; Esc goes back with nothing changed.
import fs from 'node:fs';
import test from 'ava';
import {binary, client, tempDir, testCluster} from './helpers/cluster.js';
import {namespaceWith, read} from './helpers/checks.js';
import {tmuxServer, type Terminal} from './helpers/tmux.js';

const terminals = tmuxServer('harden-fixscreen');
test.after.always(() => terminals.stop());

async function walkIn(ns: string, name: string, width = 100, height = 30): Promise<Terminal> {
	const info = await testCluster();
	const session = await terminals.open(name, `env HARDEN_STATE=${tempDir()} ${binary} --kubeconfig ${info.kubeconfigs.admin} -n ${ns}; echo "EXITED=$?"; sleep 60`, width, height);
	await session.until(/checks probed/, 60_000);
	await session.keys('j', 'j', 'Enter');
	await session.until(/What a running pod may use and do/);
	return session;
}

const policy = (ns: string) => ({apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: ns, name: 'kubectl-harden-default-deny-ingress'});

test('with an Ingress into the namespace, f opens the fix screen; Esc and the screen write nothing; y applies and related verdicts are probed again', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'fixscreen');
	await admin.request({method: 'POST', path: `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses`, body: {apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: {name: 'shop', namespace: ns}, spec: {defaultBackend: {service: {name: 'shop', port: {number: 80}}}}}});
	const session = await walkIn(ns, 'ingress');
	await session.keys('j', 'j', 'j', 'j', 'Enter');
	const check = await session.until(/BREAKS 1: Ingress/);
	t.regex(check, /f changes 1 objects: NetworkPolicy .*kubectl-harden-default-deny-ingress/);
	t.regex(check, /f opens the fix screen to confirm/);
	await session.keys('f');
	const screen = await session.until(/Nothing is written yet/);
	t.regex(screen, new RegExp(`BREAKS +Ingress ${ns}/shop`));
	t.is(await read(admin, policy(ns)), undefined, 'the fix screen writes nothing');
	await session.keys('Escape');
	await session.until(/3\.4 Every namespace has a default-deny ingress NetworkPolicy/);
	t.is(await read(admin, policy(ns)), undefined, 'Esc writes nothing');
	await session.keys('F');
	await session.until(/Nothing is written yet/);
	await session.keys('y');
	const applied = await session.until(/Fix applied \(journal entry 1\)/);
	t.regex(applied, /Probed again: 3\.4 network-policy fail -> pass/);
	t.truthy(await read(admin, policy(ns)), 'y applied the fix');
	await session.keys('q');
	t.regex(await session.until(/EXITED=\d+/), /EXITED=0/);
});

test('with nothing to break, f applies at once', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'fixscreen-safe');
	const session = await walkIn(ns, 'safe');
	await session.keys('j', 'j', 'j', 'j', 'Enter');
	const check = await session.until(/f applies it now/);
	t.regex(check, /What it will break: nothing found\./);
	await session.keys('f');
	await session.until(/Fix applied \(journal entry 1\)/);
	t.truthy(await read(admin, policy(ns)));
	await session.keys('q');
	await session.until(/EXITED=\d+/);
});

test('pod-security at 80x24: the fix screen names the Deployment template it cannot judge without a scratch namespace, and f writes nothing', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'fixscreen-psa', ns => [{apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'privileged-web', namespace: ns}, spec: {replicas: 1, selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'c', image: 'busybox', securityContext: {privileged: true}}]}}}}]);
	const session = await walkIn(ns, 'psa', 80, 24);
	await session.keys('j', 'j', 'Enter');
	await session.until(/NOT JUDGED 1: Deployment/);
	await session.keys('F');
	await session.until(/Option level: auto/);
	const capture = await session.until(/UNKNOWN +Deployment/);
	t.regex(capture, /patch Namespace/);
	fs.writeFileSync('/tmp/harden-fix-screen-pod-security.txt', capture);
	t.log(capture);
	await session.keys('Escape');
	t.is((await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: ns}))?.metadata.labels?.['pod-security.kubernetes.io/enforce'], undefined);
	await session.keys('q');
	await session.until(/EXITED=\d+/);
});

test('after a fix, the checks that read what it wrote are probed again and the screen says what moved', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'fixscreen-moved', ns => [{apiVersion: 'v1', kind: 'Service', metadata: {name: 'shop', namespace: ns}, spec: {type: 'NodePort', selector: {app: 'shop'}, ports: [{port: 80}]}}]);
	const session = await walkIn(ns, 'moved');
	// 3.4 exposed-services warns: the NodePort Service is not limited by any quota.
	await session.until(/! warn +3\.4 NodePort and LoadBalancer services/);
	await session.keys('Enter');
	await session.until(/f applies it now/);
	await session.keys('f');
	const moved = await session.until(/Probed again: 3\.1 resource-quota warn -> pass/);
	t.regex(moved, /3\.4 exposed-services warn -> pass/);
	t.truthy(await read(admin, {apiVersion: 'v1', kind: 'ResourceQuota', namespace: ns, name: 'kubectl-harden-quota'}));
	await session.keys('Escape');
	// The section screen shows the re-probed verdict, not the stale one.
	t.regex(await session.until(/✔ pass +3\.4 NodePort/), /✔ pass +3\.1 Namespaces have a resource quota/);
	await session.keys('q');
	await session.until(/EXITED=\d+/);
});

test('a fix undo cannot fully restore (a legacy token) opens the fix screen on f; Enter applies', async t => {
	const admin = await client();
	const old = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
	const ns = await namespaceWith(admin, 'fixscreen-token', ns => [{apiVersion: 'v1', kind: 'Secret', metadata: {name: 'deployer-token', namespace: ns, annotations: {'kubernetes.io/service-account.name': 'default'}, labels: {'kubernetes.io/legacy-token-last-used': old}}, type: 'kubernetes.io/service-account-token'}]);
	const secret = {apiVersion: 'v1', kind: 'Secret', namespace: ns, name: 'deployer-token'};
	const info = await testCluster();
	const session = await terminals.open('token', `env HARDEN_STATE=${tempDir()} ${binary} --kubeconfig ${info.kubeconfigs.admin} -n ${ns}; echo "EXITED=$?"; sleep 60`);
	await session.until(/checks probed/, 60_000);
	await session.keys('Enter');
	await session.until(/1\. /);
	await session.keys('j', 'j', 'j', 'j', 'j', 'Enter');
	const check = await session.until(/Undo cannot restore everything \(1 objects; F for what\)/);
	t.regex(check, /1\.2 No long-lived service-account token Secrets/);
	await session.keys('f');
	const screen = await session.until(/Nothing is written yet/);
	t.regex(screen, new RegExp(`delete Secret ${ns}/deployer-token`));
	t.truthy(await read(admin, secret), 'the fix screen writes nothing');
	await session.keys('Escape');
	await session.until(/f opens the fix screen to confirm/);
	t.truthy(await read(admin, secret), 'Esc writes nothing');
	await session.keys('f');
	await session.until(/Nothing is written yet/);
	await session.keys('Enter');
	await session.until(/Fix applied \(journal entry 1\)/);
	t.is(await read(admin, secret), undefined, 'Enter applied the fix');
	await session.keys('q');
	await session.until(/EXITED=\d+/);
});

test('the fix screen\'s options menu (ink-select-input) changes the plan: same-namespace=false denies all ingress', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'fixscreen-options');
	const session = await walkIn(ns, 'options');
	await session.keys('j', 'j', 'j', 'j', 'Enter');
	await session.until(/f applies it now/);
	await session.keys('F');
	await session.until(/Option same-namespace: true \(c to change\)/);
	await session.keys('c');
	await session.until(/❯ same-namespace=true/);
	await session.keys('Down', 'Enter');
	const changed = await session.until(/Option same-namespace: false/);
	t.is(await read(admin, policy(ns)), undefined, 'choosing an option writes nothing');
	await session.until(/ok +create NetworkPolicy [\s\S]*\(no ingress\s+at all\)/);
	await session.keys('y');
	await session.until(/Fix applied/);
	const written = await read(admin, policy(ns));
	t.deepEqual((written?.['spec'] as {ingress?: unknown[]}).ingress ?? [], [], changed);
	await session.keys('q');
	await session.until(/EXITED=\d+/);
});
