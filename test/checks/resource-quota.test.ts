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
