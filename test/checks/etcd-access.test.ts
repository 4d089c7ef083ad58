import test from 'ava';
import {etcdAccess} from '../../source/checks/etcd-access.js';
import {apiserver, codes, etcd, probe} from '../helpers/fixtures.js';

const apiserverGood = ['--etcd-servers=https://127.0.0.1:2379', '--etcd-cafile=/pki/etcd/ca.crt', '--etcd-certfile=/pki/apiserver-etcd-client.crt', '--etcd-keyfile=/pki/apiserver-etcd-client.key'];
const etcdGood = ['--client-cert-auth=true', '--peer-client-cert-auth=true', '--listen-client-urls=https://127.0.0.1:2379'];

test('TLS with client certificates on both sides passes', async t => {
	const verdict = await probe(etcdAccess, {objects: [apiserver(apiserverGood), etcd(etcdGood)]});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['etcd-access.ev.apiserverGood', 'etcd-access.ev.etcdGood']);
});

test('plain HTTP and missing client certificates fail, each named', async t => {
	const verdict = await probe(etcdAccess, {objects: [apiserver(['--etcd-servers=http://127.0.0.1:2379']), etcd(['--auto-tls=true', '--listen-client-urls=http://0.0.0.0:2379'])]});
	t.is(verdict.status, 'fail');
	t.deepEqual(codes(verdict), ['etcd-access.ev.plain', 'etcd-access.ev.noClientAuth']);
	t.deepEqual(verdict.evidence.map(item => item.parts?.map(part => part.code)), [
		['etcd-access.ev.plain', 'etcd-access.ev.noClientCert'],
		['etcd-access.ev.noClientAuth', 'etcd-access.ev.noPeerAuth', 'etcd-access.ev.autoTls', 'etcd-access.ev.plainListen'],
	]);
});

test('unknown when the API server is out of sight, or etcd runs outside the cluster', async t => {
	const hidden = await probe(etcdAccess, {forbidden: ['Pod@kube-system']});
	t.is(hidden.status, 'unknown');
	t.deepEqual(hidden.reasonParts?.map(part => part.code), ['controlPlane.hidden.error', 'controlPlane.advice.none']);
	const external = await probe(etcdAccess, {objects: [apiserver(apiserverGood)]});
	t.is(external.status, 'unknown');
	t.deepEqual(codes(external), ['etcd-access.ev.apiserverGood']);
	t.is(external.reasonCode, 'etcd-access.reason.external');
});
