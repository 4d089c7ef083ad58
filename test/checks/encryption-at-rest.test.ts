import test from 'ava';
import {encryptionAtRest} from '../../source/checks/encryption-at-rest.js';
import {apiserver, codes, metrics, probe} from '../helpers/fixtures.js';

const configured = apiserver(['--encryption-provider-config=/etc/kubernetes/enc.yaml']);
const loaded = 'apiserver_encryption_config_controller_last_config_info{apiserver_id_hash="x"} 1';
const writes = (prefix: string) => `apiserver_storage_transformation_operations_total{resource="secrets",status="OK",transformation_type="to_storage",transformer_prefix="${prefix}"} 3`;

test('writes through an encrypting provider: a pass, with the machine-readable fact for reencrypt', async t => {
	const verdict = await probe(encryptionAtRest, {objects: [configured], answers: {'GET /metrics': metrics(loaded, writes('k8s:enc:aescbc:v1:key1:'))}});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['encryption-at-rest.ev.flag', 'encryption-at-rest.ev.writes']);
	t.is(verdict.reasonCode, 'encryption-at-rest.reason.encrypting');
	t.deepEqual(verdict.facts, {encryptionLoaded: true});
});

test('no configuration fails; identity only, or Secrets written with no encrypting provider, fails', async t => {
	const none = await probe(encryptionAtRest, {objects: [apiserver([])], answers: {'GET /metrics': metrics('kubernetes_build_info 1')}});
	t.is(none.status, 'fail');
	t.deepEqual(codes(none), ['encryption-at-rest.ev.noFlag', 'encryption-at-rest.ev.noConfig']);
	t.is(none.reasonCode, 'encryption-at-rest.reason.none');
	const identity = await probe(encryptionAtRest, {objects: [configured], answers: {'GET /metrics': metrics(loaded, 'apiserver_request_total{code="201",resource="secrets",verb="POST"} 2')}});
	t.is(identity.status, 'fail');
	t.deepEqual(codes(identity), ['encryption-at-rest.ev.flag', 'encryption-at-rest.ev.secretWrites']);
	t.is(identity.reasonCode, 'encryption-at-rest.reason.identity');
});

test('unknown when /metrics is refused and the flags are hidden, or when nothing was written yet', async t => {
	const refused = await probe(encryptionAtRest, {answers: {'GET /metrics': {error: 'forbidden'}}});
	t.is(refused.status, 'unknown');
	t.is(refused.reasonCode, 'encryption-at-rest.reason.metricsRefused');
	const quiet = await probe(encryptionAtRest, {objects: [configured], answers: {'GET /metrics': metrics(loaded)}});
	t.is(quiet.status, 'unknown');
	t.is(quiet.reasonCode, 'encryption-at-rest.reason.noWrites');
});

test('secretbox reports its per-key prefix beneath its own: only the provider is named', async t => {
	const verdict = await probe(encryptionAtRest, {objects: [configured], answers: {'GET /metrics': metrics(loaded, writes('k8s:enc:secretbox:v1:'), writes('key-20261129:'))}});
	t.is(verdict.status, 'pass');
	t.deepEqual(verdict.evidence.find(item => item.code === 'encryption-at-rest.ev.writes')?.params, {providers: 'secretbox'});
});
