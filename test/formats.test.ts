// The report formats rendered from one report (no cluster): SARIF valid against the OASIS
// schema, JUnit XML read back by a JUnit parser, the walk's Markdown, and the same findings in
// each. The report holds text that XML must escape and characters it cannot hold at all.
import test from 'ava';
import {parse as parseJunit, type TestCase, type TestSuite, type TestSuites} from 'junit2json';
import {checks} from '../source/checks/index.js';
import {findings, renderReport, reportFormats} from '../source/engine/formats.js';
import type {CheckReport, Report} from '../source/engine/report.js';
import {fingerprintKey} from '../source/engine/sarif.js';
import {evidenceText} from '../source/engine/summary.js';
import {checkText} from '../source/engine/words.js';
import {sarifErrors} from './helpers/sarif.js';

const nasty = 'a <b> & "c" \'d\' ]]> \u0007bell';
const nastyInXml = 'a <b> & "c" \'d\' ]]> bell';

function entry(id: string, status: CheckReport['status'], evidence: Array<Partial<CheckReport['evidence'][number]>>, reason: string | null = null): CheckReport {
	const check = checks.find(item => item.id === id)!;
	return {
		id,
		section: check.section,
		title: checkText(check, 'title'),
		status,
		severity: status === 'pass' ? 'info' : 'high',
		reason,
		reasonCode: reason ? `${id}.reason.test` : null,
		reasonParams: reason ? {} : null,
		evidence: evidence.map(item => ({kind: 'Namespace', namespace: null, name: 'shop', detail: 'found', code: `${id}.ev.test`, params: {}, ...item})),
		fix: {available: false, reason: null, reasonCode: null, summary: [], notes: []},
		accepted: null,
		link: checkText(check, 'link'),
	};
}

function sample(detail = (text: string) => text): Report {
	const entries = [
		entry('static-credentials', 'fail', [{kind: 'Pod', namespace: 'kube-system', name: 'kube-apiserver-cp', detail: detail(nasty), code: 'static-credentials.ev.file'}]),
		entry('kubelet-config', 'unknown', [], detail('No kubelet answered through the node proxy.')),
		entry('network-policy', 'warn', [
			{kind: 'Namespace', name: 'shop', detail: detail('no default-deny ingress'), code: 'network-policy.ev.noDeny'},
			{kind: 'Namespace', name: 'shop', detail: detail('no default-deny ingress, again'), code: 'network-policy.ev.noDeny'},
			{kind: 'Namespace', name: 'ci', detail: detail('no NetworkPolicy'), code: 'network-policy.ev.none'},
		]),
		entry('security-updates', 'pass', [{kind: 'Node', name: 'worker-1', detail: detail('v1.37.2, current'), code: 'security-updates.ev.node'}]),
		entry('seccomp-default', 'not-applicable', [], detail('no pods')),
	];
	return {
		tool: {name: 'kubectl-harden', version: '0.1.0'},
		generatedAt: '2026-11-29T09:30:00.000Z',
		cluster: {server: 'https://127.0.0.1:6443', context: 'prod', version: 'v1.37.2'},
		identity: {username: 'alice', uid: undefined, groups: ['ops'], systemMasters: false, impersonated: false},
		scope: {namespace: null},
		checks: entries,
		summary: {pass: 1, warn: 1, fail: 1, unknown: 1, 'not-applicable': 1},
		probe: {lists: 3, requests: 4, objects: 10, durationMs: 1234},
		progress: null,
	};
}

type Sarif = {runs: Array<{tool: {driver: {rules: Array<{id: string; name: string; shortDescription: {text: string}; fullDescription: {text: string}; help: {text: string}; helpUri: string; properties: {section: string; severity: string; tags: string[]}}>}}; results: Array<{ruleId: string; level: string; message: {text: string}; locations: Array<{logicalLocations: Array<{name: string; properties: {kind: string; namespace: string | null; name: string}}>}>; partialFingerprints: Record<string, string>}>}>};

const sarifOf = (report: Report) => JSON.parse(renderReport('sarif', report, checks)) as Sarif;

test('the SARIF is valid SARIF 2.1.0, with the checks as rules in their own words', t => {
	const document = sarifOf(sample());
	t.deepEqual(sarifErrors(document), []);
	t.is(document.runs.length, 1);
	const rules = document.runs[0]!.tool.driver.rules;
	t.deepEqual(rules.map(rule => rule.id), ['static-credentials', 'kubelet-config', 'network-policy', 'security-updates', 'seccomp-default']);
	const rule = rules[0]!;
	const check = checks.find(item => item.id === 'static-credentials')!;
	t.is(rule.name, 'StaticCredentials');
	t.is(rule.shortDescription.text, 'No static token or password files');
	t.is(rule.fullDescription.text, checkText(check, 'risk'));
	t.true(rule.help.text.includes(checkText(check, 'manual')));
	t.is(rule.helpUri, 'https://kubernetes.io/docs/tasks/administer-cluster/securing-a-cluster/#api-authentication');
	t.deepEqual(rule.properties.tags, ['security', 'kubernetes', 'section-1.2']);
	t.is(rule.properties.section, '1.2');
});

test('the SARIF validator refuses what is not SARIF 2.1.0', t => {
	const document = sarifOf(sample()) as unknown as {runs: Array<{results: Array<Record<string, unknown>>}>; version: string};
	document.runs[0]!.results[0]!['level'] = 'fatal';
	t.true(sarifErrors(document).some(error => error.includes('/runs/0/results/0/level')));
	t.notDeepEqual(sarifErrors({version: '2.0.0', runs: []}), []);
});

test('one SARIF result per finding: level from the status, the object as its location, the reason of an unknown', t => {
	const results = sarifOf(sample()).runs[0]!.results;
	t.deepEqual(results.map(result => [result.ruleId, result.level, result.message.text]), [
		['static-credentials', 'error', nasty],
		['kubelet-config', 'note', 'No kubelet answered through the node proxy.'],
		['network-policy', 'warning', 'no default-deny ingress'],
		['network-policy', 'warning', 'no default-deny ingress, again'],
		['network-policy', 'warning', 'no NetworkPolicy'],
	]);
	t.deepEqual(results[0]!.locations[0]!.logicalLocations[0]!.properties, {kind: 'Pod', namespace: 'kube-system', name: 'kube-apiserver-cp'});
	t.deepEqual(results[4]!.locations[0]!.logicalLocations[0]!.properties, {kind: 'Namespace', namespace: null, name: 'ci'});
});

test('a SARIF fingerprint follows the check, the object and the message id, not the words', t => {
	const prints = (report: Report) => sarifOf(report).runs[0]!.results.map(result => result.partialFingerprints[fingerprintKey]);
	const english = prints(sample());
	// The same findings in other words (another language, a reworded template): the same fingerprints.
	t.deepEqual(prints(sample(text => `translated: ${text}`)), english);
	t.is(new Set(english).size, english.length, 'two findings of one kind on one object still differ');
	const moved = sample();
	moved.checks[2]!.evidence[2]!.name = 'payments';
	t.notDeepEqual(prints(moved)[4], english[4]);
	t.deepEqual(prints(moved).slice(0, 4), english.slice(0, 4));
});

function suitesOf(parsed: TestSuites | TestSuite | null | undefined): TestSuite[] {
	return (parsed as TestSuites | undefined)?.testsuite ?? [];
}

test('the JUnit XML reads back with a JUnit parser: a suite per section, a case per check', async t => {
	const report = sample();
	const xml = renderReport('junit', report, checks);
	const parsed = await parseJunit(xml) as TestSuites;
	t.is(parsed.tests, 5);
	t.is(parsed.failures, 2);
	const suites = suitesOf(parsed);
	t.deepEqual(suites.map(suite => [suite.name, suite.tests, suite.failures, suite.skipped]), [
		['1 Controlling access to the Kubernetes API', 1, 1, 0],
		['2 Controlling access to the kubelet', 1, 0, 1],
		['3 Controlling the capabilities of a workload or user at runtime', 1, 1, 0],
		['4 Protecting cluster components from compromise', 1, 0, 0],
		['5 What\'s next', 1, 0, 1],
	]);
	const cases = new Map<string, TestCase>(suites.flatMap(suite => suite.testcase ?? []).map(item => [item.name!.split(' ')[1]!.replace(/:$/, ''), item]));
	const failure = cases.get('static-credentials')!.failure![0]!;
	t.is(failure.type, 'fail');
	t.is(failure.message, 'Verdict: FAIL, severity high');
	t.is(failure.inner, `Pod kube-system/kube-apiserver-cp: ${nastyInXml}`);
	t.is(cases.get('network-policy')!.failure![0]!.inner, ['Namespace shop: no default-deny ingress', 'Namespace shop: no default-deny ingress, again', 'Namespace ci: no NetworkPolicy'].join('\n'));
	t.is(cases.get('kubelet-config')!.skipped![0]!.message, 'No kubelet answered through the node proxy.');
	t.is(cases.get('seccomp-default')!.skipped![0]!.message, 'no pods');
	t.is(cases.get('security-updates')!.failure, undefined);
	t.is(cases.get('security-updates')!.skipped, undefined);
	t.is(cases.get('security-updates')!.name, '4.7 security-updates: The cluster runs a supported, patched Kubernetes release');
});

test('the same text unescaped breaks the JUnit parser: the escaping is what makes the XML read', async t => {
	const xml = renderReport('junit', sample(), checks);
	t.false(xml.includes(nasty));
	await t.throwsAsync(parseJunit(xml.replace(nastyInXml.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll('\'', '&apos;'), nasty)));
});

test('the Markdown is the walk\'s report: sections, checks with status and evidence, the reason of an unknown, manual steps to tick', t => {
	const report = sample();
	const text = renderReport('markdown', report, checks);
	t.true(text.startsWith('# kubectl harden report\n'));
	t.true(text.includes('Cluster: https://127.0.0.1:6443 (context prod, Kubernetes v1.37.2); checked as alice on 2026-11-29T09:30:00.000Z.'));
	t.true(text.includes('  - 1.2 `static-credentials`: fail (high): No static token or password files'));
	t.true(text.includes(`    - Pod kube-system/kube-apiserver-cp: ${nasty}`));
	t.true(text.includes('  - 2 `kubelet-config`: unknown (high): '));
	t.true(text.includes('    - Why: No kubelet answered through the node proxy.'));
	t.true(text.includes(`- [ ] \`static-credentials\` (No static token or password files): ${checkText(checks.find(item => item.id === 'static-credentials')!, 'manual')}`));
});

test('every format carries every finding of the JSON report', async t => {
	const report = sample();
	const json = JSON.parse(renderReport('json', report, checks)) as Report;
	t.deepEqual(json, JSON.parse(JSON.stringify(report)));
	const expected = findings(json).map(finding => [finding.check.id, finding.text]);
	t.is(expected.length, 5);
	t.deepEqual(sarifOf(report).runs[0]!.results.map(result => [result.ruleId, result.message.text]), expected);
	const suites = suitesOf(await parseJunit(renderReport('junit', report, checks)));
	const junitLines = suites.flatMap(suite => suite.testcase ?? []).flatMap(item => {
		const id = item.name!.split(' ')[1]!.replace(/:$/, '');
		const inner = item.failure?.[0]?.inner ?? (item.skipped?.[0] as {inner?: string} | undefined)?.inner;
		const reason = item.skipped?.[0]?.message;
		return inner ? inner.split('\n').map(line => [id, line]) : (reason && id !== 'seccomp-default' ? [[id, reason]] : []);
	});
	t.deepEqual(junitLines, findings(json).map(finding => [finding.check.id, finding.evidence ? evidenceText({...finding.evidence, detail: finding.text}).replace('\u0007', '') : finding.text]));
	const markdown = renderReport('markdown', report, checks);
	for (const check of json.checks) {
		t.true(markdown.includes(`\`${check.id}\`: ${check.status} (${check.severity})`), check.id);
		for (const evidence of check.evidence) {
			t.true(markdown.includes(`    - ${evidenceText(evidence)}`), evidence.detail);
		}
	}
	t.deepEqual([...reportFormats], ['json', 'sarif', 'junit', 'markdown']);
});
