import test from 'ava';
import {networkPolicy} from '../../source/checks/network-policy.js';
import {codes, namespace, probe} from '../helpers/fixtures.js';
import type {KubeObject} from '../../source/kube/objects.js';

const policy = (ns: string, name: string, spec: Record<string, unknown>): KubeObject => ({apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {namespace: ns, name}, spec});
const denyAll = (ns: string) => policy(ns, 'deny', {podSelector: {}, policyTypes: ['Ingress']});

test('a default-deny ingress policy in every workload namespace passes', async t => {
	const verdict = await probe(networkPolicy, {objects: [namespace('a'), denyAll('a')]});
	t.is(verdict.status, 'pass');
	t.is(verdict.reasonCode, 'network-policy.pass');
});

test('no policy fails; policies that let everything back in only warn', async t => {
	const verdict = await probe(networkPolicy, {objects: [namespace('a'), namespace('b'), policy('b', 'open', {podSelector: {}, ingress: [{}]})]});
	t.is(verdict.status, 'fail');
	t.deepEqual(codes(verdict), ['network-policy.ev.none', 'network-policy.ev.noDefaultDeny']);
	t.is(verdict.reasonCode, 'networkPolicy.reason.cni');
	t.deepEqual(verdict.fixTargets, ['a', 'b']);
	const warned = await probe(networkPolicy, {objects: [namespace('b'), policy('b', 'some', {podSelector: {matchLabels: {app: 'x'}}})]});
	t.is(warned.status, 'warn');
});

test('unknown when NetworkPolicies may not be listed', async t => {
	const verdict = await probe(networkPolicy, {objects: [namespace('a')], forbidden: ['NetworkPolicy']});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});
