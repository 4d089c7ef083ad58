import test from 'ava';
import {apiTls} from '../../source/checks/api-tls.js';
import {apiserver, certificate, closedKubelet, codes, configz, node, probe} from '../helpers/fixtures.js';

const goodFlags = ['--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt', '--etcd-servers=https://127.0.0.1:2379', '--tls-min-version=VersionTLS12'];

test('https with a CA, a valid serving certificate, good flags and closed kubelets pass', async t => {
	const verdict = await probe(apiTls, {objects: [apiserver(goodFlags), node('a')], answers: configz('a', closedKubelet), certificate: certificate(10, 300)});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['certificate.ev.certificate']);
	t.is(verdict.reasonCode, undefined);
});

test('plain HTTP, skipped verification, HTTP etcd, an old TLS floor and an open read-only port fail; a certificate about to expire warns', async t => {
	const http = await probe(apiTls, {
		target: {server: 'http://fixture.example:8080', cluster: {skipTLSVerify: true}},
		objects: [apiserver(['--etcd-servers=http://127.0.0.1:2379', '--tls-min-version=VersionTLS10', '--insecure-port=8080']), node('a')],
		answers: configz('a', {...closedKubelet, readOnlyPort: 10255}),
	});
	t.is(http.status, 'fail');
	t.deepEqual(codes(http), ['api-tls.ev.http', 'api-tls.ev.skipVerify', 'api-tls.ev.oldTls', 'api-tls.ev.noKubeletCa', 'api-tls.ev.etcdHttp', 'api-tls.ev.insecurePort', 'kubelet.ev.readOnlyPort']);
	const expiring = await probe(apiTls, {target: {cluster: {}}, objects: [apiserver(goodFlags)], certificate: certificate(300, 10)});
	t.is(expiring.status, 'warn');
	t.deepEqual(codes(expiring), ['api-tls.ev.noCa', 'certificate.ev.certificate']);
	t.deepEqual(expiring.evidence[1]?.parts?.map(part => part.code), ['certificate.ev.certificate', 'certificate.ev.expiring']);
});

test('unknown when the handshake fails, the API server\'s flags are out of sight and no kubelet answers', async t => {
	const verdict = await probe(apiTls, {
		objects: [node('a')],
		forbidden: ['Pod@kube-system'],
		answers: {'GET /api/v1/nodes/a/proxy/configz': {error: 'forbidden'}},
		certificate: new Error('socket hang up'),
	});
	t.is(verdict.status, 'unknown');
	t.deepEqual(codes(verdict), []);
	t.deepEqual(verdict.reasonParts?.map(part => part.code), ['certificate.reason.handshake', 'controlPlane.hidden.error', 'controlPlane.advice.none', 'api-tls.reason.kubelets']);
});
