// Guide section 3 on the sandbox, as an operator would go through it from the command line:
// the report names every finding, and each fixable check's fix applies and undoes cleanly.
import test from 'ava';
import {sandboxNodes, seedSandbox} from '../source/testing/sandbox.js';
import {cli, privateClusterForFile, type PrivateCluster, tempDir} from './helpers/cluster.js';
import {read} from './helpers/checks.js';
import type {KubeObject} from '../source/kube/objects.js';

let cluster: PrivateCluster;
privateClusterForFile(test, async (started, admin) => {
	cluster = started;
	// The sandbox as `npm run sandbox` starts it: real nodes where this machine can run them.
	await seedSandbox(admin, (started.info.nodes?.length ?? 0) > 0);
}, {nodes: sandboxNodes()});

interface Report {
	checks: Array<{id: string; status: string; evidence: Array<{kind: string; namespace: string | null; name: string; detail: string}>; fix: {available: boolean; summary: string[]}}>;
}

async function report(env: Record<string, string>): Promise<Report> {
	const result = await cli(['--kubeconfig', cluster.info.kubeconfigs.admin, '--report', 'json', '--section', '3'], env);
	if (result.code !== 0) {
		throw new Error(result.stderr);
	}
	return JSON.parse(result.stdout) as Report;
}

const names = (check: Report['checks'][number] | undefined) => check?.evidence.map(item => `${item.kind} ${item.namespace ? `${item.namespace}/` : ''}${item.name}`) ?? [];

test.serial('the section 3 report names the sandbox\'s findings', async t => {
	const {checks} = await report({HARDEN_STATE: tempDir()});
	const byId = new Map(checks.map(check => [check.id, check]));
	t.deepEqual(Object.fromEntries(checks.map(check => [check.id, check.status])), {
		'resource-quota': 'warn',
		'pod-resources': 'warn',
		'pod-security': 'fail',
		'kernel-modules': 'fail',
		'network-policy': 'fail',
		'cni-policy-support': 'fail',
		'exposed-services': 'warn',
		'node-firewall': 'unknown',
		'cloud-metadata': 'fail',
		'instance-credentials': 'unknown',
		'provisioning-secrets': 'unknown',
		'node-placement': 'fail',
		'namespace-changes': 'warn',
	});
	t.true(names(byId.get('pod-security')).includes('Pod payments/debug-shell'));
	t.true(names(byId.get('pod-security')).includes('Pod shop/log-collector'));
	t.true(names(byId.get('kernel-modules')).includes('Pod payments/debug-shell'));
	// The flannel DaemonSet, named once for its pods on the three real nodes.
	t.true(names(byId.get('kernel-modules')).includes('DaemonSet kube-flannel/kube-flannel-ds'));
	t.false(names(byId.get('kernel-modules')).some(name => name.startsWith('Pod kube-flannel/')));
	t.deepEqual(names(byId.get('cni-policy-support')), ['DaemonSet kube-flannel/kube-flannel-ds']);
	t.deepEqual(names(byId.get('exposed-services')), ['Service shop/web']);
	const placement = names(byId.get('node-placement'));
	t.is(placement[0], 'Node sandbox-control-plane');
	// The scheduler also put workload pods there (the DaemonSet's always, others as it spread them).
	t.true(placement.slice(1).every(name => name.startsWith('Pod ')));
	t.true(placement.some(name => name.startsWith('Pod kube-flannel/kube-flannel-ds-')));
	for (const ns of ['shop', 'payments', 'ci']) {
		t.true(names(byId.get('network-policy')).includes(`Namespace ${ns}`));
		t.true(names(byId.get('cloud-metadata')).includes(`Namespace ${ns}`));
		t.true(names(byId.get('resource-quota')).includes(`Namespace ${ns}`));
	}
	for (const id of ['resource-quota', 'pod-security', 'network-policy', 'cloud-metadata', 'node-placement']) {
		t.true(byId.get(id)?.fix.available, id);
	}
	// System namespaces are never a fix target.
	t.false(checks.some(check => check.fix.summary.some(line => / kube-system[/:]/.test(line))));
});

test.serial('every fixable section 3 check applies on the sandbox, resolves its findings, and undoes to the state before', async t => {
	const env = {HARDEN_STATE: tempDir()};
	const admin = await cluster.client();
	const kubeconfig = ['--kubeconfig', cluster.info.kubeconfigs.admin];
	const initial = await report(env);
	const before = {
		shop: await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: 'shop'}),
		node: await read(admin, {apiVersion: 'v1', kind: 'Node', name: 'sandbox-control-plane'}),
	};
	// What the sandbox breaks: ci's CronJob, whose pods restricted refuses, and shop's NodePort
	// Service, which default-deny cuts off. Those fixes are refused without --accept-impact.
	const breaking: Record<string, RegExp> = {
		'pod-security': /BREAKS {2}CronJob ci\/nightly-backup: its pods would be refused by enforce=restricted/,
		'network-policy': /BREAKS {2}Service shop\/web: NodePort Service: traffic from outside the cluster is dropped/,
	};
	const fixes: Array<[string, string[]]> = [
		['resource-quota', ['--target', 'shop']],
		['pod-security', ['--target', 'ci', '--option', 'judge-templates=scratch']],
		['network-policy', ['--target', 'shop', '--target', 'payments']],
		['cloud-metadata', []],
		['node-placement', []],
	];
	for (const [id, args] of fixes) {
		if (breaking[id]) {
			const refused = await cli([...kubeconfig, 'fix', id, ...args, '--yes'], env);
			t.is(refused.code, 1, id);
			t.regex(refused.stdout, breaking[id]!, id);
			t.regex(refused.stdout, /Not applied: this fix breaks what is listed above/, id);
		}
		const applied = await cli([...kubeconfig, 'fix', id, ...args, '--yes', ...breaking[id] ? ['--accept-impact'] : []], env);
		t.is(applied.code, 0, `${id}: ${applied.stdout}${applied.stderr}`);
		t.regex(applied.stdout, /Applied\. Journal entry \d+/, id);
		t.regex(applied.stdout, /No longer reported: /, id);
	}
	const after = await report(env);
	const status = Object.fromEntries(after.checks.map(check => [check.id, check.status]));
	t.is(status['cloud-metadata'], 'pass');
	t.false(names(after.checks.find(check => check.id === 'node-placement')).includes('Node sandbox-control-plane'));
	t.false(names(after.checks.find(check => check.id === 'network-policy')).includes('Namespace shop'));

	const journal = await cli([...kubeconfig, 'journal'], env);
	t.is(journal.stdout.match(/ applied {2}by harden-admin/g)?.length, 5);
	for (let entry = 5; entry >= 1; entry--) {
		const undone = await cli([...kubeconfig, 'undo'], env);
		t.is(undone.code, 0, undone.stdout + undone.stderr);
		t.regex(undone.stdout, new RegExp(`Undone: journal entry ${entry}\\.`));
	}
	const restored = await report(env);
	// Every verdict and every piece of evidence is back to what it was before the fixes.
	t.deepEqual(restored.checks.map(check => [check.id, check.status, check.evidence]), initial.checks.map(check => [check.id, check.status, check.evidence]));
	t.deepEqual((await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: 'shop'}))?.metadata.labels, before.shop?.metadata.labels);
	// The node lifecycle controller's own taints (node.kubernetes.io/not-ready while a fresh node
	// comes up) come and go by themselves; the others are what the fix and its undo touched.
	const ownTaints = (node: KubeObject | undefined) => ((node?.['spec'] as {taints?: Array<{key: string}>} | undefined)?.taints ?? []).filter(taint => !taint.key.startsWith('node.kubernetes.io/'));
	t.deepEqual(ownTaints(await read(admin, {apiVersion: 'v1', kind: 'Node', name: 'sandbox-control-plane'})), ownTaints(before.node));
	t.is(await read(admin, {apiVersion: 'v1', kind: 'ResourceQuota', namespace: 'shop', name: 'kubectl-harden-quota'}), undefined);
	admin.close();
});
