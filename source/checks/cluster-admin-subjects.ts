// 1.3 cluster-admin-subjects: Few identities hold cluster-admin.
// The check in one file: its probe, its fix and its words.
import {accessRemovalImpact} from '../engine/impact.js';
import type {Check, Evidence, Status} from '../engine/types.js';
import {type Words, sayer, line, catalogPhrase} from '../engine/words.js';
import {type Binding, type Subject, bindings, isSystemSubject, removeSubjectsPlan, subjectText, whereText, grantsEverything} from '../facts/rbac.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'Few identities hold cluster-admin',
	risk: 'Every subject bound to cluster-admin, or to a role allowing every verb on every resource, can read every Secret and run anything on any node. A service account with that power hands it to every pod that runs as it.',
	attack: 'An attacker who compromises one pod running as such a service account (a CI runner, an operator) reads its token from the pod\'s filesystem and owns the cluster.',
	fix: 'Removes the service accounts from each binding listed; a binding left with no subject is deleted. Users and groups are removed only from a binding you pick (t in the walk, --target on the command line). Your own identity is never removed. The preview says who loses what.',
	undo: 'kubectl harden undo puts the subjects back (or recreates the binding), unless someone changed it since.',
	manual: 'Give each service account a Role with only what it does, in the namespaces it works in. Keep cluster-admin for a few named people, preferably through a group you can audit.',
	link: `${guideUrl}#api-authorization`,
	'ev.system': '(Kubernetes\' own; expected)',
	'ev.serviceAccount': '(a service account: every pod running as it holds this)',
	pass: 'Only Kubernetes\' own identities hold cluster-admin or all permissions.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('cluster-admin-subjects', words);

/** The subjects of a binding that hold everything, and are not Kubernetes' own. */
function adminHolders(binding: Binding): Subject[] {
	return binding.builtIn || !grantsEverything(binding) ? [] : binding.subjects.filter(subject => !isSystemSubject(subject));
}

export const clusterAdminSubjects: Check = {
	id: 'cluster-admin-subjects',
	section: '1.3',
	reads: ['ClusterRoleBinding', 'RoleBinding', 'ClusterRole', 'Role'],
	words,
	async probe(context) {
		const found: Evidence[] = [];
		const fixTargets: string[] = [];
		let serviceAccounts = false;
		for (const binding of await bindings(context)) {
			if (!grantsEverything(binding)) {
				continue;
			}
			const flagged = adminHolders(binding);
			for (const subject of binding.subjects) {
				const system = !flagged.includes(subject);
				serviceAccounts ||= !system && subject.kind === 'ServiceAccount';
				found.push({
					kind: binding.kind,
					namespace: binding.namespace,
					name: binding.object.metadata.name,
					...line([
						catalogPhrase('rbac.grantAll', {subject: subjectText(subject), role: `${binding.roleKind} ${binding.roleName}`, where: whereText(binding)}),
						...system ? [say.code('ev.system')] : subject.kind === 'ServiceAccount' ? [say.code('ev.serviceAccount')] : [],
					], ' '),
				});
			}
			if (flagged.length > 0) {
				fixTargets.push(binding.key);
			}
		}
		const status: Status = serviceAccounts ? 'fail' : fixTargets.length > 0 ? 'warn' : 'pass';
		return {status, severity: status === 'fail' ? 'critical' : status === 'warn' ? 'high' : 'info', evidence: found, fixTargets, ...status === 'pass' ? say.reason('pass') : {}};
	},
	impact: accessRemovalImpact,
	planFix(context, verdict, options) {
		// Without a chosen target the fix takes service accounts only: people and groups with
		// cluster-admin are often meant to have it, so they go only when picked one by one.
		const picked = (options.targets ?? []).length > 0;
		return removeSubjectsPlan('cluster-admin-subjects', context, verdict, options, binding => adminHolders(binding).filter(subject => picked || subject.kind === 'ServiceAccount'));
	},
};
