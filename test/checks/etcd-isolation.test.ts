import test from 'ava';
import {etcdIsolation} from '../../source/checks/etcd-isolation.js';
import {apiserver, codes, etcd, pod, probe} from '../helpers/fixtures.js';

test('only etcd and the API server hold etcd\'s endpoints and files: unknown (etcd\'s own users and firewall are out of sight), never a pass', async t => {
	const verdict = await probe(etcdIsolation, {objects: [
		apiserver(['--etcd-servers=https://127.0.0.1:2379', '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt']),
		etcd(['--listen-client-urls=https://127.0.0.1:2379']),
		pod('web', 'app', {containers: [{name: 'c', image: 'app', env: [{name: 'DB', value: 'postgres://db:5432'}]}]}),
	]});
	t.is(verdict.status, 'unknown');
	t.deepEqual(codes(verdict), []);
	t.is(verdict.reasonCode, 'etcd-isolation.reason.unseen');
});

test('a pod that mounts etcd\'s certificates or is given etcd endpoints is named: a warning', async t => {
	const verdict = await probe(etcdIsolation, {objects: [
		pod('kube-system', 'calico-node-x', {containers: [{name: 'calico-node', image: 'calico', env: [{name: 'ETCD_ENDPOINTS', value: 'https://10.0.0.10:2379'}]}]}),
		pod('backup', 'etcd-backup', {volumes: [{name: 'pki', hostPath: {path: '/etc/kubernetes/pki/etcd'}}]}),
		pod('mon', 'exporter', {containers: [{name: 'exporter', image: 'x', args: ['--etcd-endpoints=https://10.0.0.10:2379']}]}),
	]});
	t.is(verdict.status, 'warn');
	t.is(verdict.reasonCode, 'etcd-isolation.reason.found');
	t.deepEqual(verdict.evidence.map(item => [item.name, item.code]), [
		['calico-node-x', 'etcd-isolation.ev.endpoints'],
		['etcd-backup', 'etcd-isolation.ev.certs'],
		['exporter', 'etcd-isolation.ev.endpoints'],
	]);
});

test('unknown with the API error when pods may not be listed', async t => {
	const verdict = await probe(etcdIsolation, {forbidden: ['Pod']});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});
