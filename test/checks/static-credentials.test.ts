import test from 'ava';
import {staticCredentials} from '../../source/checks/static-credentials.js';
import {apiserver, codes, probe} from '../helpers/fixtures.js';

test('an API server without token or basic-auth files passes', async t => {
	const verdict = await probe(staticCredentials, {objects: [apiserver(['--authorization-mode=Node,RBAC'])]});
	t.is(verdict.status, 'pass');
	t.is(verdict.reasonCode, 'static-credentials.pass');
});

test('a static token file warns, naming the flag and the file', async t => {
	const verdict = await probe(staticCredentials, {objects: [apiserver(['--token-auth-file=/etc/tokens.csv'])]});
	t.is(verdict.status, 'warn');
	t.deepEqual(codes(verdict), ['static-credentials.ev.file']);
	t.deepEqual(verdict.evidence[0]?.params, {flag: '--token-auth-file', file: '/etc/tokens.csv'});
});

test('unknown when no kube-apiserver pod is visible, with the provider\'s advice on a managed control plane', async t => {
	const verdict = await probe(staticCredentials, {objects: [{apiVersion: 'v1', kind: 'Node', metadata: {name: 'n', labels: {'eks.amazonaws.com/nodegroup': 'x'}}}]});
	t.is(verdict.status, 'unknown');
	t.deepEqual(verdict.reasonParts?.map(part => part.code), ['controlPlane.hidden.managed', 'controlPlane.advice.EKS']);
});
