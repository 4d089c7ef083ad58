// 1.2 operator-identity: You work as an identity that can be revoked.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer} from '../engine/words.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'You work as an identity that can be revoked',
	risk: 'Members of the group system:masters pass every authorization check, and no RBAC change can take that away: only replacing the certificate authority can. A leaked copy of such a kubeconfig is a permanent key to the cluster.',
	attack: 'An attacker who copies an admin kubeconfig from a laptop or a CI job keeps full control for as long as the client certificate is valid, often a year, whatever you change in RBAC.',
	fix: 'Nothing to change through the API: which credentials you use is up to you.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Keep the system:masters kubeconfig (kubeadm\'s admin.conf) offline for emergencies. For daily work, use a personal identity (OIDC or a short-lived certificate) bound to cluster-admin through a ClusterRoleBinding, which can be removed.',
	link: `${guideUrl}#api-authentication`,
	'ev.who': 'the API server says you are this user, in groups: {groups}',
	'reason.masters': 'You are in system:masters: RBAC is bypassed for you and cannot be revoked.',
	'reason.impersonated': 'You are acting as {user} (impersonation): every probe and fix runs with that identity\'s rights.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('operator-identity', words);

export const operatorIdentity: Check = {
	id: 'operator-identity',
	section: '1.2',
	words,
	async probe(context) {
		const {username, groups, systemMasters, impersonated} = context.identity;
		const evidence: Evidence[] = [{kind: 'User', name: username, ...say.line('ev.who', {groups: groups.join(', ') || '-'})}];
		if (systemMasters) {
			return {status: 'warn', severity: 'medium', evidence, ...say.reason('reason.masters')};
		}
		return {status: 'pass', severity: 'info', evidence, ...impersonated ? say.reason('reason.impersonated', {user: username}) : {}};
	},
};
