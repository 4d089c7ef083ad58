// 1.2 anonymous-bindings: Nothing is granted to anonymous callers.
// The check in one file: its probe, its fix and its words.
import {accessRemovalImpact} from '../engine/impact.js';
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, line, catalogPhrase} from '../engine/words.js';
import {type Binding, type Subject, bindings, isDefaultGrant, removeSubjectsPlan, rulesText, subjectText, whereText} from '../facts/rbac.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'Nothing is granted to anonymous callers',
	risk: 'A RoleBinding or ClusterRoleBinding whose subject is the user system:anonymous or the group system:unauthenticated grants its role to everyone who can reach the API server, without any login.',
	attack: 'An attacker lists pods, services and namespaces (or whatever the role allows) with no credentials, maps the cluster and finds the next weakness, all without leaving a user name in the audit log.',
	fix: 'Removes system:anonymous and system:unauthenticated from each binding listed; a binding left with no subject is deleted. The preview says who loses what. Kubernetes\' own public-info binding (version and health) is left alone.',
	undo: 'kubectl harden undo puts the subjects back (or recreates the deleted binding), unless someone changed the binding since.',
	manual: 'If something really must be public (a status page), put a small service in front that holds its own credentials instead of opening the API.',
	link: `${guideUrl}#api-authorization`,
	pass: 'No binding grants anything to system:anonymous or system:unauthenticated beyond Kubernetes\' public version and health information.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('anonymous-bindings', words);

const anonymousSubjects = (subject: Subject) => (subject.kind === 'User' && subject.name === 'system:anonymous') || (subject.kind === 'Group' && subject.name === 'system:unauthenticated');

/**
 * Anonymous subjects beyond what Kubernetes and kubeadm grant on purpose (the public version and
 * health info, cluster-info for joining nodes), judged by the default content of those
 * bindings: an extra subject or a swapped role is not exempt.
 */
function anonymousGrants(binding: Binding): Subject[] {
	return binding.subjects.filter(subject => anonymousSubjects(subject) && !isDefaultGrant(binding, subject));
}

export const anonymousBindings: Check = {
	id: 'anonymous-bindings',
	section: '1.2',
	reads: ['ClusterRoleBinding', 'RoleBinding', 'ClusterRole', 'Role'],
	words,
	async probe(context) {
		const found: Evidence[] = [];
		const fixTargets: string[] = [];
		for (const binding of await bindings(context)) {
			const subjects = anonymousGrants(binding);
			if (subjects.length === 0) {
				continue;
			}
			fixTargets.push(binding.key);
			found.push({kind: binding.kind, namespace: binding.namespace, name: binding.object.metadata.name, ...line(catalogPhrase('rbac.grant', {subjects: subjects.map(subjectText).join(', '), role: `${binding.roleKind} ${binding.roleName}`, rules: rulesText(binding.rules), where: whereText(binding)}))});
		}
		if (found.length === 0) {
			return {status: 'pass', severity: 'info', evidence: [], ...say.reason('pass')};
		}
		return {status: 'fail', severity: 'critical', evidence: found, fixTargets};
	},
	impact: accessRemovalImpact,
	planFix(context, verdict, options) {
		return removeSubjectsPlan('anonymous-bindings', context, verdict, options, anonymousGrants);
	},
};
