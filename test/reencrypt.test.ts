// reencrypt over every resource type the encryption configuration covers, against a real API
// server and the etcd behind it: objects stored before encryption was on (Secrets, ConfigMaps,
// custom resources) are stored through the configured provider after the rewrite, as etcd's own
// stored prefix shows; --resources limits the run; an interrupted run resumes; a type the
// configuration does not cover is left exactly as stored; no Secret value is ever printed.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {encryptionConfig} from '../source/engine/files.js';
import {progressPath} from '../source/engine/reencrypt.js';
import type {KubeClient} from '../source/kube/client.js';
import {killApiserver, restartApiserver} from '../source/testing/cluster.js';
import {cli, hasStackTrace, privateCluster, tempDir, type PrivateCluster} from './helpers/cluster.js';
import {create} from './helpers/checks.js';

let cluster: PrivateCluster;
let admin: KubeClient;

test.before(async () => {
	cluster = await privateCluster();
	admin = await cluster.client();
});

test.after.always(async () => {
	admin?.close();
	await cluster?.stop();
});

/** The value etcd holds under a key, read through etcd's own JSON gateway. */
async function stored(key: string): Promise<string> {
	const response = await fetch(`${cluster.info.etcdUrl}/v3/kv/range`, {method: 'POST', body: JSON.stringify({key: Buffer.from(key).toString('base64')})});
	const body = await response.json() as {kvs?: Array<{value: string}>};
	return Buffer.from(body.kvs?.[0]?.value ?? '', 'base64').toString('latin1');
}

const crd = (plural: string, kind: string) => ({
	apiVersion: 'apiextensions.k8s.io/v1',
	kind: 'CustomResourceDefinition',
	metadata: {name: `${plural}.example.com`},
	spec: {group: 'example.com', scope: 'Namespaced', names: {plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List`}, versions: [{name: 'v1', served: true, storage: true, schema: {openAPIV3Schema: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}}}]},
});

async function until(what: string, condition: () => Promise<boolean>, ms = 30_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!(await condition())) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await new Promise(resolve => setTimeout(resolve, 250));
	}
}

test('Secrets, ConfigMaps and custom resources stored before encryption are rewritten through it; --resources limits the run; resumable; uncovered types untouched', async t => {
	const dir = tempDir();
	const state = {HARDEN_STATE: path.join(dir, 'state')};
	const kubeconfig = cluster.info.kubeconfigs.admin;
	const ns = 'vault';
	const names = ['a', 'b', 'c', 'd'];
	await create(admin, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}});
	for (const definition of [crd('widgets', 'Widget'), crd('gadgets', 'Gadget')]) {
		await admin.request({method: 'POST', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body: definition});
	}
	await until('the custom resources to be served', async () => {
		try {
			await admin.request({path: `/apis/example.com/v1/namespaces/${ns}/gadgets`});
			await admin.request({path: `/apis/example.com/v1/namespaces/${ns}/widgets`});
			return true;
		} catch {
			return false;
		}
	});
	await create(admin,
		...names.map(name => ({apiVersion: 'v1', kind: 'Secret', metadata: {name, namespace: ns}, stringData: {password: `secret-value-${name}`}})),
		...names.map(name => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: ns}, data: {setting: `plain-config-${name}`}})),
	);
	for (const name of names) {
		await admin.request({method: 'POST', path: `/apis/example.com/v1/namespaces/${ns}/widgets`, body: {apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name}, spec: {note: `plain-widget-${name}`}}});
	}
	await admin.request({method: 'POST', path: `/apis/example.com/v1/namespaces/${ns}/gadgets`, body: {apiVersion: 'example.com/v1', kind: 'Gadget', metadata: {name: 'g'}, spec: {note: 'plain-gadget'}}});
	t.true((await stored(`/registry/configmaps/${ns}/a`)).includes('plain-config-a'), 'stored as written');
	t.true((await stored(`/registry/example.com/widgets/${ns}/a`)).includes('plain-widget-a'), 'stored as written');

	// The operator switches encryption on for Secrets, ConfigMaps and widgets (not gadgets), and restarts the API server.
	const config = path.join(dir, 'encryption-config.yaml');
	fs.writeFileSync(config, encryptionConfig(['widgets.example.com']), {mode: 0o600});
	await killApiserver(cluster.info);
	cluster.info.apiserver.args.push(`--encryption-provider-config=${config}`);
	await restartApiserver(cluster.info);

	const bad = await cli(['reencrypt', '--kubeconfig', kubeconfig, '--resources', 'nosuchthings.example.com'], state);
	t.is(bad.code, 2, bad.stdout + bad.stderr);
	t.regex(bad.stderr, /--resources nosuchthings\.example\.com: the API server serves no resource of that name/);
	t.false(hasStackTrace(bad.stderr));

	// The preview, with the default (assumed) types: it says what it assumed and counts each.
	const preview = await cli(['reencrypt', '--kubeconfig', kubeconfig], state);
	t.is(preview.code, 0, preview.stdout + preview.stderr);
	t.regex(preview.stdout, /Resource types to rewrite: secrets, configmaps, (gadgets\.example\.com, widgets\.example\.com|widgets\.example\.com, gadgets\.example\.com)\. Assumed, since the API cannot show which types/);
	t.regex(preview.stdout, /objects will be written back unchanged \(secrets \d+, configmaps \d+, .*widgets\.example\.com 4/);
	t.regex(preview.stdout, /Nothing was changed\. Run the same command with --yes/);
	t.true((await stored(`/registry/configmaps/${ns}/a`)).includes('plain-config-a'), 'the preview wrote nothing');

	// An interrupted run had done ConfigMap a (by uid); this run names ConfigMaps and widgets only.
	const {body: cm} = await admin.request<{metadata: {uid: string}}>({path: `/api/v1/namespaces/${ns}/configmaps/a`});
	const progress = progressPath(admin.server, path.join(state.HARDEN_STATE, 'journal'));
	fs.mkdirSync(path.dirname(progress), {recursive: true});
	fs.writeFileSync(progress, JSON.stringify({server: admin.server, startedAt: new Date().toISOString(), done: [cm.metadata.uid]}));
	const limited = await cli(['reencrypt', '--yes', '--kubeconfig', kubeconfig, '--resources', 'configmaps,widgets.example.com'], state);
	t.is(limited.code, 0, limited.stdout + limited.stderr);
	t.regex(limited.stdout, /Resource types to rewrite, as --resources names them: configmaps, widgets\.example\.com\./);
	t.regex(limited.stdout, /Done: \d+ objects are stored through the configured providers \(this run: configmaps \d+, widgets\.example\.com 4; 1 in an earlier run/);
	for (const name of names.slice(1)) {
		t.regex(await stored(`/registry/configmaps/${ns}/${name}`), /^k8s:enc:secretbox:v1:key-\d{8}:/, `ConfigMap ${name} is encrypted now`);
	}
	for (const name of names) {
		t.regex(await stored(`/registry/example.com/widgets/${ns}/${name}`), /^k8s:enc:secretbox:v1:key-\d{8}:/, `Widget ${name} is encrypted now`);
	}
	t.true((await stored(`/registry/configmaps/${ns}/a`)).includes('plain-config-a'), 'the ConfigMap recorded as done in the interrupted run was skipped');
	t.true((await stored(`/registry/secrets/${ns}/a`)).includes('secret-value-a'), 'Secrets were not named, so not rewritten');
	t.false(fs.existsSync(progress), 'a finished run leaves no progress file');

	// The default run: /metrics now shows ConfigMaps and widgets stored encrypted; Secrets are rewritten too.
	const gadgetBefore = (await admin.request<{metadata: {resourceVersion: string}}>({path: `/apis/example.com/v1/namespaces/${ns}/gadgets/g`})).body.metadata.resourceVersion;
	const all = await cli(['reencrypt', '--yes', '--kubeconfig', kubeconfig], state);
	t.is(all.code, 0, all.stdout + all.stderr);
	t.regex(all.stdout, /whatever \/metrics shows stored through an encrypting provider since the API server started: .*configmaps \(k8s:enc:secretbox:v1\).*widgets\.example\.com/);
	for (const name of names) {
		t.regex(await stored(`/registry/secrets/${ns}/${name}`), /^k8s:enc:secretbox:v1:/, `Secret ${name} is encrypted now`);
	}
	t.regex(await stored(`/registry/configmaps/${ns}/a`), /^k8s:enc:secretbox:v1:/, 'and the ConfigMap skipped before');
	t.true((await stored(`/registry/example.com/gadgets/${ns}/g`)).includes('plain-gadget'), 'a type the configuration does not cover stays as stored');
	t.is((await admin.request<{metadata: {resourceVersion: string}}>({path: `/apis/example.com/v1/namespaces/${ns}/gadgets/g`})).body.metadata.resourceVersion, gadgetBefore, 'and was not written at all (the API server skipped a write that changed nothing)');
	t.is((await admin.request<{data: Record<string, string>}>({path: `/api/v1/namespaces/${ns}/secrets/b`})).body.data['password'], Buffer.from('secret-value-b').toString('base64'), 'contents unchanged');
	t.is((await admin.request<{data: Record<string, string>}>({path: `/api/v1/namespaces/${ns}/configmaps/b`})).body.data['setting'], 'plain-config-b');
	for (const output of [bad, preview, limited, all]) {
		t.false(/secret-value-/.test(output.stdout + output.stderr), 'no Secret value is printed');
	}
});
