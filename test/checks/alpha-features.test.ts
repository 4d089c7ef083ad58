import test from 'ava';
import {alphaFeatures, featureTable} from '../../source/checks/alpha-features.js';
import {closedKubelet, codes, configz, metrics, node, probe} from '../helpers/fixtures.js';

const alpha = Object.entries(featureTable.gates).find(([, gate]) => gate.stage === 'ALPHA')![0];
const offBeta = Object.entries(featureTable.gates).find(([, gate]) => gate.stage === 'BETA' && !gate.default)![0];
const build = `kubernetes_build_info{git_version="v${featureTable.minor}.1"} 1`;
const noAlphaApis = {'GET /apis': {body: {groups: [{name: 'apps', versions: [{version: 'v1'}]}]}}};

test('no alpha gate, no alpha API and kubelets read: a pass', async t => {
	const verdict = await probe(alphaFeatures, {objects: [node('a')], answers: {'GET /metrics': metrics(build, `kubernetes_feature_enabled{name="${alpha}",stage="ALPHA"} 0`), ...noAlphaApis, ...configz('a', closedKubelet)}});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), []);
	t.is(verdict.reasonCode, 'alpha-features.pass');
});

test('alpha gates, off-by-default beta gates, alpha APIs and kubelet gates warn', async t => {
	const verdict = await probe(alphaFeatures, {objects: [node('a')], answers: {
		'GET /metrics': metrics(build, `kubernetes_feature_enabled{name="${alpha}",stage="ALPHA"} 1`, `kubernetes_feature_enabled{name="${offBeta}",stage="BETA"} 1`),
		'GET /apis': {body: {groups: [{name: 'resource.k8s.io', versions: [{version: 'v1alpha3'}]}]}},
		...configz('a', {...closedKubelet, featureGates: {[alpha]: true}}),
	}});
	t.is(verdict.status, 'warn');
	t.deepEqual(codes(verdict), ['alpha-features.ev.gate', 'alpha-features.ev.beta', 'alpha-features.ev.api', 'alpha-features.ev.kubeletAlpha']);
});

test('unknown when /metrics is refused and nothing else is found, or when no kubelet could be read', async t => {
	const refused = await probe(alphaFeatures, {answers: {'GET /metrics': {error: 'forbidden'}, ...noAlphaApis}});
	t.is(refused.status, 'unknown');
	t.is(refused.reasonCode, 'alpha-features.reason.metricsRefused');
	const unread = await probe(alphaFeatures, {objects: [node('a')], answers: {'GET /metrics': metrics(build), ...noAlphaApis, 'GET /api/v1/nodes/a/proxy/configz': {error: 'forbidden'}}});
	t.is(unread.status, 'unknown');
	t.deepEqual(unread.reasonParts?.map(part => part.code), ['alpha-features.pass', 'alpha-features.reason.kubelets']);
});
