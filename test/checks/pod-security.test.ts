import test from 'ava';
import {baselineOverridden, levelOfReason, podSecurity} from '../../source/checks/pod-security.js';
import type {ApiRequest} from '../../source/kube/client.js';
import {fixtureContext} from '../../source/engine/fixture.js';
import {probe as runProbe} from '../../source/engine/runner.js';
import {codes, namespace, pod, probe, type FixtureData} from '../helpers/fixtures.js';

const enforce = 'pod-security.kubernetes.io/enforce';
const privilegedPod = (ns: string) => `POST /api/v1/namespaces/${ns}/pods`;
const labelPatch = (ns: string) => `PATCH /api/v1/namespaces/${ns}`;
const refusedByPodSecurity = {error: 'forbidden' as const, detail: 'pods "kubectl-harden-privileged-probe" is forbidden: violates PodSecurity "baseline:latest": privileged'};

/** A pod in "web": the server judges only a namespace that holds pods. */
const running = pod('web', 'debug');

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
	const verdict = await probe(podSecurity, {objects: [namespace('web'), running], answers: levels({restricted: ['debug: allowPrivilegeEscalation != false']})});
	t.is(verdict.status, 'fail');
	t.deepEqual(codes(verdict), ['pod-security.ev.noEnforceSafe', 'pod-security.ev.pod']);
	t.is(verdict.evidence[0]?.params?.['level'], 'baseline');
	t.deepEqual(verdict.fixTargets, ['web']);
	const tighten = await probe(podSecurity, {objects: [namespace('web', {[enforce]: 'baseline'}), running], answers: {[privilegedPod('web')]: refusedByPodSecurity, ...levels({})}});
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
	const unjudged = await probe(podSecurity, {objects: [namespace('web'), running], answers: {[labelPatch('web')]: {error: 'forbidden'}}});
	t.is(unjudged.status, 'unknown');
	t.deepEqual(codes(unjudged), ['pod-security.ev.noEnforceUnjudged']);
	t.is(unjudged.reasonCode, 'pod-security.reason.error');
});

test('every violation of a pod is listed: one that breaks baseline also shows what restricted adds', async t => {
	const disk = pod('web', 'disk', {volumes: [{name: 'host', hostPath: {path: '/'}}]});
	// As the server answers a namespace: check names only. Restricted replaces "hostPath volumes" by "restricted volume types".
	const verdict = await probe(podSecurity, {objects: [namespace('web'), disk], answers: levels({
		restricted: ['disk: allowPrivilegeEscalation != false, restricted volume types, runAsNonRoot != true'],
	})});
	t.deepEqual(codes(verdict), ['pod-security.ev.noEnforceBlocked', 'pod-security.ev.pod', 'pod-security.ev.podAlso']);
	t.is(verdict.evidence[1]?.detail, 'breaks baseline: hostPath volumes');
	t.is(verdict.evidence[2]?.detail, 'also breaks restricted: allowPrivilegeEscalation != false, restricted volume types, runAsNonRoot != true');
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
	const unlabelled = await probe(podSecurity, {objects: [namespace('web'), cronJob('web'), running], answers: levels({})});
	t.is(unlabelled.status, 'fail');
	t.deepEqual(codes(unlabelled), ['pod-security.ev.noEnforceSafe', 'pod-security.ev.templateUnjudged']);
});

/** The label dry-runs a probe sent, by level. */
async function asked(data: FixtureData): Promise<{levels: string[]; codes: Array<string | undefined>; names: Array<string | undefined>; level: unknown}> {
	const levelsAsked: string[] = [];
	const answers = Object.fromEntries(Object.entries(data.answers ?? {}).map(([key, answer]) => [key, key === labelPatch('web') && typeof answer === 'function'
		? (request: ApiRequest) => {
			levelsAsked.push((request.body as {metadata: {labels: Record<string, string>}}).metadata.labels[enforce]!);
			return answer(request);
		}
		: answer]));
	const verdict = await runProbe(podSecurity, fixtureContext({...data, answers}));
	return {levels: levelsAsked, codes: codes(verdict), names: verdict.evidence.map(item => item.name), level: verdict.evidence[0]?.params?.['level']};
}

test('one dry-run per namespace: the restricted answer (and the pods for the checks restricted replaces) settles baseline; a namespace without pods is not asked at all', async t => {
	// As the server answers a namespace: check names only, pods with the same findings grouped.
	const unconfined = pod('web', 'legacy', {securityContext: {seccompProfile: {type: 'Unconfined'}}});
	const blocked = await asked({objects: [namespace('web'), running, pod('web', 'web'), unconfined], answers: levels({restricted: [
		'debug: host namespaces, privileged, allowPrivilegeEscalation != false, runAsNonRoot != true',
		'web (and 1 other pod): allowPrivilegeEscalation != false, runAsNonRoot != true, seccompProfile',
	]})});
	t.deepEqual(blocked.levels, ['restricted']);
	// debug breaks baseline (and more); legacy, counted among web's others, breaks baseline's seccompProfile; web restricted only.
	t.deepEqual(blocked.codes, ['pod-security.ev.noEnforceBlocked', 'pod-security.ev.pod', 'pod-security.ev.podAlso', 'pod-security.ev.pod', 'pod-security.ev.podGroup']);
	t.deepEqual(blocked.names, ['web', 'debug', 'debug', 'legacy', 'web']);
	// An added CHOWN is in baseline's default set: restricted only.
	const chown = pod('web', 'web', {containers: [{name: 'app', image: 'app:1', securityContext: {capabilities: {add: ['CHOWN']}}}]});
	const safe = await asked({objects: [namespace('web'), chown], answers: levels({restricted: ['web: unrestricted capabilities']})});
	t.deepEqual(safe.levels, ['restricted']);
	t.deepEqual(safe.codes, ['pod-security.ev.noEnforceSafe', 'pod-security.ev.pod']);
	t.is(safe.level, 'baseline');
	const empty = await asked({objects: [namespace('web')], answers: levels({restricted: ['never: privileged']})});
	t.deepEqual(empty.levels, []);
	t.deepEqual(empty.codes, ['pod-security.ev.noEnforceSafe']);
	t.is(empty.level, 'restricted');
});

test('when the restricted answer cannot settle baseline (procMount, a check this program does not know, pods unreadable), baseline is asked too', async t => {
	for (const item of ['procMount', 'someFutureCheck']) {
		const result = await asked({objects: [namespace('web'), running], answers: levels({restricted: [`debug: ${item}`]})});
		t.deepEqual(result.levels, ['restricted', 'baseline'], item);
		t.deepEqual(result.codes, ['pod-security.ev.noEnforceSafe', 'pod-security.ev.pod'], item);
	}
	const unreadable = await asked({objects: [namespace('web'), running], forbidden: ['Pod'], answers: levels({restricted: ['debug: seccompProfile']})});
	t.deepEqual(unreadable.levels, ['restricted', 'baseline']);
});

test('which restricted findings break baseline too, and which replaced baseline checks a pod breaks', t => {
	t.is(levelOfReason('privileged'), 'baseline');
	t.is(levelOfReason('host namespaces'), 'baseline');
	t.is(levelOfReason('hostPort'), 'baseline');
	t.is(levelOfReason('runAsNonRoot != true'), 'restricted');
	t.is(levelOfReason('allowPrivilegeEscalation != false'), 'restricted');
	t.is(levelOfReason('seccompProfile'), 'overridden');
	t.is(levelOfReason('unrestricted capabilities'), 'overridden');
	t.is(levelOfReason('restricted volume types'), 'overridden');
	t.is(levelOfReason('procMount'), undefined);
	const box = (securityContext: Record<string, unknown>, spec: Record<string, unknown> = {}) => pod('web', 'p', {containers: [{name: 'c', image: 'i', securityContext}], ...spec});
	t.deepEqual(baselineOverridden(box({capabilities: {add: ['NET_BIND_SERVICE', 'KILL']}})), []);
	t.deepEqual(baselineOverridden(box({capabilities: {add: ['SYS_ADMIN']}})), ['non-default capabilities']);
	t.deepEqual(baselineOverridden(box({seccompProfile: {type: 'Unconfined'}})), ['seccompProfile']);
	t.deepEqual(baselineOverridden(box({}, {securityContext: {seccompProfile: {type: 'Localhost', localhostProfile: 'x'}}})), []);
	t.deepEqual(baselineOverridden(box({}, {volumes: [{name: 'h', hostPath: {path: '/'}}, {name: 'n', nfs: {server: 's', path: '/'}}]})), ['hostPath volumes']);
	t.deepEqual(baselineOverridden(box({}, {volumes: [{name: 'n', nfs: {server: 's', path: '/'}}]})), []);
});
