import test from 'ava';
import {legacyTokenSecrets} from '../../source/checks/legacy-sa-tokens.js';
import {codes, pod, probe, secret} from '../helpers/fixtures.js';

const tokenType = 'kubernetes.io/service-account-token';
const old = new Date(Date.now() - 90 * 24 * 60 * 60 * 1000).toISOString();

test('no legacy token Secret passes', async t => {
	const verdict = await probe(legacyTokenSecrets, {objects: [secret('web', 'plain', 'Opaque')]});
	t.is(verdict.status, 'pass');
	t.is(verdict.reasonCode, 'legacy-sa-tokens.pass');
});

test('legacy tokens warn; the unused one is a fix target, the mounted one is not', async t => {
	const account = {'kubernetes.io/service-account.name': 'builder'};
	const verdict = await probe(legacyTokenSecrets, {objects: [
		secret('web', 'unused-token', tokenType, {creationTimestamp: old, annotations: account}),
		secret('web', 'mounted-token', tokenType, {creationTimestamp: old, annotations: account, labels: {'kubernetes.io/legacy-token-last-used': '2026-01-01'}}),
		pod('web', 'app', {volumes: [{name: 't', secret: {secretName: 'mounted-token'}}]}),
	]});
	t.is(verdict.status, 'warn');
	t.deepEqual(codes(verdict), ['legacyToken.ev.token', 'legacyToken.ev.token']);
	t.deepEqual(verdict.evidence.map(item => item.parts?.map(part => part.code)), [
		['legacyToken.ev.token', 'legacyToken.ev.neverUsed', 'legacyToken.ev.unused'],
		['legacyToken.ev.token', 'legacyToken.ev.lastUsed', 'legacyToken.ev.mounted'],
	]);
	t.deepEqual(verdict.fixTargets, ['web/unused-token']);
});

test('unknown when Secrets may not be listed', async t => {
	const verdict = await probe(legacyTokenSecrets, {forbidden: ['Secret']});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});
