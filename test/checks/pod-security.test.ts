import test from 'ava';
import {podSecurity} from '../../source/checks/pod-security.js';
import type {ApiRequest} from '../../source/kube/client.js';
import {codes, namespace, probe, type FixtureData} from '../helpers/fixtures.js';

const enforce = 'pod-security.kubernetes.io/enforce';
const privilegedPod = (ns: string) => `POST /api/v1/namespaces/${ns}/pods`;
const labelPatch = (ns: string) => `PATCH /api/v1/namespaces/${ns}`;
const refusedByPodSecurity = {error: 'forbidden' as const, detail: 'pods "kubectl-harden-privileged-probe" is forbidden: violates PodSecurity "baseline:latest": privileged'};

/** The dry-run label patch: the pods each level would reject, as the API server's warnings. */
function levels(rejects: Record<string, string[]>): FixtureData['answers'] {
	return {[labelPatch('web')]: (request: ApiRequest) => {
		const level = (request.body as {metadata: {labels: Record<string, string>}}).metadata.labels[enforce]!;
		const pods = rejects[level] ?? [];
		return {body: {}, warnings: pods.length > 0 ? [`existing pods in namespace "web" violate the new PodSecurity enforce level "${level}:latest"`, ...pods] : []};
	}};
}

test('a namespace that enforces restricted, and really refuses a privileged pod, passes', async t => {
	const verdict = await probe(podSecurity, {objects: [namespace('web', {[enforce]: 'restricted'})], answers: {[privilegedPod('web')]: refusedByPodSecurity}});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), []);
});

test('no enforce label fails with the strongest safe level and the pods restricted would reject; baseline that could be restricted warns', async t => {
	const verdict = await probe(podSecurity, {objects: [namespace('web')], answers: levels({restricted: ['debug: allowPrivilegeEscalation != false']})});
	t.is(verdict.status, 'fail');
	t.deepEqual(codes(verdict), ['pod-security.ev.noEnforceSafe', 'pod-security.ev.pod']);
	t.is(verdict.evidence[0]?.params?.['level'], 'baseline');
	t.deepEqual(verdict.fixTargets, ['web']);
	const tighten = await probe(podSecurity, {objects: [namespace('web', {[enforce]: 'baseline'})], answers: {[privilegedPod('web')]: refusedByPodSecurity, ...levels({})}});
	t.is(tighten.status, 'warn');
	t.deepEqual(codes(tighten), ['pod-security.ev.couldTighten']);
	const notEnforced = await probe(podSecurity, {objects: [namespace('web', {[enforce]: 'baseline'})], answers: {[privilegedPod('web')]: {body: {}}}});
	t.is(notEnforced.status, 'fail');
	t.deepEqual(codes(notEnforced), ['pod-security.ev.notEnforced']);
});

test('unknown when the dry-runs are refused: enforcement not confirmed, or levels not judged', async t => {
	const unconfirmed = await probe(podSecurity, {objects: [namespace('web', {[enforce]: 'restricted'})], answers: {[privilegedPod('web')]: {error: 'forbidden', detail: 'pods is forbidden: User "x" cannot create resource "pods"'}}});
	t.is(unconfirmed.status, 'unknown');
	t.deepEqual(codes(unconfirmed), ['pod-security.ev.unconfirmed']);
	t.is(unconfirmed.reasonCode, 'pod-security.reason.unconfirmed');
	const unjudged = await probe(podSecurity, {objects: [namespace('web')], answers: {[labelPatch('web')]: {error: 'forbidden'}}});
	t.is(unjudged.status, 'unknown');
	t.deepEqual(codes(unjudged), ['pod-security.ev.noEnforceUnjudged']);
	t.is(unjudged.reasonCode, 'pod-security.reason.error');
});

test('every violation of a pod is listed: one that breaks baseline also shows what restricted adds', async t => {
	const verdict = await probe(podSecurity, {objects: [namespace('web')], answers: levels({
		baseline: ['disk: hostPath volumes (volume "host")'],
		restricted: ['disk: allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), restricted volume types (volume "host" uses restricted volume type "hostPath"), runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true)'],
	})});
	t.deepEqual(codes(verdict), ['pod-security.ev.noEnforceBlocked', 'pod-security.ev.pod', 'pod-security.ev.podAlso']);
	t.is(verdict.evidence[2]?.detail, 'also breaks restricted: allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), restricted volume types (volume "host" uses restricted volume type "hostPath"), runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true)');
});

test('pod templates are judged by the API server under the namespace\'s levels; where it sets none, that is said', async t => {
	const cronJob = (ns: string) => ({apiVersion: 'batch/v1', kind: 'CronJob', metadata: {namespace: ns, name: 'backup'}, spec: {jobTemplate: {spec: {template: {spec: {volumes: [{name: 'h', hostPath: {path: '/'}}], containers: [{name: 'c', image: 'busybox'}]}}}}}});
	const refused = {error: 'forbidden' as const, detail: 'pods "kubectl-harden-admission-probe" is forbidden: violates PodSecurity "baseline:latest": hostPath volumes (volume "h")'};
	const enforced = await probe(podSecurity, {objects: [namespace('web', {[enforce]: 'baseline'}), cronJob('web')], answers: {
		[privilegedPod('web')]: (request: ApiRequest) => (request.body as {metadata: {name: string}}).metadata.name === 'kubectl-harden-admission-probe' ? refused : refusedByPodSecurity,
	}});
	t.is(enforced.status, 'warn', 'its pods would be refused when the CronJob runs');
	t.deepEqual(codes(enforced), ['pod-security.ev.template']);
	t.is(enforced.evidence[0]?.detail, `its pod template, judged by the API server (a dry-run pod in this namespace): its pods would be refused: ${refused.detail}`);
	const unlabelled = await probe(podSecurity, {objects: [namespace('web'), cronJob('web')], answers: levels({})});
	t.is(unlabelled.status, 'fail');
	t.deepEqual(codes(unlabelled), ['pod-security.ev.noEnforceSafe', 'pod-security.ev.templateUnjudged']);
});
