// 4.2 audit-logging: The API server keeps an audit log.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, because} from '../engine/words.js';
import {apiserverEvidence, controlPlane, flag} from '../facts/control-plane.js';
import {metrics} from '../facts/metrics.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'The API server keeps an audit log',
	risk: 'Without audit logging, nobody can tell afterwards who read which Secret, who created that privileged pod, or which token was used from where.',
	attack: 'An attacker with stolen credentials works through the cluster at leisure; when someone notices, there is no record of what they touched or how they got in.',
	fix: 'Nothing to change through the API: audit logging is configured with API server flags and a policy file on the control-plane nodes.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Write an audit Policy (Metadata for Secrets, ConfigMaps and tokens, never RequestResponse, which would write their contents into the log; request bodies for RBAC changes and pods/exec; Metadata for the rest. Press o for such a policy), then start the API server with --audit-policy-file=<policy> and --audit-log-path=/var/log/kubernetes/audit.log --audit-log-maxage=30 --audit-log-maxbackup=10 --audit-log-maxsize=100 (or --audit-webhook-config-file), and ship the log off the node.',
	link: `${guideUrl}#enable-audit-logging`,
	noBackend: 'no log path or webhook',
	'ev.flags': '--audit-policy-file={policy}, written to {backend}',
	'ev.noPolicy': 'no --audit-policy-file: nothing is audited',
	'ev.events': '{count} audit events recorded since the API server started',
	'reason.none': 'The API server has recorded no audit event since it started: audit logging is off.',
	'reason.recording': 'The API server is recording audit events ({count} since it started).',
	'reason.metricsRefused': 'The API server\'s /metrics could not be read ({error}), so whether it records audit events is not known.',
	'reason.noMetric': 'The API server\'s /metrics has no apiserver_audit_event_total, so whether it records audit events is not known.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('audit-logging', words);

export const auditLogging: Check = {
	id: 'audit-logging',
	section: '4.2',
	words,
	actions: {file: 'audit-policy'},
	async probe(context) {
		const found: Evidence[] = [];
		const {samples, error} = await metrics(context);
		const events = samples.filter(sample => sample.name === 'apiserver_audit_event_total');
		const plane = await controlPlane(context);
		const policy = plane.apiserver ? flag(plane.apiserver, 'audit-policy-file') : undefined;
		const backend = plane.apiserver ? flag(plane.apiserver, 'audit-log-path') ?? flag(plane.apiserver, 'audit-webhook-config-file') : undefined;
		if (plane.apiserver) {
			found.push(apiserverEvidence(plane, policy
				? say.code('ev.flags', {policy, backend: backend ?? say('noBackend')})
				: say.code('ev.noPolicy')));
		}
		if (error || events.length === 0) {
			const reason = because(error ? say.code('reason.metricsRefused', {error}) : say.code('reason.noMetric'));
			return plane.apiserver && !policy
				? {status: 'fail', severity: 'high', evidence: found, ...reason}
				: {status: 'unknown', severity: 'high', evidence: found, ...reason};
		}
		const total = events.reduce((sum, sample) => sum + sample.value, 0);
		found.unshift({kind: 'Metric', name: 'apiserver_audit_event_total', ...say.line('ev.events', {count: total})});
		if (total === 0) {
			return {status: 'fail', severity: 'high', evidence: found, ...say.reason('reason.none')};
		}
		return {status: 'pass', severity: 'info', evidence: found, ...say.reason('reason.recording', {count: total})};
	},
};
