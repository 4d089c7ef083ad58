// The release as an operator gets it: the release build makes the five self-contained
// executables and their archives and writes the krew manifest; krew's own validator accepts it;
// a real krew (built from Go modules) installs the linux/amd64 archive into a throwaway
// KREW_ROOT, kubectl dispatches `kubectl harden` to the installed binary, which reports on the
// real test cluster with no Node on its PATH (and runs the walk in a real terminal), and krew
// uninstalls it.
import {execFile} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {parse} from 'yaml';
import {checks} from '../source/checks/index.js';
import {packageRoot} from '../source/paths.js';
import {version} from '../source/version.js';
import {tempDir, testCluster} from './helpers/cluster.js';

const run = promisify(execFile);

interface Platform {
	selector: {matchLabels: {os: string; arch: string}};
	uri: string;
	sha256: string;
	bin: string;
	files: Array<{from: string; to: string}>;
}

interface Manifest {
	apiVersion: string;
	kind: string;
	metadata: {name: string};
	spec: {version: string; shortDescription: string; description: string; caveats: string; platforms: Platform[]};
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('release build, krew validation, a real krew install, kubectl harden through plugin dispatch, uninstall', async t => {
	const out = tempDir();
	const manifestOut = path.join(out, 'krew-manifest.yaml');
	// The release build (about a minute and a half; the Bun runtimes are cached after the first).
	const build = await run('bash', [path.join(packageRoot, 'scripts', 'release.sh'), packageRoot, out], {env: {...process.env, MANIFEST_OUT: manifestOut, RELEASE_SKIP_BUILD: '1'}, maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000});
	t.regex(build.stderr, /linux\/amd64 +kubectl-harden_v[\d.]+_linux_amd64\.tar\.gz/);
	const manifest = parse(fs.readFileSync(manifestOut, 'utf8')) as Manifest;
	t.is(manifest.metadata.name, 'harden');
	t.is(manifest.spec.version, `v${version}`);
	t.deepEqual(manifest.spec.platforms.map(platform => `${platform.selector.matchLabels.os}/${platform.selector.matchLabels.arch}`), ['linux/amd64', 'linux/arm64', 'darwin/amd64', 'darwin/arm64', 'windows/amd64']);
	for (const platform of manifest.spec.platforms) {
		const archive = path.join(out, path.basename(platform.uri));
		t.is(platform.sha256, sha256(archive), `${archive}: the manifest carries the archive's real hash`);
		t.deepEqual(platform.files.map(file => file.from), [platform.bin, 'LICENSE']);
		const listing = archive.endsWith('.zip')
			? (await run('unzip', ['-Z1', archive])).stdout
			: (await run('tar', ['-tzf', archive])).stdout;
		t.deepEqual(listing.trim().split('\n').sort(), [platform.bin, 'LICENSE'].sort(), `${archive} holds the executable and the LICENSE`);
	}
	t.regex(manifest.spec.description, /Permissions:/);
	t.regex(manifest.spec.caveats, /only when you press its key/);

	// krew's own validator wants the file named after the plugin.
	const krewDir = (await run('bash', [path.join(packageRoot, 'scripts', 'build-krew.sh')], {timeout: 15 * 60_000})).stdout.trim();
	const named = path.join(tempDir(), 'harden.yaml');
	fs.copyFileSync(manifestOut, named);
	const validated = await run(path.join(krewDir, 'validate-krew-manifest'), ['-manifest', named, '-skip-install']);
	t.regex(validated.stderr, /structural validation OK/);
	t.regex(validated.stderr, /no overlapping spec\.platform\[\]\.selector/);
	// The checked-in manifest is what the last release build wrote: it validates too.
	fs.copyFileSync(path.join(packageRoot, 'krew-manifest.yaml'), named);
	await t.notThrowsAsync(run(path.join(krewDir, 'validate-krew-manifest'), ['-manifest', named, '-skip-install']));

	// A real krew install, into a KREW_ROOT of this test's own, with no Node on PATH.
	const krewRoot = tempDir();
	const tools = tempDir();
	fs.symlinkSync(path.join(krewDir, 'krew'), path.join(tools, 'kubectl-krew'));
	const kubectl = (await run('sh', ['-c', 'command -v kubectl'])).stdout.trim();
	fs.symlinkSync(kubectl, path.join(tools, 'kubectl'));
	// Only krew's bin directory and these two: no node (nor anything else) for the plugin to lean on.
	const env = {PATH: `${path.join(krewRoot, 'bin')}:${tools}`, HOME: tempDir(), KREW_ROOT: krewRoot, KREW_NO_UPGRADE_CHECK: '1'};
	const archive = path.join(out, `kubectl-harden_v${version}_linux_amd64.tar.gz`);
	const installed = await run('kubectl', ['krew', 'install', `--manifest=${manifestOut}`, `--archive=${archive}`], {env, timeout: 120_000});
	t.regex(installed.stdout + installed.stderr, /Installed plugin: harden/);
	t.true(fs.existsSync(path.join(krewRoot, 'store', 'harden', `v${version}`, 'LICENSE')));

	const info = await testCluster();
	const report = await run('kubectl', ['harden', '--kubeconfig', info.kubeconfigs.admin, '--report', 'json'], {env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000});
	const parsed = JSON.parse(report.stdout) as {identity: {username: string}; checks: Array<{id: string}>};
	t.is(parsed.identity.username, 'harden-admin');
	t.is(parsed.checks.length, checks.length);
	// The walk (Ink) from the installed executable, in a real terminal: first screen, a section, quit.
	const socket = `krew-${process.pid}`;
	const tmux = async (...args: string[]) => (await run('tmux', ['-L', socket, ...args])).stdout;
	t.teardown(() => tmux('kill-server').catch(() => {}));
	// Its request log names the thread of each request: the probes run in the executable's worker.
	const trace = path.join(tempDir(), 'trace.txt');
	await tmux('new-session', '-d', '-s', 'walk', '-x', '100', '-y', '30', `env HARDEN_TRACE=${trace} ${path.join(krewRoot, 'bin', 'kubectl-harden')} --kubeconfig ${info.kubeconfigs.admin}; echo "exit $?"; sleep 30`);
	const until = async (pattern: RegExp) => {
		const deadline = Date.now() + 60_000;
		let frame = '';
		while (Date.now() < deadline) {
			frame = await tmux('capture-pane', '-p', '-t', 'walk');
			if (pattern.test(frame)) {
				return frame;
			}
			await new Promise(resolve => setTimeout(resolve, 100));
		}
		throw new Error(`timed out waiting for ${pattern}; last screen:\n${frame}`);
	};
	t.regex(await until(new RegExp(`All ${checks.length} checks probed`)), /You are harden-admin/);
	const requests = fs.readFileSync(trace, 'utf8').trim().split('\n');
	t.deepEqual(requests.filter(line => line.endsWith(' thread=0') && /[?&]limit=/.test(line)), [], 'no list read by the main thread');
	t.true(requests.filter(line => !line.endsWith(' thread=0') && /[?&]limit=/.test(line)).length >= 10, 'the lists were read by the probe worker');
	await tmux('send-keys', '-t', 'walk', 'j', 'j', 'Enter');
	await until(/3\.1 /);
	await tmux('send-keys', '-t', 'walk', 'q');
	await until(/^exit 0$/m);
	const help = await run('kubectl', ['harden', '--help'], {env});
	t.regex(help.stdout, /^Usage:\n {2}kubectl harden \[flags\]/m);

	// krew refuses to uninstall without a local index; an empty git repository stands in for it.
	await run('git', ['init', '-q', path.join(krewRoot, 'index', 'default')]);
	const removed = await run('kubectl', ['krew', 'uninstall', 'harden'], {env});
	t.regex(removed.stdout + removed.stderr, /Uninstalled plugin: harden/);
	t.false(fs.existsSync(path.join(krewRoot, 'bin', 'kubectl-harden')));
	await t.throwsAsync(run('kubectl', ['harden', '--help'], {env}), undefined, 'kubectl no longer finds the plugin');
});
