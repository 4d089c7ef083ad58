import test from 'ava';
import {credentialRotation} from '../../source/checks/credential-rotation.js';
import {certificate, closedKubelet, codes, configz, node, probe, secret} from '../helpers/fixtures.js';

const base64 = (text: string) => Buffer.from(text).toString('base64');
const bootstrap = (name: string, expiration?: string) => secret('kube-system', name, 'bootstrap.kubernetes.io/token', {}, {
	...expiration ? {expiration: base64(expiration)} : {},
	'usage-bootstrap-authentication': base64('true'),
	'auth-extra-groups': base64('system:bootstrappers:kubeadm:default-node-token'),
});

test('rotating kubelets, a bootstrap token that expires, and a one-year serving certificate: a pass', async t => {
	const soon = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000).toISOString();
	const verdict = await probe(credentialRotation, {objects: [bootstrap('bootstrap-token-abc', soon), node('a')], answers: configz('a', {...closedKubelet, rotateCertificates: true}), certificate: certificate(30, 335)});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['credential-rotation.ev.bootstrap', 'credential-rotation.ev.rotating', 'certificate.ev.certificate']);
	t.is(verdict.fixTargets, undefined);
});

test('a bootstrap token that never expires fails; a kubelet not rotating and a ten-year certificate warn', async t => {
	const verdict = await probe(credentialRotation, {objects: [bootstrap('bootstrap-token-old'), node('a')], answers: configz('a', closedKubelet), certificate: certificate(30, 3650)});
	t.is(verdict.status, 'fail');
	t.deepEqual(codes(verdict), ['credential-rotation.ev.bootstrap', 'credential-rotation.ev.noRotation', 'certificate.ev.certificate']);
	t.deepEqual(verdict.evidence[0]?.parts?.map(part => part.code), ['credential-rotation.ev.bootstrap', 'credential-rotation.ev.neverExpires']);
	t.deepEqual(verdict.evidence[2]?.parts?.map(part => part.code), ['certificate.ev.certificate', 'credential-rotation.ev.longLived']);
	t.deepEqual(verdict.fixTargets, ['kube-system/bootstrap-token-old']);
});

test('unknown when Secrets are hidden, there are no nodes and the handshake fails', async t => {
	const verdict = await probe(credentialRotation, {forbidden: ['Secret'], certificate: new Error('timed out')});
	t.is(verdict.status, 'unknown');
	t.deepEqual(codes(verdict), []);
	t.deepEqual(verdict.reasonParts?.map(part => part.code), ['credential-rotation.reason.bootstrap', 'credential-rotation.reason.legacy', 'kubelet.reason.none', 'certificate.reason.handshake']);
});
