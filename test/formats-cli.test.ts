// --report sarif|junit|markdown and --output from the command line, on a sandbox of this file's
// own: each format carries the findings of --report json, never a Secret value; the SARIF is
// valid against the OASIS schema and the JUnit XML reads back with a JUnit parser.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {parse as parseJunit, type TestCase, type TestSuites} from 'junit2json';
import {findings} from '../source/engine/formats.js';
import type {Report} from '../source/engine/report.js';
import {evidenceText} from '../source/engine/summary.js';
import {seedSandbox} from '../source/testing/sandbox.js';
import {cli, privateClusterForFile, type PrivateCluster, tempDir} from './helpers/cluster.js';
import {namespaceWith} from './helpers/checks.js';
import {sarifErrors} from './helpers/sarif.js';

const secretValue = 'formats-secret-value-7d1c';
let cluster: PrivateCluster;
let namespace: string;
privateClusterForFile(test, async (started, admin) => {
	cluster = started;
	await seedSandbox(admin);
	// A legacy token Secret, so the report has a finding on a Secret whose value must not show.
	namespace = await namespaceWith(admin, 'formats', ns => [{
		apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token',
		metadata: {name: 'old-token', namespace: ns, annotations: {'kubernetes.io/service-account.name': 'default', 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({stringData: {token: secretValue}})}},
		stringData: {token: secretValue},
	}]);
});

const state = tempDir();
const harden = (args: string[]) => cli(['--kubeconfig', cluster.info.kubeconfigs.admin, ...args], {HARDEN_STATE: state});

interface SarifResult {
	ruleId: string;
	level: string;
	message: {text: string};
	locations: Array<{physicalLocation: {artifactLocation: {uri: string}}; logicalLocations: Array<{properties: {kind: string; namespace: string | null; name: string}}>}>;
	partialFingerprints: Record<string, string>;
	properties: {code: string | null};
}

/** A finding as every format can name it: check, object, message id and the line shown. */
const key = (id: string, kind: string, namespace: string | null, name: string, text: string) => JSON.stringify([id, kind, namespace, name, text]);

test.serial('every format from the command line carries the findings of --report json, and never a Secret value', async t => {
	const dir = tempDir();
	const json = await harden(['--report', 'json']);
	t.is(json.code, 0, json.stderr);
	const report = JSON.parse(json.stdout) as Report;
	const outputs: Record<string, string> = {json: json.stdout};
	for (const format of ['sarif', 'junit'] as const) {
		const file = path.join(dir, `report.${format}`);
		const run = await harden(['--report', format, '--output', file]);
		t.is(run.code, 0, run.stderr);
		t.is(run.stdout, '', 'with --output, nothing on stdout');
		outputs[format] = fs.readFileSync(file, 'utf8');
	}
	const markdown = await harden(['--report', 'markdown', '--output', '-']);
	t.is(markdown.code, 0, markdown.stderr);
	outputs['markdown'] = markdown.stdout;

	const expected = findings(report);
	const evidenceCount = report.checks.filter(check => ['fail', 'warn', 'unknown'].includes(check.status)).reduce((sum, check) => sum + Math.max(1, check.evidence.length), 0);
	t.is(expected.length, evidenceCount);
	t.true(expected.length > 40, `the sandbox has many findings (${expected.length})`);
	t.true(expected.some(finding => finding.evidence?.kind === 'Secret'), 'a finding names a Secret');

	// SARIF: valid, one result per finding, on its object.
	const sarif = JSON.parse(outputs['sarif']!) as {runs: Array<{tool: {driver: {rules: Array<{id: string}>}}; results: SarifResult[]}>};
	t.deepEqual(sarifErrors(sarif), []);
	t.deepEqual(sarif.runs[0]!.tool.driver.rules.map(rule => rule.id), report.checks.map(check => check.id));
	const results = sarif.runs[0]!.results;
	t.deepEqual(
		results.map(result => {
			const object = result.locations[0]!.logicalLocations[0]!.properties;
			return key(result.ruleId, object.kind, object.namespace, object.name, result.message.text);
		}),
		expected.map(finding => key(finding.check.id, finding.evidence?.kind ?? 'Cluster', finding.evidence?.namespace ?? null, finding.evidence?.name ?? '', finding.text)),
	);
	t.deepEqual(results.map(result => result.level), expected.map(finding => ({fail: 'error', warn: 'warning', unknown: 'note'})[finding.check.status as 'fail']));

	// JUnit: one testcase per check with the JSON's status; the failure text is the evidence.
	const suites = (await parseJunit(outputs['junit']!) as TestSuites).testsuite ?? [];
	const cases = new Map<string, TestCase>(suites.flatMap(suite => suite.testcase ?? []).map(item => [item.name!.split(' ')[1]!.replace(/:$/, ''), item]));
	t.deepEqual([...cases.keys()], report.checks.map(check => check.id));
	for (const check of report.checks) {
		const item = cases.get(check.id)!;
		const junitStatus = item.failure ? item.failure[0]!.type : (item.skipped ? 'skipped' : 'pass');
		t.is(junitStatus, check.status === 'unknown' || check.status === 'not-applicable' ? 'skipped' : check.status, check.id);
		if (item.failure) {
			t.deepEqual(item.failure[0]!.inner!.split('\n'), check.evidence.map(evidence => evidenceText(evidence)), check.id);
		}
		if (check.status === 'unknown') {
			t.is(item.skipped![0]!.message, check.reason!, check.id);
		}
	}

	// Markdown: every check with its status, and every evidence line (passes included; the
	// made-up user authorization-mode asks about is named anew in each run).
	const sameRun = (text: string) => text.replaceAll(/kubectl-harden-nobody-[0-9a-f]+/g, 'kubectl-harden-nobody');
	for (const check of report.checks) {
		t.true(outputs['markdown']!.includes(`\`${check.id}\`: ${check.status} (${check.severity})`), check.id);
		for (const evidence of check.evidence) {
			t.true(sameRun(outputs['markdown']!).includes(sameRun(`    - ${evidenceText(evidence)}\n`)), evidenceText(evidence));
		}
	}

	for (const [format, text] of Object.entries(outputs)) {
		t.false(text.includes(secretValue), `no Secret value in ${format}`);
	}
});

test.serial('a finding keeps its SARIF fingerprint from one run to the next', async t => {
	const prints = async () => {
		const run = await harden(['--report', 'sarif']);
		t.is(run.code, 0, run.stderr);
		return (JSON.parse(run.stdout) as {runs: Array<{results: SarifResult[]}>}).runs[0]!.results.map(result => Object.values(result.partialFingerprints)[0]);
	};
	const first = await prints();
	t.deepEqual(await prints(), first);
	t.is(new Set(first).size, first.length, 'no two findings share one');
});

test.serial('--fail-on works the same in every format: exit 3, the report written all the same', async t => {
	const dir = tempDir();
	for (const format of ['json', 'sarif', 'junit', 'markdown']) {
		const file = path.join(dir, `gate.${format}`);
		const run = await harden(['--report', format, '--fail-on', 'fail', '--output', file]);
		t.is(run.code, 3, `${format}: ${run.stderr}`);
		t.true(fs.statSync(file).size > 1000, format);
	}
	t.deepEqual(sarifErrors(JSON.parse(fs.readFileSync(path.join(dir, 'gate.sarif'), 'utf8'))), []);
	const clean = await harden(['--report', 'junit', '--section', '4.7', '--fail-on', 'fail']);
	t.is(clean.code, 0, 'a section that passes does not trip the gate');
	const parsed = await parseJunit(clean.stdout) as TestSuites;
	t.is(parsed.tests, 1);
	t.is(parsed.failures, 0);
});

test.serial('--output replaces a file whole and leaves nothing beside it', async t => {
	const dir = tempDir();
	const file = path.join(dir, 'report.sarif');
	fs.writeFileSync(file, 'an older report that is much longer than nothing at all'.repeat(10_000));
	const run = await harden(['--report', 'sarif', '--section', '4.7', '--output', file]);
	t.is(run.code, 0, run.stderr);
	t.deepEqual(fs.readdirSync(dir), ['report.sarif']);
	t.deepEqual(sarifErrors(JSON.parse(fs.readFileSync(file, 'utf8'))), []);
});

test.serial('bad --report and --output values are clear errors (exit 2), and nothing is probed or written', async t => {
	const dir = tempDir();
	const cases: Array<[string[], string]> = [
		[['--report', 'xml'], 'kubectl harden: --report takes "json", "sarif", "junit" or "markdown", not "xml".'],
		[['--report', 'sarif', '--output', path.join(dir, 'missing', 'r.sarif')], `kubectl harden: --output ${path.join(dir, 'missing', 'r.sarif')}: the directory ${path.join(dir, 'missing')} does not exist; nothing was probed.`],
		[['--report', 'sarif', '--output', dir], `kubectl harden: --output takes a file to write the report to, or - for stdout, not "${dir}".`],
		[['--report', 'sarif', '--output', ''], 'kubectl harden: --output takes a file to write the report to, or - for stdout, not "".'],
		[['--output', path.join(dir, 'r.md')], 'kubectl harden: --output only applies to the report (--report). See kubectl harden --help.'],
		[['journal', '--output', path.join(dir, 'r.md')], 'kubectl harden: --output only applies to other commands. See kubectl harden --help.'],
		[['--report', 'junit', '--output'], 'kubectl harden: --output needs a value. See kubectl harden --help.'],
	];
	for (const [args, message] of cases) {
		const run = await cli(args, {KUBECONFIG: '/nonexistent/kubeconfig', HARDEN_STATE: state});
		t.is(run.code, 2, args.join(' '));
		t.is(run.stderr.trim(), message);
		t.is(run.stdout, '');
	}
	t.deepEqual(fs.readdirSync(dir), []);
});

test.serial('the Markdown report lists the fixes applied from here and undone, and the manual steps to tick', async t => {
	const fixed = await harden(['fix', 'network-policy', '--target', namespace, '--yes']);
	t.is(fixed.code, 0, fixed.stdout + fixed.stderr);
	const undone = await harden(['undo']);
	t.is(undone.code, 0, undone.stdout + undone.stderr);
	t.is((await harden(['fix', 'network-policy', '--target', namespace, '--yes'])).code, 0);
	const run = await harden(['--report', 'markdown']);
	t.is(run.code, 0, run.stderr);
	const fixes = run.stdout.split('## Fixes applied\n\n')[1]!.split('\n\n')[0]!.split('\n');
	const what = `create NetworkPolicy ${namespace}/kubectl-harden-default-deny-ingress (ingress only from pods in ${namespace})`;
	t.deepEqual(fixes, [`- #1 network-policy: ${what} (undone)`, `- #2 network-policy: ${what} (undo: kubectl harden undo 2)`]);
	t.regex(run.stdout, /## What is left\n\n- \[ \] `api-tls` \(All API traffic is encrypted and verified\): /);
});
