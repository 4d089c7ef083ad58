// The walk's screens and keys with ink-testing-library, over the real engine and the real
// test cluster (scoped to a namespace of each test's own).
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {render} from 'ink-testing-library';
import {checks} from '../source/checks/index.js';
import {networkPolicy} from '../source/checks/network-policy.js';
import type {Check} from '../source/engine/types.js';
import {Journal} from '../source/engine/journal.js';
import {Walk} from '../source/engine/walk.js';
import {App} from '../source/ui/app.js';
import {client, privateCluster, tempDir} from './helpers/cluster.js';
import {encryptionConfig} from '../source/engine/files.js';
import {namespaceWith, pod, read} from './helpers/checks.js';

const tick = (ms = 30) => new Promise(resolve => setTimeout(resolve, ms));

async function until(frame: () => string | undefined, pattern: RegExp, timeoutMs = 45_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const text = frame() ?? '';
		if (pattern.test(text)) {
			return text;
		}
		await tick();
	}
	throw new Error(`timed out waiting for ${pattern}; last frame:\n${frame()}`);
}

async function press(stdin: {write: (data: string) => void}, ...keys: string[]) {
	for (const key of keys) {
		stdin.write(key);
		await tick();
	}
}

const enter = '\r';
const escape = '\u001B';

async function setup(prefix: string, build?: Parameters<typeof namespaceWith>[2], size = {columns: 100, rows: 40}, color = true) {
	const admin = await client();
	const ns = await namespaceWith(admin, prefix, build);
	const journal = new Journal(admin.server, path.join(tempDir(), 'journal.json'));
	const walk = new Walk(admin, checks, ns, journal);
	const reportDir = tempDir();
	const ui = render(<App walk={walk} size={size} color={color} reportDir={reportDir} />);
	void walk.start();
	return {admin, ns, walk, journal, ui, reportDir};
}

test('the start screen shows the cluster, the identity with its system:masters warning, and the sections with progress', async t => {
	const {ui, ns} = await setup('ui-start');
	const frame = await until(ui.lastFrame, new RegExp(`All ${checks.length} checks probed`));
	t.regex(frame, /Cluster https:\/\/127\.0\.0\.1:\d+ \(context harden-admin@harden-test, Kubernetes v1\.\d+\.\d+\)/);
	t.regex(frame, /You are harden-admin \(groups: system:masters\)/);
	t.regex(frame, /WARNING: you are in system:masters/);
	t.regex(frame, new RegExp(`Judging namespace ${ns} only`));
	t.regex(frame, /✘ 3\. Controlling the capabilities of a workload or user at runtime: \d+ fail/);
	t.regex(frame, /[✘!?] 1\. Controlling access to the Kubernetes API: \d+ fail, \d+ warn, \d+ unknown, \d+ pass/);
	t.regex(frame, /↑↓\/jk move · Enter open · l 中文 · \? keys · q quit/);
	ui.unmount();
});

test('navigation: a section lists its checks with marks and words, Enter opens a check, Esc goes back, ? shows the keys', async t => {
	const {ui, ns} = await setup('ui-nav', ns => [pod(ns, 'debug', {hostPID: true, containers: [{name: 'c', image: 'busybox', securityContext: {privileged: true}}]})], {columns: 100, rows: 40}, false);
	await until(ui.lastFrame, new RegExp(`All ${checks.length} checks probed`));
	await press(ui.stdin, 'j', 'j', enter);
	const section = await until(ui.lastFrame, /3\. Controlling the capabilities/);
	t.regex(section, /What a running pod may use and do/);
	t.regex(section, /› [✘!?✔–] (FAIL|warn) +3\.1 Namespaces have a resource quota/);
	t.regex(section, /✘ FAIL +3\.2 Pod Security admission enforces a level in every namespace \(\d+\)/);
	await press(ui.stdin, 'j', 'j', enter);
	const detail = await until(ui.lastFrame, /Verdict: FAIL, severity high/);
	t.regex(detail, /3\.2 Pod Security admission enforces a level/);
	t.regex(detail, new RegExp(`Pod ${ns}/debug: breaks baseline: host namespaces, privileged`));
	await press(ui.stdin, escape);
	await until(ui.lastFrame, /› ✘ FAIL +3\.2/);
	await press(ui.stdin, '?');
	// On the section screen the help lists the keys that act there: no fix keys.
	const help = await until(ui.lastFrame, /Keys/);
	t.regex(help, /n {2}p {10}next \/ previous section/);
	t.notRegex(help, /f {13}apply/);
	await press(ui.stdin, 'x');
	await until(ui.lastFrame, /3\.2 Pod Security/);
	ui.unmount();
});

test('f applies the dry-run-validated fix and shows the re-probe; u undoes it; the cluster follows', async t => {
	const {ui, ns, admin} = await setup('ui-fix');
	await until(ui.lastFrame, new RegExp(`All ${checks.length} checks probed`));
	await press(ui.stdin, 'j', 'j', enter, 'j', 'j', 'j', 'j', enter);
	await until(ui.lastFrame, /3\.4 Every namespace has a default-deny ingress NetworkPolicy/);
	// The preview is planned and dry-run as soon as the check opens; scroll down to it a line at
	// a time (space would tick a manual step on a check that has them).
	for (let line = 0; line < 120 && !/Planned change, validated by a server-side dry-run/.test(ui.lastFrame() ?? ''); line++) {
		await press(ui.stdin, 'j');
	}
	const preview = await until(ui.lastFrame, /Planned change, validated by a server-side dry-run/);
	t.regex(preview, /kind: NetworkPolicy/);
	const policy = {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: ns, name: 'kubectl-harden-default-deny-ingress'};
	t.is(await read(admin, policy), undefined);
	await press(ui.stdin, 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'f');
	t.regex(await until(ui.lastFrame, /Fix applied \(journal entry 1\)\. Probed again: pass\. Press u to undo it\./), /✔ Verdict: pass/);
	t.truthy(await read(admin, policy));
	await press(ui.stdin, 'u');
	await until(ui.lastFrame, /Undone \(journal entry 1\)\. Probed again: fail\./);
	t.is(await read(admin, policy), undefined);
	ui.unmount();
});

test('a accepts the risk with a reason, kept in the journal and shown on the section screen and in the summary report', async t => {
	const {ui, journal, reportDir} = await setup('ui-accept');
	await until(ui.lastFrame, new RegExp(`All ${checks.length} checks probed`));
	await press(ui.stdin, 'j', 'j', enter, 'j', enter, 'a');
	await until(ui.lastFrame, /Why is this risk accepted\?/);
	await press(ui.stdin, ...'batch jobs size themselves');
	await press(ui.stdin, enter);
	await until(ui.lastFrame, /Accepted risk: "batch jobs size themselves"/);
	t.deepEqual(journal.accepted().map(risk => [risk.checkId, risk.reason, risk.user]), [['pod-resources', 'batch jobs size themselves', 'harden-admin']]);
	await press(ui.stdin, escape);
	await until(ui.lastFrame, /3\.1 Pods state their resource requests.*\[risk accepted\]/);
	await press(ui.stdin, 's');
	const summary = await until(ui.lastFrame, /Summary/);
	t.regex(summary, /Accepted risks \(1\):/);
	t.regex(summary, /3 Controlling the capabilities of a workload or user at runtime: before \d+ fail/);
	await press(ui.stdin, 'w');
	await until(ui.lastFrame, /Report written to/);
	const [file] = fs.readdirSync(reportDir);
	const text = fs.readFileSync(path.join(reportDir, file!), 'utf8');
	t.regex(text, /^# kubectl harden report\n/);
	t.regex(text, /## Accepted risks\n\n- `pod-resources`: batch jobs size themselves/);
	ui.unmount();
});

test('a terminal below the minimum size says how large it must be; without colour the marks and words remain', async t => {
	const small = await setup('ui-small', undefined, {columns: 50, rows: 12});
	t.regex(small.ui.lastFrame() ?? '', /needs a terminal of at least 60x16; this one is 50x12/);
	small.ui.unmount();
	const plain = await setup('ui-plain', undefined, {columns: 80, rows: 24}, false);
	const frame = await until(plain.ui.lastFrame, new RegExp(`All ${checks.length} checks probed`));
	t.notRegex(frame, /\u001B\[3\dm/, 'no colour codes');
	t.regex(frame, /✘ 3\. Controlling/);
	plain.ui.unmount();
});

test('q while a fix is being applied stops it before its write and rolls it back, then quits', async t => {
	const {ui, walk, ns, admin} = await setup('ui-quit');
	await until(ui.lastFrame, new RegExp(`All ${checks.length} checks probed`));
	await press(ui.stdin, 'j', 'j', enter, 'j', 'j', 'j', 'j', enter);
	await until(ui.lastFrame, /3\.4 Every namespace/);
	// Wait for the dry-run to be ready, then apply and quit at once.
	for (let i = 0; i < 300 && !walk.find('network-policy')?.preview; i++) {
		await tick();
	}
	ui.stdin.write('f');
	t.true(walk.writing, 'the fix is under way');
	ui.stdin.write('q');
	await walk.settle();
	// Quitting stopped the fix before it wrote, and said so while it rolled back.
	t.true(ui.frames.some(frame => /Stopping the fix under way before its next write and rolling back what it wrote/.test(frame)));
	t.is(walk.current.applied.length, 0, 'the fix was not applied');
	t.is(await read(admin, {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: ns, name: 'kubectl-harden-default-deny-ingress'}), undefined, 'nothing is left in the cluster');
	const [entry] = walk.journal.entries();
	t.is(entry?.status, 'rolled-back');
	t.regex(entry?.error ?? '', /stopped by q/);
	ui.unmount();
});

test('keys that arrive in one read (a paste, typing ahead) act one after another', async t => {
	const {ui} = await setup('ui-paste');
	await until(ui.lastFrame, new RegExp(`All ${checks.length} checks probed`));
	// "j", "j", Enter in a single write: move twice, then open section 3.
	ui.stdin.write('jj\r');
	const section = await until(ui.lastFrame, /What a running pod may use and do/);
	t.regex(section, /› [✘!?✔–] \S+ +3\.1 Namespaces have a resource quota/);
	ui.stdin.write('jj\r');
	t.regex(await until(ui.lastFrame, /Verdict:/), /3\.2 Pod Security admission enforces a level/);
	ui.unmount();
});

/** The real network-policy check, seeing only the given namespaces (the test cluster is shared). */
function onlyIn(check: Check, namespaces: string[]): Check {
	return {
		...check,
		async probe(context) {
			const verdict = await check.probe(context);
			const evidence = verdict.evidence.filter(item => namespaces.includes(item.namespace ?? item.name));
			return {...verdict, evidence, fixTargets: verdict.fixTargets?.filter(name => namespaces.includes(name))};
		},
	};
}

test('t limits the fix to one finding: the preview, the write and the undo touch that namespace only', async t => {
	const admin = await client();
	const first = await namespaceWith(admin, 'ui-target-a');
	const second = await namespaceWith(admin, 'ui-target-b');
	const journal = new Journal(admin.server, path.join(tempDir(), 'journal.json'));
	const walk = new Walk(admin, [onlyIn(networkPolicy, [first, second])], undefined, journal);
	const ui = render(<App walk={walk} size={{columns: 100, rows: 60}} color={false} reportDir={tempDir()} />);
	void walk.start();
	await until(ui.lastFrame, /All 1 checks probed/);
	await press(ui.stdin, 'j', 'j', enter, enter);
	await until(ui.lastFrame, /Fix scope: all 2 findings \(press t to pick one\)/);
	await until(ui.lastFrame, /Planned change/);
	await press(ui.stdin, 't');
	const scoped = await until(ui.lastFrame, new RegExp(`Fix scope: ${first} only \\(1 of 2;[^]*Planned change`));
	t.regex(scoped, new RegExp(`namespace: ${first}`));
	t.notRegex(scoped, new RegExp(`namespace: ${second}`), 'the preview leaves the other namespace alone');
	await press(ui.stdin, 'f');
	await until(ui.lastFrame, /Fix applied \(journal entry 1\)\. Probed again: fail/);
	const policy = (namespace: string) => ({apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace, name: 'kubectl-harden-default-deny-ingress'});
	t.truthy(await read(admin, policy(first)));
	t.is(await read(admin, policy(second)), undefined);
	// The re-probe leaves one finding; the scope is back to all of them.
	t.regex(ui.lastFrame() ?? "", new RegExp(`Namespace ${second}: `));
	t.notRegex(ui.lastFrame() ?? '', /Fix scope:/);
	await press(ui.stdin, 'u');
	await until(ui.lastFrame, /Undone \(journal entry 1\)/);
	t.is(await read(admin, policy(first)), undefined);
	ui.unmount();
});

test('o on a manual step with a file: the path prompt writes the audit policy there, and never over an existing file', async t => {
	const {ui} = await setup('ui-file');
	await until(ui.lastFrame, /All \d+ checks probed/);
	await press(ui.stdin, 'j', 'j', 'j', enter);
	await until(ui.lastFrame, /4\.2 /);
	await press(ui.stdin, ...Array.from({length: checks.findIndex(check => check.id === 'audit-logging') - checks.findIndex(check => check.section.startsWith('4.'))}, () => 'j'), enter);
	const detail = await until(ui.lastFrame, /Press o to write audit-policy\.yaml to a path you choose/);
	t.regex(detail, /o write file/);
	await press(ui.stdin, 'o');
	await until(ui.lastFrame, /Write to which file\? \(Enter to write, Esc to cancel\) > \.\/audit-policy\.yaml/);
	const target = path.join(tempDir(), 'policy.yaml');
	await press(ui.stdin, ...Array.from({length: './audit-policy.yaml'.length}, () => '\u007F'), ...target, enter);
	await until(ui.lastFrame, /Wrote the audit policy to/);
	t.regex(fs.readFileSync(target, 'utf8'), /^# Audit policy written by kubectl harden/);
	fs.writeFileSync(target, 'mine');
	await press(ui.stdin, 'o', ...Array.from({length: './audit-policy.yaml'.length}, () => '\u007F'), ...target, enter);
	await until(ui.lastFrame, /already exists; nothing was written/);
	t.is(fs.readFileSync(target, 'utf8'), 'mine');
	ui.unmount();
});

test('e on encryption at rest: refused while encryption is off; with a configuration loaded, every Secret and ConfigMap is rewritten with progress shown', async t => {
	const off = await setup('ui-reencrypt-off');
	await until(off.ui.lastFrame, new RegExp(`All ${checks.length} checks probed`));
	await press(off.ui.stdin, 'j', 'j', 'j', enter, ...Array.from({length: 9}, () => 'j'), enter);
	await until(off.ui.lastFrame, /4\.6 +Secrets are encrypted in etcd/);
	await press(off.ui.stdin, 'e');
	await until(off.ui.lastFrame, /Encryption at rest is not confirmed to be on yet/);
	off.ui.unmount();

	const dir = tempDir();
	const config = path.join(dir, 'encryption.yaml');
	fs.writeFileSync(config, encryptionConfig(), {mode: 0o600});
	const cluster = await privateCluster([`--encryption-provider-config=${config}`]);
	t.teardown(cluster.stop);
	const admin = await cluster.client();
	await namespaceWith(admin, 'vault', ns => Array.from({length: 3}, (_, index) => ({apiVersion: 'v1', kind: 'Secret', metadata: {name: `s${index}`, namespace: ns}, stringData: {key: 'value'}})));
	const walk = new Walk(admin, checks, undefined, new Journal(admin.server, path.join(dir, 'journal.json')));
	const ui = render(<App walk={walk} size={{columns: 100, rows: 40}} />);
	void walk.start();
	// The rewrite keeps its progress in the state directory: this test's own.
	const previous = process.env['HARDEN_STATE'];
	process.env['HARDEN_STATE'] = dir;
	t.teardown(() => {
		if (previous === undefined) {
			delete process.env['HARDEN_STATE'];
		} else {
			process.env['HARDEN_STATE'] = previous;
		}
	});
	await until(ui.lastFrame, new RegExp(`All ${checks.length} checks probed`), 30_000);
	await press(ui.stdin, 'j', 'j', 'j', enter, ...Array.from({length: 9}, () => 'j'), enter);
	const detail = await until(ui.lastFrame, /Writes to storage are encrypted with secretbox/);
	t.regex(detail, /e re-encrypt stored data/);
	await press(ui.stdin, 'e');
	await until(ui.lastFrame, /Done: \d+ objects are stored\s+through\s+the\s+configured\s+providers\s+\(this\s+run:\s+secrets\s+\d+,\s+configmaps\s+\d+/);
	ui.unmount();
});
