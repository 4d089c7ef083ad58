// Guide section 4 from the API server's own /metrics: a default test cluster (no audit, no
// alpha features) and one started with an audit policy, an alpha feature gate and the alpha APIs.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {alphaFeatures, auditLogging, parseMetrics} from '../source/checks/components.js';
import {privateCluster, tempDir} from './helpers/cluster.js';
import {probe} from './helpers/checks.js';

const lines = (verdict: {evidence: Array<{kind: string; name: string; detail: string}>}) => verdict.evidence.map(item => `${item.kind} ${item.name}: ${item.detail}`);

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
	const cluster = await privateCluster([`--audit-policy-file=${path.join(dir, 'policy.yaml')}`, `--audit-log-path=${path.join(dir, 'audit.log')}`, '--feature-gates=APIServingWithRoutine=true', '--runtime-config=api/alpha=true']);
	const admin = await cluster.client();
	try {
		const audit = await probe(auditLogging, admin);
		t.is(audit.status, 'pass');
		t.regex(lines(audit)[0] ?? '', /^Metric apiserver_audit_event_total: [1-9]\d* audit events recorded since the API server started$/);
		t.true(fs.statSync(path.join(dir, 'audit.log')).size > 0, 'and the log file really fills');
		const alpha = await probe(alphaFeatures, admin);
		t.is(alpha.status, 'warn');
		t.true(lines(alpha).includes('FeatureGate APIServingWithRoutine: alpha feature gate switched on (from the API server\'s /metrics)'));
		t.true(lines(alpha).includes('APIVersion admissionregistration.k8s.io/v1alpha1: alpha API version served'));
	} finally {
		admin.close();
		await cluster.stop();
	}
});
