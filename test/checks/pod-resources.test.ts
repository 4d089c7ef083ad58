import test from 'ava';
import {podResources} from '../../source/checks/pod-resources.js';
import {codes, namespace, pod, probe} from '../helpers/fixtures.js';

const sized = {name: 'app', resources: {requests: {cpu: '100m', memory: '64Mi'}, limits: {memory: '128Mi'}}};

test('pods with requests and memory limits pass; finished pods and system pods are not judged', async t => {
	const finished = {...pod('web', 'job'), status: {phase: 'Succeeded'}};
	const verdict = await probe(podResources, {objects: [namespace('web'), namespace('kube-system'), pod('web', 'ok', {containers: [sized]}), finished, pod('kube-system', 'dns')]});
	t.is(verdict.status, 'pass');
	t.is(verdict.reasonCode, 'pod-resources.pass');
	t.deepEqual(verdict.reasonParams, {count: 1});
});

test('a container without requests or a memory limit is named', async t => {
	const verdict = await probe(podResources, {objects: [namespace('web'), pod('web', 'bare'), pod('web', 'unlimited', {containers: [{...sized, resources: {requests: sized.resources.requests}}]})]});
	t.is(verdict.status, 'warn');
	t.deepEqual(codes(verdict), ['pod-resources.ev.noRequests', 'pod-resources.ev.noMemoryLimit']);
	t.deepEqual(verdict.evidence[0]?.parts?.map(part => part.code), ['pod-resources.ev.noRequests', 'pod-resources.ev.noMemoryLimit']);
});

test('unknown when pods may not be listed', async t => {
	const verdict = await probe(podResources, {objects: [namespace('web')], forbidden: ['Pod']});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});
