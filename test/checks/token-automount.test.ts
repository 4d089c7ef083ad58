import test from 'ava';
import {tokenAutomount} from '../../source/checks/token-automount.js';
import {fixtureContext} from '../../source/engine/fixture.js';
import type {KubeObject} from '../../source/kube/objects.js';
import {clusterRole, codes, namespace, pod, probe, roleBinding} from '../helpers/fixtures.js';

const account = (ns: string, name: string, extra: Record<string, unknown> = {}): KubeObject => ({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {namespace: ns, name, resourceVersion: '7'}, ...extra});

test('pods that mount the token of an account holding nothing warn, naming the account and who uses it; the fix sets automount off on it', async t => {
	const objects = [
		namespace('shop'), account('shop', 'default'), account('shop', 'api'),
		clusterRole('view', [{verbs: ['get'], apiGroups: [''], resources: ['pods']}]),
		roleBinding('shop', 'api-view', {kind: 'ClusterRole', name: 'view'}, [{kind: 'ServiceAccount', namespace: 'shop', name: 'api'}]),
		pod('shop', 'web'), pod('shop', 'lister', {serviceAccountName: 'api'}),
		{apiVersion: 'apps/v1', kind: 'Deployment', metadata: {namespace: 'shop', name: 'worker'}, spec: {replicas: 0, template: {spec: {automountServiceAccountToken: true, containers: [{name: 'c', image: 'x'}]}}}},
	];
	const verdict = await probe(tokenAutomount, {objects});
	t.is(verdict.status, 'warn');
	t.deepEqual(codes(verdict), ['token-automount.ev.account']);
	t.deepEqual(verdict.evidence.map(item => `${item.kind} ${item.namespace}/${item.name}: ${item.detail}`), ['ServiceAccount shop/default: mounts its API token into Pod web, Deployment worker, yet no binding gives it anything of its own: the token is of use only to an attacker']);
	t.deepEqual(verdict.fixTargets, ['shop/default']);
	const plan = await tokenAutomount.planFix!(fixtureContext({objects}), verdict, {});
	t.deepEqual(plan.changes, [{action: 'patch', ref: {apiVersion: 'v1', kind: 'ServiceAccount', namespace: 'shop', name: 'default'}, patch: {automountServiceAccountToken: false}, resourceVersion: '7', summary: 'set automountServiceAccountToken: false on ServiceAccount shop/default (used by Pod web, Deployment worker)'}]);
	t.deepEqual(plan.notes, ['Deployment worker states automountServiceAccountToken: true and will keep mounting the token of shop/default.']);
});

test('accounts and pods that turn automount off pass; system namespaces are not judged', async t => {
	const verdict = await probe(tokenAutomount, {objects: [
		namespace('shop'), namespace('kube-system'),
		account('shop', 'default', {automountServiceAccountToken: false}), account('shop', 'quiet'), account('kube-system', 'default'),
		pod('shop', 'web'), pod('shop', 'batch', {serviceAccountName: 'quiet', automountServiceAccountToken: false}), pod('kube-system', 'agent'),
	]});
	t.is(verdict.status, 'pass');
	t.is(verdict.reasonCode, 'token-automount.pass');
});

test('unknown when service accounts may not be listed', async t => {
	const verdict = await probe(tokenAutomount, {objects: [namespace('shop')], forbidden: ['ServiceAccount']});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});
