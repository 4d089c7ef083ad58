// 2 kubelet-config: Kubelets demand authentication and authorization.
// The check in one file: its probe and its words (the fix is manual).
import {type Check, type Evidence, type Status, worst} from '../engine/types.js';
import {type Words, sayer, type Phrase, line, because} from '../engine/words.js';
import {type KubeletRead, kubelets, sayKubelet} from '../facts/kubelets.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'Kubelets demand authentication and authorization',
	risk: 'The kubelet\'s HTTPS API runs commands in containers, reads their logs and lists pods. If it accepts anonymous requests or authorizes everything, anyone who reaches port 10250 on a node controls every pod on it; the read-only port 10255 answers without any authentication.',
	attack: 'From any pod, an attacker calls a node\'s kubelet directly and runs a shell in another team\'s container, skipping the API server, RBAC and the audit log.',
	fix: 'Nothing to change through the API: the kubelet\'s configuration is a file on each node.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'In each node\'s KubeletConfiguration (/var/lib/kubelet/config.yaml on kubeadm): authentication: {anonymous: {enabled: false}, webhook: {enabled: true}, x509: {clientCAFile: /etc/kubernetes/pki/ca.crt}}, authorization: {mode: Webhook}, readOnlyPort: 0; then restart the kubelet.',
	link: `${guideUrl}#controlling-access-to-the-kubelet`,
	unset: '(unset)',
	'ev.unread': 'configuration not readable: {error}',
	'ev.anonymous': 'anonymous requests are accepted',
	'ev.alwaysAllow': 'authorization mode {mode}: every authenticated caller may do anything',
	'ev.noWebhook': 'webhook authentication is off: API server tokens are not accepted, only client certificates',
	'ev.good': 'anonymous off, webhook authentication on, authorization {mode}, read-only port closed',
	'reason.read': 'Read the configuration of {read} of {asked} kubelets asked ({total} nodes).',
	'reason.noneRead': 'No kubelet answered through the node proxy, so nothing is known about them.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('kubelet-config', words);

function nodeEvidence(node: string, detail: Phrase | Phrase[]): Evidence {
	return {kind: 'Node', name: node, ...line(detail)};
}

/** The kubelet settings that decide who may use its API, judged per node. */
export function judgeKubelet(read: KubeletRead): {status: Status; evidence: Evidence[]} {
	if (!read.config) {
		return {status: 'unknown', evidence: [nodeEvidence(read.node, say.code('ev.unread', {error: read.error ?? ''}))]};
	}
	const config = read.config;
	const problems: Phrase[] = [];
	let status: Status = 'pass';
	if (config.authentication?.anonymous?.enabled !== false) {
		problems.push(say.code('ev.anonymous'));
		status = 'fail';
	}
	if (config.authorization?.mode === 'AlwaysAllow' || config.authorization?.mode === undefined) {
		problems.push(say.code('ev.alwaysAllow', {mode: config.authorization?.mode ?? say('unset')}));
		status = 'fail';
	}
	if (config.authentication?.webhook?.enabled !== true) {
		problems.push(say.code('ev.noWebhook'));
		status = status === 'fail' ? 'fail' : 'warn';
	}
	if ((config.readOnlyPort ?? 0) > 0) {
		problems.push(sayKubelet.code('ev.readOnlyPort', {port: config.readOnlyPort!}));
		status = 'fail';
	}
	const detail = problems.length > 0
		? problems
		: say.code('ev.good', {mode: config.authorization?.mode ?? ''});
	return {status, evidence: [nodeEvidence(read.node, detail)]};
}

export const kubeletConfig: Check = {
	id: 'kubelet-config',
	section: '2',
	reads: ['Node'],
	words,
	async probe(context) {
		const facts = await kubelets(context);
		if (facts.error) {
			return {status: 'unknown', severity: 'high', evidence: [], ...sayKubelet.reason('reason.noNodes', {error: facts.error})};
		}
		if (facts.total === 0) {
			return {status: 'unknown', severity: 'high', evidence: [], ...sayKubelet.reason('reason.none')};
		}
		const judged = facts.reads.map(judgeKubelet);
		const status = worst(judged.map(item => item.status));
		const read = facts.reads.filter(item => item.config).length;
		const reason = say.code('reason.read', {read, asked: facts.reads.length, total: facts.total});
		return {
			status,
			severity: status === 'pass' ? 'info' : 'critical',
			evidence: judged.flatMap(item => item.evidence),
			...because(read === 0 ? [reason, say.code('reason.noneRead')] : reason),
		};
	},
};
