// The report with checks, and fix / undo / journal as an operator types them.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {client, cli, hasStackTrace, tempDir, testCluster} from './helpers/cluster.js';
import {create, namespaceWith, pod, read} from './helpers/checks.js';

interface ReportCheck {
	id: string;
	section: string;
	title: string;
	status: string;
	severity: string;
	reason: string | null;
	evidence: Array<{kind: string; namespace: string | null; name: string; detail: string}>;
	fix: {available: boolean; reason: string | null; summary: string[]};
	link: string;
}

async function setup() {
	const info = await testCluster();
	const admin = await client();
	const state = tempDir();
	const env = {HARDEN_STATE: state};
	return {info, admin, state, env, kubeconfig: ['--kubeconfig', info.kubeconfigs.admin]};
}

test('--report json --section 3 -n reports every section 3 check with evidence and fix offers', async t => {
	const {admin, env, kubeconfig} = await setup();
	const ns = await namespaceWith(admin, 'cli-report', ns => [pod(ns, 'debug', {hostPID: true, containers: [{name: 'c', image: 'busybox', securityContext: {privileged: true}}]})]);
	const result = await cli([...kubeconfig, '--report', 'json', '--section', '3', '-n', ns], env);
	t.is(result.code, 0, result.stderr);
	const report = JSON.parse(result.stdout) as {scope: {namespace: string}; checks: ReportCheck[]; summary: Record<string, number>; probe: {lists: number; durationMs: number}};
	t.deepEqual(report.scope, {namespace: ns});
	t.deepEqual(report.checks.map(check => check.id), ['resource-quota', 'pod-resources', 'pod-security', 'kernel-modules', 'network-policy', 'cni-policy-support', 'exposed-services', 'node-firewall', 'cloud-metadata', 'instance-credentials', 'provisioning-secrets', 'node-placement', 'namespace-changes']);
	t.true(report.checks.every(check => check.section.startsWith('3.') && check.title.length > 0 && check.link.startsWith('https://kubernetes.io/docs/tasks/administer-cluster/securing-a-cluster/#')));
	const podSecurity = report.checks.find(check => check.id === 'pod-security')!;
	t.is(podSecurity.status, 'fail');
	t.deepEqual(podSecurity.evidence.find(item => item.kind === 'Pod'), {kind: 'Pod', namespace: ns, name: 'debug', detail: 'breaks baseline: host namespaces, privileged', code: 'pod-security.ev.pod', params: {level: 'baseline', violations: 'host namespaces, privileged'}});
	t.true(podSecurity.fix.available);
	t.deepEqual(podSecurity.fix.summary, [`label Namespace ${ns}: pod-security.kubernetes.io/warn=restricted, pod-security.kubernetes.io/audit=restricted`]);
	const network = report.checks.find(check => check.id === 'network-policy')!;
	t.is(network.status, 'fail');
	t.true(network.fix.available);
	const kernel = report.checks.find(check => check.id === 'kernel-modules')!;
	t.deepEqual(kernel.fix, {available: false, reason: 'no automatic fix: see the manual steps.', reasonCode: 'report.fix.manualOnly', summary: [], notes: []} as unknown as ReportCheck['fix']);
	t.is(report.summary['fail']! + report.summary['warn']! + report.summary['unknown']! + report.summary['pass']! + report.summary['not-applicable']!, 13);
	t.true(report.probe.lists > 0);

	const sectionOnly = await cli([...kubeconfig, '--report', 'json', '--section', '3.2', '-n', ns], env);
	t.deepEqual((JSON.parse(sectionOnly.stdout) as {checks: ReportCheck[]}).checks.map(check => check.id), ['pod-security']);
});

test('--fail-on makes the exit code 3 when a check reaches the level', async t => {
	const {admin, env, kubeconfig} = await setup();
	const ns = await namespaceWith(admin, 'cli-failon');
	const failing = await cli([...kubeconfig, '--report', 'json', '--section', '3.4', '-n', ns, '--fail-on', 'fail'], env);
	t.is(failing.code, 3);
	t.true(JSON.parse(failing.stdout).checks.length > 0, 'the report is still printed');
	const quotaOnly = await cli([...kubeconfig, '--report', 'json', '--section', '3.1', '-n', ns, '--fail-on', 'fail'], env);
	t.is(quotaOnly.code, 0, 'warnings do not reach --fail-on fail');
	t.is((await cli([...kubeconfig, '--report', 'json', '--section', '3.1', '-n', ns, '--fail-on', 'warn'], env)).code, 3);
});

test('bad report, fix and undo arguments are refused clearly with exit 2', async t => {
	const {env, kubeconfig} = await setup();
	const cases: Array<[string[], RegExp]> = [
		[['--report', 'json', '--section', '9'], /--section takes a guide section such as 3 or 3\.2, not "9" \(sections with checks: 1\.1, 1\.2, 1\.3, 2, 3\.1, 3\.2/],
		[['--report', 'json', '--fail-on', 'sometimes'], /--fail-on takes "warn" or "fail", not "sometimes"/],
		[['fix'], /name the check to fix: kubectl harden fix <check-id>\. Checks with a fix: anonymous-bindings, legacy-sa-tokens, cluster-admin-subjects, token-automount, resource-quota, pod-security/],
		[['fix', 'no-such-check'], /there is no check "no-such-check"/],
		[['fix', 'kernel-modules'], /the check "kernel-modules" has no automatic fix\. What to do by hand: On every node/],
		[['fix', 'network-policy', '--option', 'same-namespace'], /--option takes key=value, not "same-namespace"/],
		[['fix', 'network-policy', '--force'], /--force only applies to the report or undo/],
		[['--report', 'json', '--yes'], /--yes only applies to kubectl harden fix and undo/],
		[['undo', '999'], /there is no journal entry "999" for this cluster/],
	];
	for (const [args, message] of cases) {
		const result = await cli([...kubeconfig, ...args], env);
		t.is(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
		t.regex(result.stderr, message, args.join(' '));
		t.false(hasStackTrace(result.stderr));
	}
});

test('fix previews without --yes, applies with it, journals it (mode 0600), a second run changes nothing, and undo restores', async t => {
	const {admin, env, state, kubeconfig} = await setup();
	const ns = await namespaceWith(admin, 'cli-fix');
	const policy = {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: ns, name: 'kubectl-harden-default-deny-ingress'};

	const previewed = await cli([...kubeconfig, 'fix', 'network-policy', '--target', ns], env);
	t.is(previewed.code, 0, previewed.stderr);
	t.regex(previewed.stdout, /^Fix for network-policy \(3\.4\): Every namespace has a default-deny ingress NetworkPolicy\nPlanned changes:\n  - create NetworkPolicy .*\/kubectl-harden-default-deny-ingress \(ingress only from pods in /);
	t.regex(previewed.stdout, /Server-side dry-run \(validation and admission ran; nothing was stored\):\n  ok +create NetworkPolicy/);
	t.regex(previewed.stdout, /Nothing was changed\. Run the same command with --yes to apply it\.\n$/);
	t.is(await read(admin, policy), undefined);

	const applied = await cli([...kubeconfig, 'fix', 'network-policy', '--target', ns, '--yes'], env);
	t.is(applied.code, 0, applied.stdout + applied.stderr);
	t.regex(applied.stdout, new RegExp(`Applied\\. Journal entry 1; undo it with: kubectl harden undo 1\\nProbed again: (pass|fail)\\.\\nNo longer reported: ${ns}\\.\\n$`));
	t.truthy(await read(admin, policy));

	const journalDir = path.join(state, 'journal');
	const [file] = fs.readdirSync(journalDir);
	t.is(fs.statSync(path.join(journalDir, file!)).mode & 0o777, 0o600);
	t.is(fs.statSync(journalDir).mode & 0o777, 0o700);

	// The namespace is no longer a finding while others still are: naming it is an error, not "nothing to change".
	const again = await cli([...kubeconfig, 'fix', 'network-policy', '--target', ns, '--yes'], env);
	t.is(again.code, 2);
	t.regex(again.stderr, new RegExp(`--target ${ns}: not a finding of network-policy \\(nothing there to fix, or no such object\\)\\. Findings it can fix: \\S`));

	const listed = await cli([...kubeconfig, 'journal'], env);
	t.regex(listed.stdout, /#1 {2}\S+ {2}network-policy {2}applied {2}by harden-admin\n {4}create NetworkPolicy/);

	const undone = await cli([...kubeconfig, 'undo'], env);
	t.is(undone.code, 0, undone.stdout + undone.stderr);
	t.regex(undone.stdout, /restored NetworkPolicy .*\nUndone: journal entry 1\.\n$/);
	t.is(await read(admin, policy), undefined);
	t.regex((await cli([...kubeconfig, 'journal'], env)).stdout, /network-policy {2}undone/);
	const nothingLeft = await cli([...kubeconfig, 'undo'], env);
	t.is(nothingLeft.code, 1);
	t.regex(nothingLeft.stderr, /there is no applied fix to undo/);
});

test('undo through the command line refuses after someone changed the object, and --force goes through', async t => {
	const {admin, env, kubeconfig} = await setup();
	const ns = await namespaceWith(admin, 'cli-drift');
	t.is((await cli([...kubeconfig, 'fix', 'pod-security', '--target', ns, '--yes'], env)).code, 0);
	await admin.request({method: 'PATCH', path: `/api/v1/namespaces/${ns}`, body: {metadata: {labels: {'pod-security.kubernetes.io/enforce': 'privileged'}}}, contentType: 'application/merge-patch+json'});
	const refused = await cli([...kubeconfig, 'undo', '1'], env);
	t.is(refused.code, 1);
	t.regex(refused.stdout, new RegExp(`Not undone: these objects changed after the fix.*\\n  - Namespace ${ns}: the fields the fix set have been changed since\\nNothing was changed\\. To undo anyway, run it again with --force\\.`));
	t.is((await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: ns}))?.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'privileged');
	const forced = await cli([...kubeconfig, 'undo', '1', '--force'], env);
	t.is(forced.code, 0, forced.stdout);
	const labels = (await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: ns}))?.metadata.labels ?? {};
	t.false(Object.keys(labels).some(key => key.startsWith('pod-security.kubernetes.io/')));
});

test('a fix the identity may not apply is shown with the missing permission and not applied', async t => {
	const {admin, env, kubeconfig} = await setup();
	// A pod, so Pod Security has to ask the server (a namespace without pods needs no dry-run).
	const ns = await namespaceWith(admin, 'cli-denied', ns => [pod(ns, 'web', {containers: [{name: 'web', image: 'nginx:1.27'}]})]);
	const reader = `reader-${ns}`;
	// A user who may read everything and write nothing.
	await create(admin,
		{apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: {name: reader}, rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch']}]},
		{apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: {name: reader}, roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: reader}, subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: reader}]});
	const result = await cli([...kubeconfig, '--as', reader, 'fix', 'network-policy', '-n', ns, '--yes'], env);
	t.is(result.code, 1);
	t.regex(result.stdout, new RegExp(`Not offered: you may not create networkpolicies\\.networking\\.k8s\\.io in namespace "${ns}"\\.\\nNothing was changed\\.\\n$`));
	t.is(await read(admin, {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: ns, name: 'kubectl-harden-default-deny-ingress'}), undefined);
	const report = await cli([...kubeconfig, '--as', reader, '--report', 'json', '--section', '3.4', '-n', ns], env);
	const network = (JSON.parse(report.stdout) as {checks: ReportCheck[]}).checks.find(check => check.id === 'network-policy')!;
	t.is(network.status, 'fail');
	t.deepEqual([network.fix.available, network.fix.reason], [false, `not offered: you may not create networkpolicies.networking.k8s.io in namespace "${ns}".`]);
	// Probes that need a dry-run write are unknown for this reader, with the reason, never a pass.
	const security = await cli([...kubeconfig, '--as', reader, '--report', 'json', '--section', '3.2', '-n', ns], env);
	const podSecurity = (JSON.parse(security.stdout) as {checks: ReportCheck[]}).checks[0]!;
	t.is(podSecurity.status, 'unknown');
	t.regex(podSecurity.reason ?? '', new RegExp(`forbidden: user "${reader}" may not patch namespaces`));
});

test('a risk accepted in the walk shows in the JSON report with its reason', async t => {
	const {admin, env, state, kubeconfig} = await setup();
	const ns = await namespaceWith(admin, 'cli-accepted');
	const {Journal, journalPath} = await import('../source/engine/journal.js');
	new Journal(admin.server, journalPath(admin.server, path.join(state, 'journal'))).accept({checkId: 'exposed-services', reason: 'the shop needs its NodePort', user: 'harden-admin', at: '2026-11-23T00:00:00.000Z'});
	const result = await cli([...kubeconfig, '--report', 'json', '--section', '3.4', '-n', ns], env);
	const checks = (JSON.parse(result.stdout) as {checks: Array<ReportCheck & {accepted: unknown}>}).checks;
	t.deepEqual(checks.find(check => check.id === 'exposed-services')?.accepted, {reason: 'the shop needs its NodePort', by: 'harden-admin', at: '2026-11-23T00:00:00.000Z'});
	t.is(checks.find(check => check.id === 'network-policy')?.accepted, null);
});
