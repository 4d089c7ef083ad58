// The manual halves of sections 4.2 and 4.6, for real: the audit policy the tool writes is
// given to a real API server, which then records events as the policy says; the encryption
// configuration it writes is loaded by a real API server, and `reencrypt` rewrites Secrets
// stored before encryption was on, as etcd itself shows.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {auditLogging} from '../source/checks/audit-logging.js';
import {encryptionAtRest} from '../source/checks/encryption-at-rest.js';
import {auditPolicy, localFileById, writeLocalFile} from '../source/engine/files.js';
import {progressPath} from '../source/engine/reencrypt.js';
import {cli, hasStackTrace, privateCluster, tempDir} from './helpers/cluster.js';
import {create, probe} from './helpers/checks.js';

const auditFile = localFileById('audit-policy')!;

test('write: refuses a missing directory and an existing file, and writes nothing half', t => {
	const dir = tempDir();
	t.throws(() => writeLocalFile(auditFile, path.join(dir, 'nope', 'audit.yaml'), 'x'), {message: /directory .*nope does not exist; nothing was written/});
	const target = path.join(dir, 'audit.yaml');
	fs.writeFileSync(target, 'mine');
	t.throws(() => writeLocalFile(auditFile, target, 'x'), {message: /already exists; nothing was written/});
	t.is(fs.readFileSync(target, 'utf8'), 'mine');
	writeLocalFile(auditFile, target, 'new', true);
	t.is(fs.readFileSync(target, 'utf8'), 'new');
	t.deepEqual(fs.readdirSync(dir), ['audit.yaml'], 'no temporary file is left behind');
});

test('the written audit policy, given to a real API server: Secret events carry no contents, namespace creations carry their body, and audit-logging passes', async t => {
	const dir = tempDir();
	const policy = path.join(dir, 'audit-policy.yaml');
	const written = await cli(['write', 'audit-policy', policy]);
	t.is(written.code, 0, written.stderr);
	t.regex(written.stdout, /Wrote the audit policy to .*audit-policy\.yaml/);
	t.is(fs.readFileSync(policy, 'utf8'), auditPolicy());
	const again = await cli(['write', 'audit-policy', policy]);
	t.is(again.code, 1);
	t.regex(again.stderr, /already exists; nothing was written. Choose another path, or pass --force/);
	t.false(hasStackTrace(again.stderr));

	const log = path.join(dir, 'audit.log');
	const cluster = await privateCluster([`--audit-policy-file=${policy}`, `--audit-log-path=${log}`]);
	t.teardown(cluster.stop);
	const admin = await cluster.client();
	await create(admin,
		{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'audited'}},
		{apiVersion: 'v1', kind: 'Secret', metadata: {name: 'db', namespace: 'audited'}, stringData: {password: 'never-in-the-audit-log'}},
	);
	const verdict = await probe(auditLogging, admin);
	t.is(verdict.status, 'pass', verdict.reason);
	// The log backend writes in batches; give it a moment.
	let events: Array<{level: string; verb: string; objectRef?: {resource?: string; name?: string}; requestObject?: unknown}> = [];
	for (let tries = 0; tries < 50 && !events.some(event => event.objectRef?.resource === 'secrets'); tries++) {
		await new Promise(resolve => setTimeout(resolve, 200));
		events = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map(line => JSON.parse(line)) : [];
	}
	const secret = events.find(event => event.objectRef?.resource === 'secrets' && event.verb === 'create');
	t.is(secret?.level, 'Metadata');
	t.is(secret?.requestObject, undefined);
	t.false(fs.readFileSync(log, 'utf8').includes('never-in-the-audit-log'));
	const namespace = events.find(event => event.objectRef?.resource === 'namespaces' && event.verb === 'create' && event.objectRef.name === 'audited');
	t.is(namespace?.level, 'Request');
	t.truthy(namespace?.requestObject);
	t.false(events.some(event => event.objectRef?.resource === 'leases' && event.verb === 'update'), 'lease heartbeats are not recorded');
	t.true(events.some(event => event.objectRef?.resource === 'leases'), 'other lease traffic is (the check above can fail)');
});

/** The value etcd holds for a Secret, read through etcd's own JSON gateway. */
async function stored(etcdUrl: string, namespace: string, name: string): Promise<string> {
	const key = Buffer.from(`/registry/secrets/${namespace}/${name}`).toString('base64');
	const response = await fetch(`${etcdUrl}/v3/kv/range`, {method: 'POST', body: JSON.stringify({key})});
	const body = await response.json() as {kvs?: Array<{value: string}>};
	return Buffer.from(body.kvs?.[0]?.value ?? '', 'base64').toString('latin1');
}

async function until(what: string, condition: () => Promise<boolean>, ms: number): Promise<void> {
	const deadline = Date.now() + ms;
	while (!(await condition())) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await new Promise(resolve => setTimeout(resolve, 1000));
	}
}

test('the written EncryptionConfiguration, loaded by a real API server; reencrypt rewrites the Secrets stored before, resumably', async t => {
	const dir = tempDir();
	const config = path.join(dir, 'encryption-config.yaml');
	const state = {HARDEN_STATE: path.join(dir, 'state')};
	// No cluster to ask for custom resources: the file says so and covers Secrets and ConfigMaps.
	const written = await cli(['write', 'encryption-config', config, '--kubeconfig', '/nonexistent/kubeconfig'], state);
	t.is(written.code, 0, written.stderr);
	t.regex(written.stdout, /Custom resources could not be listed .*; the file covers Secrets and ConfigMaps only/);
	t.regex(written.stdout, /Wrote a new EncryptionConfiguration with a fresh key to .*encryption-config\.yaml \(mode 0600/);
	t.is(fs.statSync(config).mode & 0o777, 0o600);
	const fresh = fs.readFileSync(config, 'utf8');
	t.regex(fresh, /- secretbox:\n {10}keys:\n {12}- name: key-\d{8}\n {14}secret: [A-Za-z\d+/]{43}=\n {6}- identity: \{\}/);
	const second = await cli(['write', 'encryption-config', path.join(dir, 'other.yaml'), '--kubeconfig', '/nonexistent/kubeconfig'], state);
	t.not(fs.readFileSync(path.join(dir, 'other.yaml'), 'utf8').match(/secret: (\S+)/)?.[1], fresh.match(/secret: (\S+)/)?.[1], 'every file gets its own key');
	t.is(second.code, 0);

	// Before: the API server runs with identity first, as a cluster does before encryption is on.
	const loaded = path.join(dir, 'loaded.yaml');
	const identityFirst = fresh.replace(/ {6}- secretbox:\n(?: {10,}.*\n)+ {6}- identity: \{\}\n/, match => `      - identity: {}\n${match.replace(/ {6}- identity: \{\}\n$/, '')}`);
	t.regex(identityFirst, /providers:\n {6}- identity: \{\}\n {6}- secretbox:/);
	fs.writeFileSync(loaded, identityFirst);
	const cluster = await privateCluster([`--encryption-provider-config=${loaded}`, '--encryption-provider-config-automatic-reload=true']);
	t.teardown(cluster.stop);
	const admin = await cluster.client();
	const names = Array.from({length: 12}, (_, index) => `s${index}`);
	await create(admin, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'vault'}}, ...names.map(name => ({apiVersion: 'v1', kind: 'Secret', metadata: {name, namespace: 'vault'}, stringData: {password: `plain-${name}`}})));
	t.true((await stored(cluster.info.etcdUrl, 'vault', 's0')).includes('plain-s0'), 'stored as written');
	const kubeconfig = cluster.info.kubeconfigs.admin;
	const refused = await cli(['reencrypt', '--yes', '--kubeconfig', kubeconfig], state);
	t.is(refused.code, 1);
	t.regex(refused.stdout, /Encryption at rest is not confirmed to be on \(encryption-at-rest: fail\).*nothing was changed/);

	// The operator puts the written file in place; the API server reloads it (it looks once a minute).
	fs.writeFileSync(loaded, fresh);
	await until('the API server to reload the encryption configuration', async () => {
		const {body} = await admin.request<string>({path: '/metrics', text: true});
		return /apiserver_encryption_config_controller_automatic_reloads_total\{[^}]*status="success"[^}]*\} [1-9]/.test(body);
	}, 150_000);
	await create(admin, {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'after', namespace: 'vault'}, stringData: {password: 'plain-after'}});
	t.regex(await stored(cluster.info.etcdUrl, 'vault', 'after'), /^k8s:enc:secretbox:v1:key-\d{8}:/);
	t.true((await stored(cluster.info.etcdUrl, 'vault', 's0')).includes('plain-s0'), 'what was stored before is still plain');
	const verdict = await probe(encryptionAtRest, admin);
	t.is(verdict.status, 'pass');
	t.regex(verdict.reason ?? '', /encrypted with secretbox/);

	const preview = await cli(['reencrypt', '--kubeconfig', kubeconfig], state);
	t.is(preview.code, 0, preview.stderr);
	t.regex(preview.stdout, /\d+ objects will be written back unchanged \(secrets \d+, configmaps \d+\)/);
	t.regex(preview.stdout, /Nothing was changed. Run the same command with --yes/);
	t.true((await stored(cluster.info.etcdUrl, 'vault', 's0')).includes('plain-s0'), 'the preview wrote nothing');

	// An interrupted run: a state file saying five of them were done (by uid) is resumed.
	const {body: list} = await admin.request<{items: Array<{metadata: {uid: string; name: string}}>}>({path: '/api/v1/namespaces/vault/secrets'});
	const earlier = list.items.filter(item => ['s0', 's1', 's2', 's3', 's4'].includes(item.metadata.name)).map(item => item.metadata.uid);
	const progress = progressPath(admin.server, path.join(state.HARDEN_STATE, 'journal'));
	fs.mkdirSync(path.dirname(progress), {recursive: true});
	fs.writeFileSync(progress, JSON.stringify({server: admin.server, startedAt: new Date().toISOString(), done: earlier}));
	const run = await cli(['reencrypt', '--yes', '--kubeconfig', kubeconfig], state);
	t.is(run.code, 0, run.stdout + run.stderr);
	t.regex(run.stdout, /Done: \d+ objects are stored through the configured providers \(this run: secrets \d+, configmaps \d+; 5 in an earlier run/);
	for (const name of names.slice(5)) {
		t.regex(await stored(cluster.info.etcdUrl, 'vault', name), /^k8s:enc:secretbox:v1:/, `${name} is encrypted now`);
	}
	const plainCount = (await Promise.all(names.slice(0, 5).map(name => stored(cluster.info.etcdUrl, 'vault', name)))).filter(value => value.includes('plain-')).length;
	t.is(plainCount, 5, 'the five recorded as done in the interrupted run were skipped');
	t.false(fs.existsSync(progress), 'a finished run leaves no progress file');
	t.is((await admin.request<{data: Record<string, string>}>({path: '/api/v1/namespaces/vault/secrets/s7'})).body.data['password'], Buffer.from('plain-s7').toString('base64'), 'contents unchanged');
});
