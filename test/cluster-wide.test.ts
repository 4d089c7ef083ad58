// Checks that judge cluster-wide objects (Nodes, DaemonSets in every namespace) run on a
// cluster of this file's own, one test at a time, so nothing else disturbs what they see.
import test from 'ava';
import {cloudMetadata, metadataPolicyName} from '../source/checks/cloud-metadata.js';
import {cniPolicySupport} from '../source/checks/cni-policy-support.js';
import {controlPlaneTaint, nodePlacement, nodeSelectorAnnotation} from '../source/checks/node-placement.js';
import type {KubeClient} from '../source/kube/client.js';
import {markReady} from '../source/testing/sandbox.js';
import {privateClusterForFile, type PrivateCluster} from './helpers/cluster.js';
import {create, fix, journal, namespaceWith, pod, preview, probe, read, undo, context} from './helpers/checks.js';
import {impactOf, safeAtOnce} from '../source/engine/impact.js';

let cluster: PrivateCluster;
let admin: KubeClient;
privateClusterForFile(test, (started, client) => {
	cluster = started;
	admin = client;
});

async function node(name: string, labels: Record<string, string> = {}, spec: Record<string, unknown> = {}) {
	await create(admin, {apiVersion: 'v1', kind: 'Node', metadata: {name, labels}, spec});
	await markReady(admin, name);
}

const daemonSet = (ns: string, name: string, image: string) => ({
	apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: {name, namespace: ns},
	spec: {selector: {matchLabels: {app: name}}, template: {metadata: {labels: {app: name}}, spec: {containers: [{name, image}]}}},
});

test.serial('no nodes: cloud metadata and node placement are unknown, saying why', async t => {
	const metadata = await probe(cloudMetadata, admin);
	t.is(metadata.status, 'unknown');
	t.regex(metadata.reason ?? '', /No Node objects are visible/);
	const placement = await probe(nodePlacement, admin);
	t.is(placement.status, 'unknown');
});

test.serial('the network plugin: unknown when none is recognised, fail for flannel alone, pass with Calico', async t => {
	const unknown = await probe(cniPolicySupport, admin);
	t.is(unknown.status, 'unknown');
	t.regex(unknown.reason ?? '', /No known network plugin was found/);
	const ns = await namespaceWith(admin, 'kube-flannel');
	await create(admin, daemonSet(ns, 'kube-flannel-ds', 'ghcr.io/flannel-io/flannel:v0.26.0'));
	const flannel = await probe(cniPolicySupport, admin);
	t.is(flannel.status, 'fail');
	t.deepEqual(flannel.evidence, [{kind: 'DaemonSet', namespace: ns, name: 'kube-flannel-ds', detail: 'Flannel runs here and does not enforce NetworkPolicies', code: 'cni-policy-support.ev.ignores', params: {plugin: 'Flannel'}}]);
	await create(admin, daemonSet('kube-system', 'calico-node', 'quay.io/calico/node:v3.29.0'));
	const calico = await probe(cniPolicySupport, admin);
	t.is(calico.status, 'pass');
	t.true(calico.evidence.some(item => item.name === 'calico-node' && item.detail === 'Calico runs here and enforces NetworkPolicies'));
	// Scoped to one namespace, the cluster-wide fact is still read.
	t.is((await probe(cniPolicySupport, admin, ns)).status, 'pass');
});

test.serial('nodes without a providerID: the cloud metadata check does not apply, and says why', async t => {
	await node('bare-1');
	const verdict = await probe(cloudMetadata, admin);
	t.is(verdict.status, 'not-applicable');
	t.regex(verdict.reason ?? '', /None of the 1 nodes has a cloud providerID/);
});

test.serial('on AWS, namespaces that do not block the metadata address fail; the fix blocks it and undo removes it', async t => {
	await node('aws-1', {}, {providerID: 'aws:///eu-west-1a/i-0abc'});
	const open = await namespaceWith(admin, 'md-open');
	const blocked = await namespaceWith(admin, 'md-blocked', ns => [{
		apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {name: 'egress', namespace: ns},
		spec: {podSelector: {}, policyTypes: ['Egress'], egress: [{to: [{ipBlock: {cidr: '0.0.0.0/0', except: ['169.254.0.0/16']}}, {ipBlock: {cidr: '::/0', except: ['fd00:ec2::254/128']}}]}]},
	}]);
	const leaky = await namespaceWith(admin, 'md-leaky', ns => [
		{apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {name: 'egress', namespace: ns}, spec: {podSelector: {}, policyTypes: ['Egress'], egress: [{to: [{ipBlock: {cidr: '0.0.0.0/0'}}]}]}},
	]);
	const verdict = await probe(cloudMetadata, admin, open);
	t.is(verdict.status, 'fail');
	t.deepEqual(verdict.evidence.map(item => [item.kind, item.name, item.detail]), [
		['Node', 'aws-1', 'runs on AWS (1 of 2 nodes have a AWS providerID)'],
		['Namespace', open, 'egress to 169.254.169.254, fd00:ec2::254 is not blocked'],
	]);
	t.is((await probe(cloudMetadata, admin, blocked)).status, 'pass');
	const leakyVerdict = await probe(cloudMetadata, admin, leaky);
	t.is(leakyVerdict.status, 'fail');

	const record = journal(admin);
	const previewed = await preview(cloudMetadata, await context(admin, open), {});
	t.deepEqual(previewed.plan.changes.map(change => change.summary), [`create NetworkPolicy ${open}/${metadataPolicyName} (all egress allowed except 169.254.169.254, fd00:ec2::254)`]);
	const {result} = await fix(cloudMetadata, admin, open, record);
	t.true(result.ok);
	t.is(result.verdict?.status, 'pass');
	const created = await read(admin, {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: open, name: metadataPolicyName});
	t.deepEqual(created?.['spec'], {
		podSelector: {},
		policyTypes: ['Egress'],
		egress: [{to: [
			{ipBlock: {cidr: '0.0.0.0/0', except: ['169.254.169.254/32']}},
			{ipBlock: {cidr: '::/0', except: ['fd00:ec2::254/128']}},
			{namespaceSelector: {}},
		]}],
	});
	t.deepEqual((await preview(cloudMetadata, await context(admin, open), {})).plan.changes, []);
	// The leaky namespace's own allow-all egress still wins: the fix says so.
	const leakyPlan = await preview(cloudMetadata, await context(admin, leaky), {});
	t.true(leakyPlan.plan.notes.some(note => note.includes('other egress policies exist')));
	t.true((await undo(admin, record, result.entry)).ok);
	t.is(await read(admin, {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: open, name: metadataPolicyName}), undefined);
});

test.serial('an untainted control-plane node with a workload pod fails; the taint fix keeps other taints, and undo restores them exactly', async t => {
	await node('cp-1', {'node-role.kubernetes.io/control-plane': ''}, {taints: [{key: 'dedicated', value: 'infra', effect: 'PreferNoSchedule'}]});
	await node('worker-1');
	const ns = await namespaceWith(admin, 'np-pods', ns => [pod(ns, 'stray', {nodeName: 'cp-1', containers: [{name: 'c', image: 'busybox'}]}), pod(ns, 'fine', {nodeName: 'worker-1', containers: [{name: 'c', image: 'busybox'}]})]);
	await create(admin, {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace: 'kube-system'}});
	await create(admin, pod('kube-system', `static-${ns}`, {nodeName: 'cp-1', containers: [{name: 'c', image: 'busybox'}]}));
	const verdict = await probe(nodePlacement, admin);
	t.is(verdict.status, 'fail');
	t.deepEqual(verdict.evidence.map(item => [item.kind, item.namespace, item.name]), [['Node', undefined, 'cp-1'], ['Pod', ns, 'stray']]);
	t.deepEqual(verdict.fixTargets, ['cp-1']);

	const before = await read(admin, {apiVersion: 'v1', kind: 'Node', name: 'cp-1'});
	const record = journal(admin);
	const previewed = await preview(nodePlacement, await context(admin), {});
	t.deepEqual(previewed.plan.changes.map(change => change.summary), ['taint Node cp-1 with node-role.kubernetes.io/control-plane:NoSchedule']);
	const {result} = await fix(nodePlacement, admin, undefined, record);
	t.true(result.ok);
	const tainted = await read(admin, {apiVersion: 'v1', kind: 'Node', name: 'cp-1'});
	t.deepEqual((tainted?.['spec'] as {taints: unknown}).taints, [{key: 'dedicated', value: 'infra', effect: 'PreferNoSchedule'}, controlPlaneTaint]);
	// The pod already there is still reported: the taint does not evict it.
	t.is(result.verdict?.status, 'fail');
	t.deepEqual(result.verdict?.evidence.map(item => item.name), ['stray']);
	t.deepEqual((await preview(nodePlacement, await context(admin), {})).plan.changes, []);

	// Someone changes the taints after the fix: undo refuses.
	await admin.request({method: 'PATCH', path: '/api/v1/nodes/cp-1', body: {spec: {taints: [controlPlaneTaint]}}, contentType: 'application/merge-patch+json'});
	const refused = await undo(admin, record, result.entry);
	t.false(refused.ok);
	t.deepEqual(refused.drift, [{object: 'Node cp-1', why: 'the fields the fix set have been changed since'}]);
	// Put the fix's state back by hand, and undo goes through, restoring the node's taints exactly.
	await admin.request({method: 'PATCH', path: '/api/v1/nodes/cp-1', body: {spec: {taints: [{key: 'dedicated', value: 'infra', effect: 'PreferNoSchedule'}, controlPlaneTaint]}}, contentType: 'application/merge-patch+json'});
	t.true((await undo(admin, record, result.entry)).ok);
	const restored = await read(admin, {apiVersion: 'v1', kind: 'Node', name: 'cp-1'});
	t.deepEqual((restored?.['spec'] as {taints: unknown}).taints, (before?.['spec'] as {taints: unknown}).taints);
	await admin.request({method: 'DELETE', path: `/api/v1/namespaces/${ns}/pods/stray`});
});

test.serial('a namespace node selector is set only when the operator names the label and the namespaces', async t => {
	const ns = await namespaceWith(admin, 'pinned');
	const verdict = await probe(nodePlacement, admin, ns);
	await t.throwsAsync(preview(nodePlacement, await context(admin, ns), {options: {'node-selector': 'pool=apps'}}), {message: /needs --target <namespace>/});
	const record = journal(admin);
	const {result} = await fix(nodePlacement, admin, ns, record, {targets: [ns], options: {'node-selector': 'pool=apps'}});
	t.true(result.ok);
	t.is((await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: ns}))?.metadata.annotations?.[nodeSelectorAnnotation], 'pool=apps');
	t.truthy(verdict.reason);
	t.regex((await probe(nodePlacement, admin, ns)).reason ?? '', /^1 of 1 workload namespaces have a node selector/);
	t.true((await undo(admin, record, result.entry)).ok);
	t.is((await read(admin, {apiVersion: 'v1', kind: 'Namespace', name: ns}))?.metadata.annotations?.[nodeSelectorAnnotation], undefined);
});

test.serial('impact of node placement: the only schedulable node, a DaemonSet without a toleration, and a node selector no node has', async t => {
	// Every other node takes no pods: cp-1 is the only schedulable node left.
	const others = ((await admin.request<{items: Array<{metadata: {name: string}}>}>({method: 'GET', path: '/api/v1/nodes'})).body.items).map(item => item.metadata.name).filter(name => name !== 'cp-1');
	const taintAll = async (taints: unknown) => {
		for (const name of others) {
			await admin.request({method: 'PATCH', path: `/api/v1/nodes/${name}`, body: {spec: {taints}}, contentType: 'application/merge-patch+json'});
		}
	};
	await taintAll([{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}]);
	const ns = await namespaceWith(admin, 'np-impact', ns => [daemonSet(ns, 'log-agent', 'busybox')]);
	const owner = await read(admin, {apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: ns, name: 'log-agent'});
	await create(admin, {...pod(ns, 'log-agent-x', {nodeName: 'cp-1', containers: [{name: 'c', image: 'busybox'}]}), metadata: {name: 'log-agent-x', namespace: ns, ownerReferences: [{apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'log-agent', uid: owner!.metadata.uid!}]}});
	const taintContext = await context(admin);
	const previewed = await preview(nodePlacement, taintContext, {});
	const impact = await impactOf(nodePlacement, taintContext, previewed);
	const named = impact.items.map(item => `${item.effect} ${item.object}: ${item.phrase.text}`);
	t.true(named.includes('breaks Node cp-1: the only schedulable node: after the taint, no new pod without a toleration can schedule anywhere'), named.join('\n'));
	t.true(named.includes(`breaks DaemonSet ${ns}/log-agent: no toleration for node-role.kubernetes.io/control-plane:NoSchedule: its pod on cp-1 is not re-created there`), named.join('\n'));
	t.false(safeAtOnce(previewed, impact));

	const pinned = await context(admin, ns);
	const selector = await preview(nodePlacement, pinned, {targets: [ns], options: {'node-selector': 'pool=nowhere'}});
	const selectorImpact = (await impactOf(nodePlacement, pinned, selector)).items.map(item => `${item.effect} ${item.object}: ${item.phrase.text}`);
	t.true(selectorImpact.includes(`breaks Namespace ${ns}: no node has the labels pool=nowhere: no new pod in this namespace can schedule`), selectorImpact.join('\n'));
	t.true(selectorImpact.includes(`breaks Pod ${ns}/log-agent-x: runs on cp-1, which lacks pool=nowhere: re-created, it goes elsewhere or stays pending`), selectorImpact.join('\n'));
	await taintAll(null);
});

test.serial('impact of blocking the metadata address: pods known to get cloud credentials from it are named', async t => {
	const ns = await namespaceWith(admin, 'md-impact', ns => [
		{apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'uploader', namespace: ns, annotations: {'iam.gke.io/gcp-service-account': 'uploader@project.iam.gserviceaccount.com'}}},
		pod(ns, 'uploader', {serviceAccountName: 'uploader', containers: [{name: 'c', image: 'busybox'}]}),
		pod(ns, 'plain', {containers: [{name: 'c', image: 'busybox'}]}),
	]);
	const scoped = await context(admin, ns);
	const previewed = await preview(cloudMetadata, scoped, {});
	t.is(previewed.plan.changes.length, 1, previewed.verdict.reason);
	const named = (await impactOf(cloudMetadata, scoped, previewed)).items.map(item => `${item.effect} ${item.object}: ${item.phrase.text}`);
	t.deepEqual(named, [`breaks Pod ${ns}/uploader: gets cloud credentials from the metadata service (GKE Workload Identity): it loses them`]);
});
