// What a fix breaks, read from the live cluster: the CLI's preview names it, --yes refuses it
// without --accept-impact, and with it the cluster holds the change.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {client, cli, tempDir, testCluster} from './helpers/cluster.js';
import {namespaceWith, pod, read} from './helpers/checks.js';
import type {KubeObject} from '../source/kube/objects.js';

async function setup() {
	const info = await testCluster();
	const admin = await client();
	const env = {HARDEN_STATE: tempDir()};
	return {admin, env, kubeconfig: ['--kubeconfig', info.kubeconfigs.admin]};
}

const podTemplate = (privileged: boolean) => ({
	metadata: {labels: {app: 'web'}},
	spec: {containers: [{name: 'c', image: 'busybox', securityContext: privileged ? {privileged: true} : {}}]},
});

function deployment(ns: string, name: string, privileged: boolean): KubeObject {
	return {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name, namespace: ns}, spec: {replicas: 4, selector: {matchLabels: {app: 'web'}}, template: podTemplate(privileged)}};
}

test('pod-security: a privileged Deployment template with no pod running is named as broken, and --yes needs --accept-impact', async t => {
	const {admin, env, kubeconfig} = await setup();
	const ns = await namespaceWith(admin, 'impact-psa', ns => [
		deployment(ns, 'privileged-web', true),
		{apiVersion: 'batch/v1', kind: 'CronJob', metadata: {name: 'nightly', namespace: ns}, spec: {schedule: '0 3 * * *', jobTemplate: {spec: {template: {spec: {restartPolicy: 'Never', ...podTemplate(true).spec}}}}}},
		deployment(ns, 'plain-web', false),
	]);
	const previewed = await cli([...kubeconfig, 'fix', 'pod-security', '--option', 'judge-templates=scratch', '--target', ns], env);
	t.is(previewed.code, 0, previewed.stderr);
	t.regex(previewed.stdout, new RegExp(`BREAKS  Deployment ${ns}/privileged-web: its pods would be refused by enforce=restricted \\(the next rollout or run fails\\): .*privileged`));
	t.regex(previewed.stdout, new RegExp(`BREAKS  CronJob ${ns}/nightly: its pods would be refused by enforce=restricted`));
	// Restricted also refuses the plain template (no runAsNonRoot, no seccomp): the server says so, not a copy of the rules.
	t.regex(previewed.stdout, new RegExp(`BREAKS  Deployment ${ns}/plain-web: its pods would be refused by enforce=restricted`));
	t.regex(previewed.stdout, /Undo restores everything this fix changes\./);

	const refused = await cli([...kubeconfig, 'fix', 'pod-security', '--option', 'judge-templates=scratch', '--target', ns, '--yes'], env);
	t.is(refused.code, 1);
	t.regex(refused.stdout, /Not applied: this fix breaks what is listed above, or what it does there could not be judged\. Run the same command with --yes --accept-impact to apply it anyway\./);
	t.is((await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: ns}))?.metadata.labels?.['pod-security.kubernetes.io/enforce'], undefined, 'nothing was written');

	const accepted = await cli([...kubeconfig, 'fix', 'pod-security', '--option', 'judge-templates=scratch', '--target', ns, '--yes', '--accept-impact'], env);
	t.is(accepted.code, 0, accepted.stdout + accepted.stderr);
	t.is((await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: ns}))?.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
});

test('pod-security at baseline: a template that only breaks restricted is not named', async t => {
	const {admin, env, kubeconfig} = await setup();
	const ns = await namespaceWith(admin, 'impact-psa-base', ns => [deployment(ns, 'plain-web', false), deployment(ns, 'privileged-web', true)]);
	const previewed = await cli([...kubeconfig, 'fix', 'pod-security', '--option', 'judge-templates=scratch', '--target', ns, '--option', 'level=baseline'], env);
	t.is(previewed.code, 0, previewed.stderr);
	t.regex(previewed.stdout, new RegExp(`BREAKS  Deployment ${ns}/privileged-web: its pods would be refused by enforce=baseline`));
	t.notRegex(previewed.stdout, /plain-web/);
});

test('pod-security: when only restricted refuses the templates, the preview says baseline keeps them admissible', async t => {
	const {admin, env, kubeconfig} = await setup();
	const ns = await namespaceWith(admin, 'impact-psa-keep', ns => [deployment(ns, 'plain-web', false)]);
	const previewed = await cli([...kubeconfig, 'fix', 'pod-security', '--option', 'judge-templates=scratch', '--target', ns], env);
	t.is(previewed.code, 0, previewed.stderr);
	t.regex(previewed.stdout, new RegExp(`BREAKS  Deployment ${ns}/plain-web: its pods would be refused by enforce=restricted`));
	t.regex(previewed.stdout, new RegExp(`note    Namespace ${ns}: level=baseline \\(the fix screen's option, or --option level=baseline\\) keeps every workload listed here admissible`));
	const mixed = await namespaceWith(admin, 'impact-psa-mixed', ns => [deployment(ns, 'plain-web', false), deployment(ns, 'privileged-web', true)]);
	t.notRegex((await cli([...kubeconfig, 'fix', 'pod-security', '--option', 'judge-templates=scratch', '--target', mixed], env)).stdout, /keeps every workload listed here admissible/);
});

test('network-policy: an Ingress and a NodePort Service into the namespace are named; a namespace with neither says nothing found and applies with --yes', async t => {
	const {admin, env, kubeconfig} = await setup();
	const ns = await namespaceWith(admin, 'impact-np', ns => [
		{apiVersion: 'v1', kind: 'Service', metadata: {name: 'shop', namespace: ns}, spec: {type: 'NodePort', selector: {app: 'shop'}, ports: [{port: 80}]}},
	]);
	await admin.request({method: 'POST', path: `/apis/networking.k8s.io/v1/namespaces/${ns}/ingresses`, body: {apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: {name: 'shop', namespace: ns}, spec: {rules: [{host: 'shop.example', http: {paths: [{path: '/', pathType: 'Prefix', backend: {service: {name: 'shop', port: {number: 80}}}}]}}]}}});
	const previewed = await cli([...kubeconfig, 'fix', 'network-policy', '--target', ns], env);
	t.is(previewed.code, 0, previewed.stderr);
	t.regex(previewed.stdout, new RegExp(`BREAKS  Ingress ${ns}/shop: Ingress into this namespace: traffic from the ingress controller is dropped`));
	t.regex(previewed.stdout, new RegExp(`BREAKS  Service ${ns}/shop: NodePort Service: traffic from outside the cluster is dropped`));
	const refused = await cli([...kubeconfig, 'fix', 'network-policy', '--target', ns, '--yes'], env);
	t.is(refused.code, 1);
	t.is(await read(admin, {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: ns, name: 'kubectl-harden-default-deny-ingress'}), undefined);

	const quiet = await namespaceWith(admin, 'impact-np-quiet', ns => [pod(ns, 'app', {containers: [{name: 'c', image: 'busybox'}]})]);
	const safe = await cli([...kubeconfig, 'fix', 'network-policy', '--target', quiet, '--yes'], env);
	t.is(safe.code, 0, safe.stdout);
	t.regex(safe.stdout, /What it will break: nothing found\./);
	t.truthy(await read(admin, {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: quiet, name: 'kubectl-harden-default-deny-ingress'}));
});

test('resource-quota: an HPA that may scale past the quota and a rollout surge are named, with current use against each limit', async t => {
	const {admin, env, kubeconfig} = await setup();
	const ns = await namespaceWith(admin, 'impact-quota', ns => [{...deployment(ns, 'web', false), spec: {...deployment(ns, 'web', false)['spec'] as object, replicas: 40}} as KubeObject]);
	await admin.request({method: 'POST', path: `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`, body: {apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: {name: 'web', namespace: ns}, spec: {scaleTargetRef: {apiVersion: 'apps/v1', kind: 'Deployment', name: 'web'}, minReplicas: 2, maxReplicas: 50}}});
	const previewed = await cli([...kubeconfig, 'fix', 'resource-quota', '--target', ns], env);
	t.is(previewed.code, 0, previewed.stderr);
	t.regex(previewed.stdout, new RegExp(`note    ResourceQuota ${ns}/kubectl-harden-quota: pods: 0 used now of 10`));
	t.regex(previewed.stdout, new RegExp(`BREAKS  HorizontalPodAutoscaler ${ns}/web: may scale Deployment web to 50 replicas: 50 pods in all, over the quota of 10`));
	t.regex(previewed.stdout, new RegExp(`BREAKS  Deployment ${ns}/web: wants 40 replicas and a rollout adds 10 more for a while: 50 pods in all, over the quota of 10`), 'surge: 25% of 40, rounded up');
});

test('legacy-sa-tokens: a pod reading the token from its environment is named; undo brings the same token back', async t => {
	const {admin, env, kubeconfig} = await setup();
	const old = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
	const ns = await namespaceWith(admin, 'impact-token', ns => [
		{apiVersion: 'v1', kind: 'Secret', metadata: {name: 'deployer-token', namespace: ns, annotations: {'kubernetes.io/service-account.name': 'default'}, labels: {'kubernetes.io/legacy-token-last-used': old}}, type: 'kubernetes.io/service-account-token'},
		pod(ns, 'ci', {containers: [{name: 'c', image: 'busybox', env: [{name: 'TOKEN', valueFrom: {secretKeyRef: {name: 'deployer-token', key: 'token'}}}]}]}),
	]);
	const previewed = await cli([...kubeconfig, 'fix', 'legacy-sa-tokens', '-n', ns], env);
	t.is(previewed.code, 0, previewed.stderr);
	t.regex(previewed.stdout, new RegExp(`BREAKS  Pod ${ns}/ci: pod ci mounts or reads this token: it stops authenticating at once`));
	t.regex(previewed.stdout, new RegExp(`note    Secret ${ns}/deployer-token: last used ${old}`));
	t.regex(previewed.stdout, /Kubernetes fills in the same token again/);
	t.notRegex(previewed.stdout, /Undo restores everything/);
});

test('pod-security: by default a preview writes nothing, so templates are listed as not judged, and --yes needs --accept-impact', async t => {
	const {admin, env, kubeconfig} = await setup();
	const ns = await namespaceWith(admin, 'impact-psa-ask', ns => [deployment(ns, 'privileged-web', true)]);
	// Every request the preview makes, from the program's own request log.
	const trace = path.join(tempDir(), 'trace.txt');
	const previewed = await cli([...kubeconfig, 'fix', 'pod-security', '--target', ns], {...env, HARDEN_TRACE: trace});
	t.is(previewed.code, 0, previewed.stderr);
	t.regex(previewed.stdout, new RegExp(`UNKNOWN Deployment ${ns}/privileged-web: its pods are not running, so whether enforce=restricted admits them is not judged yet: .*--option judge-templates=scratch`));
	const writes = fs.readFileSync(trace, 'utf8').split('\n').filter(line => /^(POST|PUT|PATCH|DELETE) /.test(line) && !line.includes('dryRun=All') && !/\/apis\/(authorization|authentication)\.k8s\.io\//.test(line));
	t.deepEqual(writes, [], 'the preview wrote nothing (no scratch namespace)');
	const refused = await cli([...kubeconfig, 'fix', 'pod-security', '--target', ns, '--yes'], env);
	t.is(refused.code, 1);
	t.regex(refused.stdout, /Not applied: this fix breaks what is listed above, or what it does there could not be judged/);
	t.is((await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: ns}))?.metadata.labels?.['pod-security.kubernetes.io/enforce'], undefined);
});
