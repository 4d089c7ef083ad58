// 1.3 authorization-mode: The API server authorizes every request.
// The check in one file: its probe and its words (the fix is manual).
import crypto from 'node:crypto';
import {type Check, type Evidence, type Status, combine} from '../engine/types.js';
import {type Words, sayer} from '../engine/words.js';
import {apiserverEvidence, controlPlane, flag} from '../facts/control-plane.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'The API server authorizes every request',
	risk: 'With the AlwaysAllow authorizer, every authenticated caller may do anything: RBAC objects exist but decide nothing. Without the Node authorizer, kubelets are limited only by RBAC roles that are far broader than one node needs.',
	attack: 'Any token at all (a pod\'s service account, a CI job\'s) reads every Secret and creates privileged pods; the cluster has one permission level.',
	fix: 'Nothing to change through the API: the authorization modes are API server flags.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Run the API server with --authorization-mode=Node,RBAC (or an --authorization-config file listing Node, then RBAC, then any webhooks) and --enable-admission-plugins=NodeRestriction.',
	link: `${guideUrl}#api-authorization`,
	'ev.allowed': 'a made-up user was ALLOWED to list Secrets in every namespace: authorization lets everything through',
	'ev.refused': 'a made-up user was refused listing Secrets: requests are really authorized',
	'ev.flagAlwaysAllow': '--authorization-mode={modes} includes AlwaysAllow',
	'ev.noNode': '--authorization-mode={modes}: without the Node authorizer, kubelets are not limited to their own node\'s objects',
	'ev.modes': 'authorization: {modes}',
	unset: '(unset)',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('authorization-mode', words);

export const authorizationMode: Check = {
	id: 'authorization-mode',
	section: '1.3',
	words,
	async probe(context) {
		const parts: Array<{status: Status; evidence: Evidence[]}> = [];
		const user = `kubectl-harden-nobody-${crypto.randomBytes(4).toString('hex')}`;
		const {body} = await context.snapshot.request<{status?: {allowed?: boolean; reason?: string}}>({
			method: 'POST',
			path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
			body: {apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: {user, groups: ['system:authenticated'], resourceAttributes: {verb: 'list', resource: 'secrets'}}},
		});
		const allowed = body.status?.allowed === true;
		parts.push({status: allowed ? 'fail' : 'pass', evidence: [{kind: 'SubjectAccessReview', name: user, ...say.line(allowed ? 'ev.allowed' : 'ev.refused')}]});
		const plane = await controlPlane(context);
		if (plane.apiserver) {
			const modes = (flag(plane.apiserver, 'authorization-mode') ?? '').split(',').filter(Boolean);
			const config = flag(plane.apiserver, 'authorization-config');
			if (modes.includes('AlwaysAllow')) {
				parts.push({status: 'fail', evidence: [apiserverEvidence(plane, say.code('ev.flagAlwaysAllow', {modes: modes.join(',')}))]});
			} else if (!config && !modes.includes('Node')) {
				parts.push({status: 'warn', evidence: [apiserverEvidence(plane, say.code('ev.noNode', {modes: modes.join(',') || say('unset')}))]});
			} else {
				parts.push({status: 'pass', evidence: [apiserverEvidence(plane, say.code('ev.modes', {modes: config ? `--authorization-config=${config}` : modes.join(',')}))]});
			}
		}
		return combine(parts, 'critical');
	},
};
