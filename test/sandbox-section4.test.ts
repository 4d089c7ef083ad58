// Guide sections 4 and 5 on the sandbox: what its kube-apiserver and etcd mirror pods, its bootstrap
// token without expiry and its Secrets-syncing add-on show, and the two one-command fixes.
import test from 'ava';
import {seedSandbox} from '../source/testing/sandbox.js';
import {cli, privateCluster, tempDir} from './helpers/cluster.js';
import {read} from './helpers/checks.js';

type Report = {checks: Array<{id: string; status: string; reason?: string; evidence: Array<{kind: string; namespace?: string; name: string; detail: string}>}>};

test('section 4 on the sandbox: verdicts and evidence; the bootstrap token and the add-on\'s Secret access fixed from the command line', async t => {
	// The sandbox as it is seeded where no nodes can run (not root): Node objects and mirror pods made by hand.
	const cluster = await privateCluster();
	t.teardown(cluster.stop);
	const admin = await cluster.client();
	await seedSandbox(admin);
	const env = {HARDEN_STATE: tempDir()};
	const kubeconfig = cluster.info.kubeconfigs.admin;
	const report = async () => {
		const result = await cli(['--kubeconfig', kubeconfig, '--report', 'json', '--section', '4', '--section', '5'], env);
		t.is(result.code, 0, result.stderr);
		return JSON.parse(result.stdout) as Report;
	};
	const before = await report();
	const statuses = Object.fromEntries(before.checks.map(check => [check.id, check.status]));
	t.like(statuses, {
		'etcd-access': 'pass',
		'audit-logging': 'fail',
		'alpha-features': 'unknown',
		'credential-rotation': 'fail',
		'integration-access': 'fail',
		'admission-webhooks': 'pass',
		'encryption-at-rest': 'fail',
		'security-updates': 'pass',
		'seccomp-default': 'unknown',
	});
	const lines = (id: string) => before.checks.find(check => check.id === id)!.evidence.map(item => `${item.kind} ${item.namespace ? `${item.namespace}/` : ''}${item.name}: ${item.detail}`);
	t.true(lines('audit-logging').some(line => /^Pod kube-system\/kube-apiserver-sandbox-control-plane: .*--audit-policy-file/.test(line)), lines('audit-logging').join('\n'));
	t.true(lines('encryption-at-rest').includes('Pod kube-system/kube-apiserver-sandbox-control-plane: no --encryption-provider-config: resources are stored as written'), lines('encryption-at-rest').join('\n'));
	t.regex(before.checks.find(check => check.id === 'alpha-features')!.reason ?? '', /No alpha .*feature gate is on .* No kubelet answered \(3 asked\)/, 'the kubelets could not be asked: not a pass');
	t.true(lines('credential-rotation').includes('Secret kube-system/bootstrap-token-a1b2c3: bootstrap token (usages: authentication, signing; extra groups: system:bootstrappers:kubeadm:default-node-token); never expires'));
	t.true(lines('integration-access').includes('ClusterRoleBinding secrets-sync-read: ServiceAccount ci/secrets-sync can get, list, watch every Secret through ClusterRole secrets-sync-read in every namespace (a service account: every pod running as it holds this)'));

	const bootstrap = await cli(['--kubeconfig', kubeconfig, 'fix', 'credential-rotation', '--target', 'kube-system/bootstrap-token-a1b2c3', '--yes'], env);
	t.is(bootstrap.code, 0, bootstrap.stdout + bootstrap.stderr);
	t.regex(bootstrap.stdout, /delete Secret kube-system\/bootstrap-token-a1b2c3 \(a bootstrap token that never expires\)/);
	t.is(await read(admin, {apiVersion: 'v1', kind: 'Secret', namespace: 'kube-system', name: 'bootstrap-token-a1b2c3'}), undefined);
	t.truthy(await read(admin, {apiVersion: 'v1', kind: 'Secret', namespace: 'ci', name: 'deployer-token'}), 'the other finding was not picked');
	const sync = await cli(['--kubeconfig', kubeconfig, 'fix', 'integration-access', '--yes'], env);
	t.is(sync.code, 0, sync.stdout + sync.stderr);
	t.is(await read(admin, {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: 'secrets-sync-read'}), undefined);
	const after = await report();
	const now = Object.fromEntries(after.checks.map(check => [check.id, check.status]));
	t.not(now['integration-access'], 'fail');
	t.false(after.checks.find(check => check.id === 'credential-rotation')!.evidence.some(item => item.name === 'bootstrap-token-a1b2c3'));
});
