import test from 'ava';
import {auditLogging} from '../../source/checks/audit-logging.js';
import {apiserver, codes, metrics, probe} from '../helpers/fixtures.js';

const audited = apiserver(['--audit-policy-file=/etc/kubernetes/audit-policy.yaml', '--audit-log-path=/var/log/kubernetes/audit.log']);

test('audit events recorded: a pass, with the flags and the count', async t => {
	const verdict = await probe(auditLogging, {objects: [audited], answers: {'GET /metrics': metrics('# HELP apiserver_audit_event_total x', 'apiserver_audit_event_total 42')}});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['audit-logging.ev.events', 'audit-logging.ev.flags']);
	t.is(verdict.reasonCode, 'audit-logging.reason.recording');
	t.deepEqual(verdict.reasonParams, {count: 42});
});

test('no events recorded fails; no policy flag with no metric fails too', async t => {
	const none = await probe(auditLogging, {objects: [audited], answers: {'GET /metrics': metrics('apiserver_audit_event_total 0')}});
	t.is(none.status, 'fail');
	t.is(none.reasonCode, 'audit-logging.reason.none');
	const noPolicy = await probe(auditLogging, {objects: [apiserver([])], answers: {'GET /metrics': metrics('kubernetes_build_info{git_version="v1.37.0"} 1')}});
	t.is(noPolicy.status, 'fail');
	t.deepEqual(codes(noPolicy), ['audit-logging.ev.noPolicy']);
	t.is(noPolicy.reasonCode, 'audit-logging.reason.noMetric');
});

test('unknown when /metrics may not be read and the flags are out of sight', async t => {
	const verdict = await probe(auditLogging, {answers: {'GET /metrics': {error: 'forbidden'}}});
	t.is(verdict.status, 'unknown');
	t.deepEqual(codes(verdict), []);
	t.is(verdict.reasonCode, 'audit-logging.reason.metricsRefused');
});
