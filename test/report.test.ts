// The command against the real API server: identity, version, impersonation, kubeconfig
// selection and the errors an operator can act on.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import test from 'ava';
import {stringify as toYaml, parse as parseYaml} from 'yaml';
import {cli, hasStackTrace, tempDir, testCluster} from './helpers/cluster.js';
import {reportErrors} from './helpers/report-schema.js';

function report(stdout: string) {
	return JSON.parse(stdout) as {
		cluster: {server: string; version: string; context: string | null};
		identity: {username: string; groups: string[]; systemMasters: boolean; impersonated: boolean};
	};
}

test('the admin identity and the server version land in the report', async t => {
	const info = await testCluster();
	const result = await cli(['--kubeconfig', info.kubeconfigs.admin, '--report', 'json'], {HARDEN_STATE: tempDir()});
	t.is(result.code, 0, result.stderr);
	t.deepEqual(reportErrors(JSON.parse(result.stdout)), [], 'the report matches its schema (test/schemas/report.schema.json)');
	const parsed = report(result.stdout);
	t.is(parsed.cluster.server, info.server);
	t.is(parsed.cluster.version, info.version);
	t.regex(parsed.cluster.version, /^v1\.\d+\.\d+$/);
	t.is(parsed.cluster.context, 'harden-admin@harden-test');
	t.is(parsed.identity.username, 'harden-admin');
	t.true(parsed.identity.groups.includes('system:masters'));
	t.true(parsed.identity.systemMasters);
	t.false(parsed.identity.impersonated);
});

test('an RBAC cluster-admin is not reported as system:masters', async t => {
	const info = await testCluster();
	const result = await cli(['--kubeconfig', info.kubeconfigs.clusterAdmin, '--report', 'json']);
	t.is(result.code, 0, result.stderr);
	const parsed = report(result.stdout);
	t.is(parsed.identity.username, 'harden-cluster-admin');
	t.false(parsed.identity.systemMasters);
	t.true(parsed.identity.groups.includes('system:authenticated'));
});

test('--as and --as-group change the identity the server sees', async t => {
	const info = await testCluster();
	const result = await cli(['--kubeconfig', info.kubeconfigs.admin, '--as', 'alice', '--as-group', 'developers', '--as-group', 'oncall', '--report', 'json']);
	t.is(result.code, 0, result.stderr);
	const parsed = report(result.stdout);
	t.is(parsed.identity.username, 'alice');
	t.true(parsed.identity.groups.includes('developers'));
	t.true(parsed.identity.groups.includes('oncall'));
	t.false(parsed.identity.systemMasters);
	t.true(parsed.identity.impersonated);
});

test('the limited user is told clearly what was forbidden', async t => {
	const info = await testCluster();
	const result = await cli(['--kubeconfig', info.kubeconfigs.limited, '--as', 'alice', '--report', 'json']);
	t.is(result.code, 1);
	t.is(result.stdout, '');
	t.regex(result.stderr, /^kubectl harden: forbidden: you may not act as "alice" \(--as, --as-group\)\. The API server said: /);
	t.regex(result.stderr, /User "harden-limited" cannot impersonate/);
	t.false(hasStackTrace(result.stderr));
});

function kubeconfigWith(dir: string, name: string, config: Record<string, unknown>): string {
	const file = path.join(dir, name);
	fs.writeFileSync(file, toYaml(config));
	return file;
}

test('KUBECONFIG merges like kubectl and --context picks the context; --kubeconfig wins', async t => {
	const info = await testCluster();
	const admin = parseYaml(fs.readFileSync(info.kubeconfigs.admin, 'utf8')) as any;
	const dir = tempDir();
	// The first file sets current-context to a cluster nobody listens on, and defines "shared"
	// as that dead address; the second defines "shared" as the real server (the first wins).
	const first = kubeconfigWith(dir, 'first', {
		apiVersion: 'v1', kind: 'Config',
		clusters: [{name: 'shared', cluster: {server: 'https://127.0.0.1:1', 'certificate-authority-data': admin.clusters[0].cluster['certificate-authority-data']}}],
		contexts: [{name: 'dead', context: {cluster: 'shared', user: 'harden-admin'}}],
		'current-context': 'dead',
	});
	const second = kubeconfigWith(dir, 'second', {
		apiVersion: 'v1', kind: 'Config',
		clusters: [{name: 'real', cluster: admin.clusters[0].cluster}, {name: 'shared', cluster: admin.clusters[0].cluster}],
		users: admin.users,
		contexts: [{name: 'live', context: {cluster: 'real', user: 'harden-admin', namespace: 'kube-system'}}, {name: 'via-shared', context: {cluster: 'shared', user: 'harden-admin'}}],
		'current-context': 'live',
	});
	const KUBECONFIG = [first, path.join(dir, 'missing-is-skipped'), second].join(path.delimiter);

	const current = await cli(['--report', 'json'], {KUBECONFIG});
	t.is(current.code, 1, 'the first file\'s current-context (dead) is used');
	t.regex(current.stderr, /cannot reach the API server at https:\/\/127\.0\.0\.1:1/);

	const live = await cli(['--context', 'live', '--report', 'json'], {KUBECONFIG});
	t.is(live.code, 0, live.stderr);
	t.is(report(live.stdout).cluster.context, 'live');
	t.is(report(live.stdout).cluster.server, info.server);

	const shared = await cli(['--context', 'via-shared', '--report', 'json'], {KUBECONFIG});
	t.is(shared.code, 1, 'the first file to define "shared" wins');
	t.regex(shared.stderr, /127\.0\.0\.1:1/);

	const overridden = await cli(['--context', 'via-shared', '--cluster', 'real', '--report', 'json'], {KUBECONFIG});
	t.is(overridden.code, 0, overridden.stderr);

	const explicit = await cli(['--kubeconfig', info.kubeconfigs.admin, '--report', 'json'], {KUBECONFIG});
	t.is(explicit.code, 0, explicit.stderr);
	t.is(report(explicit.stdout).cluster.context, 'harden-admin@harden-test');

	const unknown = await cli(['--context', 'nope', '--report', 'json'], {KUBECONFIG});
	t.is(unknown.code, 1);
	t.is(unknown.stderr.trim(), 'kubectl harden: the context "nope" is not in the kubeconfig (contexts there: dead, live, via-shared).');
});

test('an unreachable server is a clear error with a non-zero exit', async t => {
	const info = await testCluster();
	const dir = tempDir();
	const config = parseYaml(fs.readFileSync(info.kubeconfigs.admin, 'utf8')) as any;
	config.clusters[0].cluster.server = 'https://127.0.0.1:1';
	const file = kubeconfigWith(dir, 'dead', config);
	const result = await cli(['--kubeconfig', file, '--report', 'json']);
	t.is(result.code, 1);
	t.regex(result.stderr, /^kubectl harden: cannot reach the API server at https:\/\/127\.0\.0\.1:1: ECONNREFUSED/);
	t.false(hasStackTrace(result.stderr));
});

test('a server that never answers hits --request-timeout', async t => {
	// No real API server can be made to hang on demand: this listener accepts the connection
	// and then says nothing, which is what a wedged server or a black-holed route looks like.
	const silent = net.createServer(() => {});
	await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
	const {port} = silent.address() as net.AddressInfo;
	const info = await testCluster();
	const config = parseYaml(fs.readFileSync(info.kubeconfigs.admin, 'utf8')) as any;
	config.clusters[0].cluster.server = `https://127.0.0.1:${port}`;
	const file = kubeconfigWith(tempDir(), 'silent', config);
	const started = Date.now();
	const result = await cli(['--kubeconfig', file, '--request-timeout', '1s', '--report', 'json']);
	const elapsed = Date.now() - started;
	silent.close();
	t.is(result.code, 1);
	t.regex(result.stderr, new RegExp(`did not answer .* within 1s \\(--request-timeout\\)`));
	// Well short of the 30s default, even on a loaded machine: the 1s limit is what fired.
	t.true(elapsed < 25_000, `took ${elapsed}ms`);
});

test('a server whose certificate the kubeconfig does not trust fails TLS verification', async t => {
	const info = await testCluster();
	const config = parseYaml(fs.readFileSync(info.kubeconfigs.admin, 'utf8')) as any;
	// Trust only a leaf certificate (the client's), not the CA that signed the server's.
	config.clusters[0].cluster['certificate-authority-data'] = config.users[0].user['client-certificate-data'];
	const file = kubeconfigWith(tempDir(), 'wrong-ca', config);
	const result = await cli(['--kubeconfig', file, '--report', 'json']);
	t.is(result.code, 1);
	t.regex(result.stderr, /the TLS connection to https:\/\/127\.0\.0\.1:\d+ failed verification/);
});

test('credentials the server does not accept give 401 in words', async t => {
	const info = await testCluster();
	const config = parseYaml(fs.readFileSync(info.kubeconfigs.admin, 'utf8')) as any;
	config.users[0].user = {token: 'not-a-real-token'};
	const file = kubeconfigWith(tempDir(), 'bad-token', config);
	const result = await cli(['--kubeconfig', file, '--report', 'json']);
	t.is(result.code, 1);
	t.regex(result.stderr, /did not accept your credentials \(401 Unauthorized\)/);
});

test('bad kubeconfig input: not YAML, no current context, missing file', async t => {
	const dir = tempDir();
	const notYaml = path.join(dir, 'not-yaml');
	fs.writeFileSync(notYaml, 'clusters: [unclosed\n  - {');
	const bad = await cli(['--kubeconfig', notYaml, '--report', 'json']);
	t.is(bad.code, 1);
	t.regex(bad.stderr, /^kubectl harden: the kubeconfig file .*not-yaml is not valid YAML: /);
	t.false(hasStackTrace(bad.stderr));

	const noContext = kubeconfigWith(dir, 'no-context', {apiVersion: 'v1', kind: 'Config', clusters: [{name: 'c', cluster: {server: 'https://127.0.0.1:1'}}], users: [{name: 'u', user: {}}], contexts: [{name: 'only', context: {cluster: 'c', user: 'u'}}]});
	const none = await cli(['--kubeconfig', noContext, '--report', 'json']);
	t.is(none.code, 1);
	t.is(none.stderr.trim(), 'kubectl harden: the kubeconfig has no current context: pass --context (contexts there: only).');

	const missing = await cli(['--kubeconfig', path.join(dir, 'absent'), '--report', 'json']);
	t.is(missing.code, 1);
	t.regex(missing.stderr, /^kubectl harden: the kubeconfig file .*absent does not exist or cannot be read \(ENOENT\)\./);

	const list = kubeconfigWith(dir, 'a-list', ['not', 'a', 'config'] as unknown as Record<string, unknown>);
	const notConfig = await cli(['--kubeconfig', list, '--report', 'json']);
	t.is(notConfig.code, 1);
	t.regex(notConfig.stderr, /is not a kubeconfig/);

	const nothing = await cli(['--report', 'json'], {HOME: dir});
	t.is(nothing.code, 1);
	t.regex(nothing.stderr, /no kubeconfig found/);
});

test('without a terminal and without --report it says what to do and exits non-zero', async t => {
	const info = await testCluster();
	const result = await cli(['--kubeconfig', info.kubeconfigs.admin]);
	t.is(result.code, 2);
	t.is(result.stdout, '');
	t.regex(result.stderr, /needs a terminal.*Use --report json/);
});

test('bad flags are refused in kubectl harden\'s own words', async t => {
	const unknown = await cli(['--kubecofnig', 'x']);
	t.is(unknown.code, 2);
	t.is(unknown.stderr.trim(), 'kubectl harden: unknown flag --kubecofnig. See kubectl harden --help.');
	const timeout = await cli(['--request-timeout', 'soon', '--report', 'json']);
	t.is(timeout.code, 2);
	t.regex(timeout.stderr, /--request-timeout takes a duration/);
	const format = await cli(['--report', 'yaml']);
	t.is(format.code, 2);
	t.regex(format.stderr, /--report takes "json"/);
});
