import test from 'ava';
import {resourceQuota} from '../../source/checks/resource-quota.js';
import {codes, namespace, probe} from '../helpers/fixtures.js';
import type {KubeObject} from '../../source/kube/objects.js';

const quota = (ns: string): KubeObject => ({apiVersion: 'v1', kind: 'ResourceQuota', metadata: {namespace: ns, name: 'q'}, spec: {hard: {pods: '10'}}});
const limits = (ns: string): KubeObject => ({apiVersion: 'v1', kind: 'LimitRange', metadata: {namespace: ns, name: 'l'}, spec: {limits: []}});

test('every workload namespace with a quota and a LimitRange passes; system namespaces are not judged', async t => {
	const verdict = await probe(resourceQuota, {objects: [namespace('web'), namespace('kube-system'), quota('web'), limits('web')]});
	t.is(verdict.status, 'pass');
	t.is(verdict.reasonCode, 'resource-quota.pass');
	t.deepEqual(verdict.reasonParams, {count: 1});
	const empty = await probe(resourceQuota, {objects: [namespace('kube-system')]});
	t.is(empty.reasonCode, 'check.common.noWorkloadNamespaces');
});

test('the missing half is named per namespace, and each is a fix target', async t => {
	const verdict = await probe(resourceQuota, {objects: [namespace('a'), namespace('b'), namespace('c'), quota('b'), limits('c')]});
	t.is(verdict.status, 'warn');
	t.deepEqual(codes(verdict), ['resource-quota.ev.neither', 'resource-quota.ev.noLimitRange', 'resource-quota.ev.noQuota']);
	t.deepEqual(verdict.fixTargets, ['a', 'b', 'c']);
});

test('unknown when quotas may not be listed', async t => {
	const verdict = await probe(resourceQuota, {objects: [namespace('a')], forbidden: ['ResourceQuota']});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});

test('the offer (report, walk probe) says what would be created without reading a pod; the fix sizes the quota from them', async t => {
	const {fixtureContext} = await import('../../source/engine/fixture.js');
	const {en} = await import('../../source/messages/en.js');
	const data = {objects: [namespace('web')], forbidden: ['Pod']};
	const verdict = await probe(resourceQuota, data);
	const offer = await resourceQuota.planFix!(fixtureContext(data), verdict, {offer: true});
	t.deepEqual(offer.changes.map(change => change.action === 'create' ? change.object.kind : ''), ['LimitRange', 'ResourceQuota']);
	t.is(offer.changes[1]!.summary, `create ResourceQuota web/kubectl-harden-quota (${en['offer.sizedWhenOpened']})`);
	// Pods may not be listed here: only the full plan (opening the fix) needs them.
	await t.throwsAsync(resourceQuota.planFix!(fixtureContext(data), verdict, {}), {message: /forbidden/});
	const sized = await resourceQuota.planFix!(fixtureContext({objects: [namespace('web')]}), verdict, {});
	t.regex(sized.changes[1]!.summary, /pods=10, requests\.cpu=1000m/);
});
