import test from 'ava';
import {admissionWebhooks} from '../../source/checks/admission-webhooks.js';
import {codes, probe} from '../helpers/fixtures.js';
import type {KubeObject} from '../../source/kube/objects.js';

const validating = (name: string, webhooks: unknown[]): KubeObject => ({apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: {name}, webhooks});
const apiService = (name: string, spec: Record<string, unknown>): KubeObject => ({apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: {name}, spec});
const scoped = {name: 'check.example.com', failurePolicy: 'Fail', clientConfig: {service: {namespace: 'hooks', name: 'check'}, caBundle: 'ca'}, rules: [{apiGroups: [''], resources: ['configmaps'], operations: ['CREATE']}]};

test('nothing registered passes with its reason; scoped webhooks and verified aggregated APIs pass with evidence', async t => {
	const empty = await probe(admissionWebhooks, {});
	t.is(empty.status, 'pass');
	t.is(empty.reasonCode, 'admission-webhooks.pass');
	const good = await probe(admissionWebhooks, {objects: [validating('checks', [scoped]), apiService('v1beta1.metrics.k8s.io', {service: {namespace: 'kube-system', name: 'metrics-server'}, caBundle: 'ca'}), apiService('v1.apps', {})]});
	t.is(good.status, 'pass');
	t.deepEqual(codes(good), ['admission-webhooks.ev.webhook', 'admission-webhooks.ev.apiService']);
});

test('a catch-all policy webhook failing open warns with each problem; an aggregated API that skips TLS verification fails', async t => {
	const verdict = await probe(admissionWebhooks, {objects: [
		validating('gatekeeper', [{name: 'policy.gatekeeper.sh', failurePolicy: 'Ignore', clientConfig: {url: 'https://gk.example/validate'}, rules: [{apiGroups: ['*'], resources: ['*'], operations: ['*']}]}]),
		apiService('v1.custom.example', {service: {namespace: 'ext', name: 'custom'}, insecureSkipTLSVerify: true}),
	]});
	t.is(verdict.status, 'fail');
	t.deepEqual(codes(verdict), ['admission-webhooks.ev.webhook', 'admission-webhooks.ev.apiSkipVerify']);
	t.deepEqual(verdict.evidence[0]?.parts?.map(part => part.code), ['admission-webhooks.ev.webhook', 'admission-webhooks.ev.everything', 'admission-webhooks.ev.ignore', 'admission-webhooks.ev.noCa']);
});

test('unknown for a source that may not be listed, with the kind named', async t => {
	const verdict = await probe(admissionWebhooks, {forbidden: ['MutatingWebhookConfiguration'], objects: [validating('checks', [scoped])]});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'admission-webhooks.reason.refused');
	t.is(verdict.reasonParams?.['kind'], 'MutatingWebhookConfiguration');
});
