import test from 'ava';
import {exposedServices} from '../../source/checks/exposed-services.js';
import {codes, namespace, probe} from '../helpers/fixtures.js';
import type {KubeObject} from '../../source/kube/objects.js';

const service = (ns: string, name: string, type: string, nodePort?: number): KubeObject => ({apiVersion: 'v1', kind: 'Service', metadata: {namespace: ns, name}, spec: {type, ports: [{port: 80, nodePort}]}});
const quota = (ns: string, hard: Record<string, string>): KubeObject => ({apiVersion: 'v1', kind: 'ResourceQuota', metadata: {namespace: ns, name: 'q'}, spec: {hard}});

test('ClusterIP services only pass; exposed ones under a quota pass with their evidence', async t => {
	const quiet = await probe(exposedServices, {objects: [namespace('web'), service('web', 'api', 'ClusterIP')]});
	t.is(quiet.status, 'pass');
	t.is(quiet.reasonCode, 'exposed-services.pass');
	const limited = await probe(exposedServices, {objects: [namespace('web'), service('web', 'np', 'NodePort', 30080), quota('web', {'services.nodeports': '1'})]});
	t.is(limited.status, 'pass');
	t.deepEqual(codes(limited), ['exposed-services.ev.limited']);
	t.is(limited.reasonCode, 'exposed-services.allLimited');
});

test('a NodePort or LoadBalancer with no quota on them warns', async t => {
	const verdict = await probe(exposedServices, {objects: [namespace('web'), service('web', 'lb', 'LoadBalancer', 31000), service('kube-system', 'sys', 'NodePort', 30000)]});
	t.is(verdict.status, 'warn');
	t.deepEqual(codes(verdict), ['exposed-services.ev.unlimited']);
	t.deepEqual(verdict.evidence[0]?.params, {type: 'LoadBalancer', ports: '31000', key: 'services.loadbalancers'});
});

test('unknown when services may not be listed', async t => {
	const verdict = await probe(exposedServices, {objects: [namespace('web')], forbidden: ['Service']});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});
