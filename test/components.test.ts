// Guide section 4 from the API server's own /metrics: a default test cluster (no audit, no
// alpha features) and one started with an audit policy, an alpha feature gate and the alpha APIs.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import crypto from 'node:crypto';
import {alphaFeatures, featureTable} from '../source/checks/alpha-features.js';
import {auditLogging} from '../source/checks/audit-logging.js';
import {encryptionAtRest} from '../source/checks/encryption-at-rest.js';
import {etcdAccess} from '../source/checks/etcd-access.js';
import {neededLine, parseMetrics} from '../source/facts/metrics.js';
import type {KubeObject} from '../source/kube/objects.js';
import {privateCluster, tempDir} from './helpers/cluster.js';
import {create, probe} from './helpers/checks.js';
import {kubeletStandIn, nodeAt} from './helpers/kubelet.js';

function mirrorPod(component: string, command: string[]): KubeObject {
	return {
		apiVersion: 'v1', kind: 'Pod',
		metadata: {name: `${component}-cp1`, namespace: 'kube-system', labels: {component, tier: 'control-plane'}, annotations: {'kubernetes.io/config.mirror': 'test'}},
		spec: {nodeName: 'cp1', automountServiceAccountToken: false, containers: [{name: component, image: `registry.k8s.io/${component}:test`, command}]},
	};
}

const lines = (verdict: {evidence: Array<{kind: string; name: string; detail: string}>}) => verdict.evidence.map(item => `${item.kind} ${item.name}: ${item.detail}`);

test('metrics text: only the families the checks read are parsed', t => {
	const text = [
		'apiserver_request_total{code="201",resource="secrets",verb="POST"} 3',
		'apiserver_request_total{code="200",resource="pods",verb="LIST"} 900',
		'apiserver_request_duration_seconds_bucket{le="0.1",resource="secrets"} 4',
		'kubernetes_build_info{git_version="v1.37.2"} 1',
		'apiserver_storage_transformation_operations_total{transformation_type="to_storage",transformer_prefix="identity"} 2',
	].join('\n');
	t.deepEqual(parseMetrics(text, neededLine).map(sample => sample.name), ['apiserver_request_total', 'kubernetes_build_info', 'apiserver_storage_transformation_operations_total']);
});

test('metrics text: samples with labels and values, comments skipped', t => {
	t.deepEqual(parseMetrics('# HELP x y\nkubernetes_feature_enabled{name="A",stage="ALPHA"} 1\napiserver_audit_event_total 12\n'), [
		{name: 'kubernetes_feature_enabled', labels: {name: 'A', stage: 'ALPHA'}, value: 1},
		{name: 'apiserver_audit_event_total', labels: {}, value: 12},
	]);
});

test('a default API server records no audit events (fail) and runs no alpha feature (pass)', async t => {
	const cluster = await privateCluster();
	const admin = await cluster.client();
	try {
		const audit = await probe(auditLogging, admin);
		t.is(audit.status, 'fail');
		t.deepEqual(lines(audit), ['Metric apiserver_audit_event_total: 0 audit events recorded since the API server started']);
		const alpha = await probe(alphaFeatures, admin);
		t.is(alpha.status, 'pass');
		t.deepEqual(alpha.evidence, []);
		const encryption = await probe(encryptionAtRest, admin);
		t.is(encryption.status, 'fail');
		t.deepEqual(lines(encryption), ['Metric apiserver_encryption_config_controller_last_config_info: absent: the API server has loaded no encryption configuration']);
		t.is((await probe(etcdAccess, admin)).status, 'unknown', 'no control-plane pod is visible');
		// Mirror pods as kubeadm writes them, then with etcd open to anyone.
		await create(admin,
			mirrorPod('kube-apiserver', ['kube-apiserver', '--etcd-servers=https://127.0.0.1:2379', '--etcd-cafile=/pki/etcd/ca.crt', '--etcd-certfile=/pki/apiserver-etcd-client.crt', '--etcd-keyfile=/pki/apiserver-etcd-client.key']),
			mirrorPod('etcd', ['etcd', '--client-cert-auth=true', '--peer-client-cert-auth=true', '--listen-client-urls=https://127.0.0.1:2379', '--trusted-ca-file=/pki/etcd/ca.crt']),
		);
		const good = await probe(etcdAccess, admin);
		t.is(good.status, 'pass');
		t.deepEqual(lines(good), ['Pod kube-apiserver-cp1: reaches etcd over TLS with a client certificate: https://127.0.0.1:2379', 'Pod etcd-cp1: client and peer certificates required, TLS only']);
		await admin.request({method: 'DELETE', path: '/api/v1/namespaces/kube-system/pods/etcd-cp1', query: {gracePeriodSeconds: 0}});
		await create(admin, mirrorPod('etcd', ['etcd', '--listen-client-urls=http://0.0.0.0:2379', '--auto-tls=true']));
		const open = await probe(etcdAccess, admin);
		t.is(open.status, 'fail');
		t.is(lines(open)[1], 'Pod etcd-cp1: clients need no certificate (--client-cert-auth is not true); peers need no certificate (--peer-client-cert-auth is not true); --auto-tls: self-generated certificates that nobody can verify; serves clients without TLS on http://0.0.0.0:2379');
		t.true(lines(await probe(encryptionAtRest, admin)).includes('Pod kube-apiserver-cp1: no --encryption-provider-config: resources are stored as written'));
		const limited = await cluster.client('limited');
		const refused = await probe(auditLogging, limited);
		t.is(refused.status, 'unknown', 'who may not read /metrics learns nothing, and is told so');
		t.regex(refused.reason ?? '', /\/metrics could not be read/);
		limited.close();
	} finally {
		admin.close();
		await cluster.stop();
	}
});

test('an API server with an audit policy records events (pass); an alpha gate and alpha APIs are listed (warn)', async t => {
	const dir = tempDir();
	fs.writeFileSync(path.join(dir, 'policy.yaml'), 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n');
	const cluster = await privateCluster([`--audit-policy-file=${path.join(dir, 'policy.yaml')}`, `--audit-log-path=${path.join(dir, 'audit.log')}`, '--feature-gates=APIServingWithRoutine=true,CoordinatedLeaderElection=true', '--runtime-config=api/alpha=true,coordination.k8s.io/v1beta1=true']);
	const admin = await cluster.client();
	try {
		const audit = await probe(auditLogging, admin);
		t.is(audit.status, 'pass');
		t.regex(lines(audit)[0] ?? '', /^Metric apiserver_audit_event_total: [1-9]\d* audit events recorded since the API server started$/);
		t.true(fs.statSync(path.join(dir, 'audit.log')).size > 0, 'and the log file really fills');
		const alpha = await probe(alphaFeatures, admin);
		t.is(alpha.status, 'warn');
		t.true(lines(alpha).includes(`FeatureGate APIServingWithRoutine: alpha feature gate switched on (from the API server's /metrics): ${featureTable.gates['APIServingWithRoutine']!.description}`), lines(alpha).join('\n'));
		t.true(lines(alpha).includes('FeatureGate CoordinatedLeaderElection: beta feature gate that is off by default, switched on (from the API server\'s /metrics): Enables coordinated leader election in the API server'));
		t.is(lines(alpha).filter(line => line.startsWith('FeatureGate')).length, 2, 'beta gates that are on by default are not listed');
		t.true(lines(alpha).includes('APIVersion admissionregistration.k8s.io/v1alpha1: alpha API version served'));
		// A kubelet (a stand-in: the test cluster runs none) with an alpha gate, an off-by-default beta gate and a default-on beta gate.
		const kubelet = await kubeletStandIn({featureGates: {AtomicWriteVolumeUserFields: true, PodAndContainerStatsFromCRI: true, APIResponseCompression: true, CoordinatedLeaderElection: false}});
		t.teardown(kubelet.close);
		await nodeAt(admin, 'fg-node', kubelet);
		const withKubelet = await probe(alphaFeatures, admin);
		t.deepEqual(lines(withKubelet).filter(line => line.startsWith('Node ')), [
			'Node fg-node: the kubelet has alpha feature gate AtomicWriteVolumeUserFields switched on: Add user fields to control atomic write volumes file owner UID',
			`Node fg-node: the kubelet has PodAndContainerStatsFromCRI, a beta feature gate off by default, switched on: ${featureTable.gates['PodAndContainerStatsFromCRI']!.description}`,
		]);
	} finally {
		admin.close();
		await cluster.stop();
	}
});

test('an API server with an encryption configuration: writes go through aescbc (pass); identity alone fails', async t => {
	const dir = tempDir();
	const config = (providers: string) => `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n- resources: [secrets]\n  providers:\n${providers}`;
	fs.writeFileSync(path.join(dir, 'aescbc.yaml'), config(`  - aescbc:\n      keys:\n      - name: key1\n        secret: ${crypto.randomBytes(32).toString('base64')}\n  - identity: {}\n`));
	fs.writeFileSync(path.join(dir, 'identity.yaml'), config('  - identity: {}\n'));
	for (const [file, status, pattern] of [['aescbc.yaml', 'pass', /Writes to storage are encrypted with aescbc/], ['identity.yaml', 'fail', /writes go through the identity provider only/]] as const) {
		const cluster = await privateCluster([`--encryption-provider-config=${path.join(dir, file)}`]);
		const admin = await cluster.client();
		try {
			await create(admin, {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'probe-me', namespace: 'default'}, stringData: {a: 'b'}});
			const verdict = await probe(encryptionAtRest, admin);
			t.is(verdict.status, status, file);
			t.regex(verdict.reason ?? '', pattern);
		} finally {
			admin.close();
			await cluster.stop();
		}
	}
});
