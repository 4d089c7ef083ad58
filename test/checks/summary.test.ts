// The summary from the engine's state, without a cluster: every guide section (2 and 5 have one
// check numbered `2` and `5`), a fix that was undone, and failures neither fixed nor accepted.
import test from 'ava';
import {checks} from '../../source/checks/index.js';
import type {JournalEntry} from '../../source/engine/journal.js';
import {markdown, nextSteps, sectionSummaries} from '../../source/engine/summary.js';
import type {Status} from '../../source/engine/types.js';
import type {CheckState, WalkState} from '../../source/engine/walk.js';
import {summaryLines} from '../../source/ui/summary.js';

function item(id: string, first: Status, now: Status, fixable = false, reason?: string): CheckState {
	const check = checks.find(check => check.id === id)!;
	return {
		check, phase: 'done', firstStatus: first, preview: undefined, previewError: undefined, busy: undefined, message: undefined, accepted: undefined, target: undefined,
		result: {id, section: check.section, durationMs: 0, verdict: {status: now, severity: 'high', evidence: [], reason}, fix: fixable ? {available: true, summary: ['create NetworkPolicy shop/kubectl-harden-default-deny-ingress'], notes: []} : {available: false, summary: [], notes: []}},
	};
}

function entry(id: number, checkId: string, status: JournalEntry['status']): JournalEntry {
	return {id, checkId, createdAt: '', updatedAt: '', server: 's', context: null, user: 'u', targets: [], options: {}, summary: [`fix ${checkId}`], status, changes: []};
}

const state: WalkState = {
	cluster: undefined, identity: undefined, namespace: undefined, fatal: undefined, probing: false, startedAt: 0, firstVerdictsMs: 0, attention: [], stopping: undefined, journalProblem: undefined,
	checks: [
		item('api-tls', 'pass', 'pass'),
		item('kubelet-config', 'fail', 'fail'),
		item('network-policy', 'fail', 'fail', true),
		item('pod-security', 'fail', 'pass'),
		item('audit-logging', 'unknown', 'unknown', false, 'the API server flags cannot be read'),
		item('seccomp-default', 'warn', 'warn'),
	],
	applied: [entry(1, 'pod-security', 'applied'), entry(2, 'network-policy', 'undone')],
};

test('every section is counted, 2 and 5 included', t => {
	const sections = sectionSummaries(state);
	t.deepEqual(sections.map(section => [section.section, section.checked]), [['1', true], ['2', true], ['3', true], ['4', true], ['5', true]]);
	t.regex(sections[1]!.now, /1 fail/);
	t.regex(sections[4]!.now, /1 warn/);
	const text = markdown(state, new Date(0));
	t.regex(text, /- 2 `kubelet-config`: fail/);
	t.regex(text, /- 5 `seccomp-default`: warn/);
});

test('an undone fix is not listed as fixed; what is left is queued by kind', t => {
	const text = summaryLines(state, 200, undefined).map(line => line.text).join('\n');
	t.regex(text, /Fixes applied in this session \(1\):\n {2}#1 pod-security/);
	t.regex(text, /Fixes undone \(1\):\n {2}#2 network-policy: undone/);
	t.notRegex(text, /#2 network-policy: fix network-policy/);
	t.deepEqual(nextSteps(state).map(step => [step.section, step.id, step.kind]), [
		['2', 'kubelet-config', 'manual'],
		['3.4', 'network-policy', 'fixable'],
		['4.2', 'audit-logging', 'unknown'],
		['5', 'seccomp-default', 'manual'],
	]);
	t.regex(text, /3\.4 network-policy: fixable now \(f on its screen\): create NetworkPolicy shop/);
	t.regex(text, /4\.2 audit-logging: unknown: the API server flags cannot be read; probe it again/);
	t.regex(text, /2 kubelet-config: by hand: /);
});
