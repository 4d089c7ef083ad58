// Guide sections 1 and 2 on the sandbox: the report's verdicts, then the walk as an operator
// uses it: the anonymous binding and the cluster-admin service account each fixed with one key.
import path from 'node:path';
import test from 'ava';
import {render} from 'ink-testing-library';
import {checks} from '../source/checks/index.js';
import {Journal} from '../source/engine/journal.js';
import {Walk} from '../source/engine/walk.js';
import {sandboxNodes, seedSandbox} from '../source/testing/sandbox.js';
import {App} from '../source/ui/app.js';
import {cli, privateClusterForFile, type PrivateCluster, tempDir} from './helpers/cluster.js';
import {read} from './helpers/checks.js';

let cluster: PrivateCluster;
privateClusterForFile(test, async (started, admin) => {
	cluster = started;
	// The sandbox as `npm run sandbox` starts it: real nodes where this machine can run them.
	await seedSandbox(admin, (started.info.nodes?.length ?? 0) > 0);
}, {nodes: sandboxNodes()});

const tick = (ms = 30) => new Promise(resolve => setTimeout(resolve, ms));

async function until(frame: () => string | undefined, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (pattern.test(frame() ?? '')) {
			return frame() ?? '';
		}
		await tick();
	}
	throw new Error(`timed out waiting for ${pattern}; last frame:\n${frame()}`);
}

test.serial('the sections 1 and 2 report on the sandbox', async t => {
	const result = await cli(['--kubeconfig', cluster.info.kubeconfigs.admin, '--report', 'json', '--section', '1', '--section', '2'], {HARDEN_STATE: tempDir()});
	t.is(result.code, 0, result.stderr);
	const report = JSON.parse(result.stdout) as {checks: Array<{id: string; status: string; evidence: Array<{kind: string; name: string; detail: string}>}>};
	t.deepEqual(Object.fromEntries(report.checks.map(check => [check.id, check.status])), {
		// sandbox-worker-1's kubelet serves its read-only port: plain HTTP, no authentication.
		'api-tls': 'fail',
		'operator-identity': 'warn',
		'anonymous-auth': 'fail',
		'anonymous-bindings': 'fail',
		'static-credentials': 'pass',
		'legacy-sa-tokens': 'warn',
		'authorization-mode': 'pass',
		'cluster-admin-subjects': 'fail',
		'rbac-escalation': 'warn',
		'node-restriction': 'pass',
		'takeover-rights': 'fail',
		'token-automount': 'warn',
		// The sandbox's nodes registered minutes ago: none is due for replacement.
		'node-age': 'pass',
		// Read from the real kubelets through the node proxy.
		'kubelet-config': 'fail',
	});
	const byId = new Map(report.checks.map(check => [check.id, check]));
	t.deepEqual(byId.get('anonymous-bindings')?.evidence.map(item => `${item.kind} ${item.name}`), ['ClusterRoleBinding status-page-anonymous']);
	t.true(byId.get('cluster-admin-subjects')?.evidence.some(item => item.name === 'ci-deployer-cluster-admin' && /ServiceAccount ci\/deployer/.test(item.detail)));
	t.true(byId.get('legacy-sa-tokens')?.evidence.some(item => item.name === 'deployer-token' && /last used 2026-03-02/.test(item.detail)));
	const kubelets = Object.fromEntries(byId.get('kubelet-config')!.evidence.map(item => [item.name, item.detail]));
	t.regex(kubelets['sandbox-worker-1'] ?? '', /^anonymous requests are accepted; authorization mode AlwaysAllow/);
	t.is(kubelets['sandbox-control-plane'], 'anonymous off, webhook authentication on, authorization Webhook, read-only port closed');
	t.true(byId.get('api-tls')?.evidence.some(item => item.name === 'sandbox-worker-1' && /read-only port 10255 is open/.test(item.detail)));
	t.true(byId.get('takeover-rights')?.evidence.some(item => item.kind === 'ServiceAccount' && item.name === 'secrets-sync' && /can get, list, watch Secrets in every namespace through ClusterRoleBinding secrets-sync-read/.test(item.detail)), 'the Secrets-syncing add-on\'s account');
});

test.serial('in the walk, one key fixes the anonymous binding and one key takes cluster-admin from the CI service account', async t => {
	const admin = await cluster.client();
	const walk = new Walk(admin, checks, undefined, new Journal(admin.server, path.join(tempDir(), 'journal.json')));
	const ui = render(<App walk={walk} size={{columns: 100, rows: 40}} color={false} reportDir={tempDir()} />);
	void walk.start();
	await until(ui.lastFrame, /All \d+ checks probed/);
	ui.stdin.write('\r');
	await until(ui.lastFrame, /Who can talk to the API server/);
	for (const key of ['j', 'j', 'j', '\r']) {
		ui.stdin.write(key);
		await tick();
	}
	await until(ui.lastFrame, /1\.2 Nothing is granted to anonymous callers[^]*Planned change, validated by a server-side dry-run/);
	ui.stdin.write('f');
	await until(ui.lastFrame, /Fix applied \(journal entry 1\)\. Probed again: pass\./);
	t.is(await read(admin, {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: 'status-page-anonymous'}), undefined);
	ui.stdin.write('\u001B');
	await until(ui.lastFrame, /› ✔ pass +1\.2 Nothing is granted to anonymous callers/);
	for (const key of ['j', 'j', 'j', 'j', '\r']) {
		ui.stdin.write(key);
		await tick();
	}
	await until(ui.lastFrame, /1\.3 Few identities hold cluster-admin[^]*Planned change/);
	ui.stdin.write('f');
	await until(ui.lastFrame, /Fix applied \(journal entry 2\)\. Probed again: warn\./);
	t.is(await read(admin, {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: 'ci-deployer-cluster-admin'}), undefined);
	t.truthy(await read(admin, {apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'ci', name: 'deployer'}), 'the account itself stays');
	ui.unmount();
	admin.close();
});
