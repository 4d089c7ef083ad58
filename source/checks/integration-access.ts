// 4.5 integration-access: Add-ons and their installers hold only what they need.
// The check in one file: its probe, its fix and its words.
import {accessRemovalImpact} from '../engine/impact.js';
import {type Check, type Evidence, type Status, combine, isSystemNamespace} from '../engine/types.js';
import {type Words, sayer, line} from '../engine/words.js';
import {type Binding, type Subject, allows, bindings, isEverything, isSystemSubject, removeSubjectsPlan, subjectText, whereText} from '../facts/rbac.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'Add-ons and their installers hold only what they need',
	risk: 'Operators, CI systems and add-ons are often installed with broad rights. A service account that can read every Secret or start pods in kube-system turns one compromised add-on into a compromised cluster.',
	attack: 'An attacker who takes over an add-on\'s pod uses its token to list every Secret in the cluster, or starts a pod in kube-system that mounts a controller\'s service account, or a privileged pod in a namespace that enforces nothing, and from there the node.',
	fix: 'Removes the flagged service accounts, users and groups from the bindings that give them cluster-wide Secret reads or pod creation reaching kube-* namespaces; a binding left with no subject is deleted. Your own subjects are never removed. Pod creation in namespaces without Pod Security is closed by the pod-security fix (3.2), not here.',
	undo: 'Undo puts the removed subjects back into the binding, or recreates the deleted binding as it was.',
	manual: 'Give each integration a Role in its own namespace with the verbs and resources it uses (resourceNames where it reads named Secrets); avoid ClusterRoleBindings for Secrets; keep kube-system for Kubernetes\' own components; label namespaces where others deploy with pod-security.kubernetes.io/enforce=baseline or restricted.',
	link: `${guideUrl}#review-third-party-integrations-before-enabling-them`,
	'ev.grant': '{subject} can {what} through {role} {where}',
	'ev.secrets': '{verbs} every Secret',
	'ev.podsEverywhere': 'create {resources} in every namespace, kube-system included',
	'ev.podsSystem': 'create {resources} in {namespace}',
	'ev.serviceAccount': '(a service account: every pod running as it holds this)',
	'ev.privileged': 'enforces no Pod Security level, and {subjects} can create {resources} here through {binding}: a privileged pod, and with it the node, is one manifest away',
	pass: 'No add-on or person outside Kubernetes\' own reads every Secret or starts pods in kube-* namespaces, and nobody but admins creates pods where nothing is enforced.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('integration-access', words);

const podCreation: Array<{group: string; resource: string}> = [
	{group: '', resource: 'pods'},
	...['deployments', 'daemonsets', 'statefulsets', 'replicasets'].map(resource => ({group: 'apps', resource})),
	...['jobs', 'cronjobs'].map(resource => ({group: 'batch', resource})),
];

function canCreatePods(binding: Binding): string[] {
	return podCreation.filter(({group, resource}) => binding.rules.some(rule => allows(rule, 'create', group, resource))).map(({resource}) => resource);
}

function readsSecrets(binding: Binding): string[] {
	return ['get', 'list', 'watch'].filter(verb => binding.rules.some(rule => allows(rule, verb, '', 'secrets')));
}

/** Holders of everything are the cluster-admin check's (1.3); Kubernetes' own bindings are expected. */
function candidates(binding: Binding): Subject[] {
	const everything = binding.kind === 'ClusterRoleBinding' && ((binding.roleKind === 'ClusterRole' && binding.roleName === 'cluster-admin') || isEverything(binding.rules));
	return binding.builtIn || everything ? [] : binding.subjects.filter(subject => !isSystemSubject(subject));
}

/** Subjects flagged in a binding: reading Secrets cluster-wide, or creating pods where kube-* namespaces are reached. */
function flagged(binding: Binding): {subjects: Subject[]; secrets: string[]; pods: string[]} {
	const subjects = candidates(binding);
	const reads = readsSecrets(binding);
	const secrets = binding.kind === 'ClusterRoleBinding' && reads.some(verb => verb === 'list' || verb === 'watch') ? reads : [];
	const reachesSystem = binding.kind === 'ClusterRoleBinding' || (binding.namespace?.startsWith('kube-') ?? false);
	const pods = reachesSystem ? canCreatePods(binding) : [];
	return {subjects: secrets.length > 0 || pods.length > 0 ? subjects : [], secrets, pods};
}

const enforcing = new Set(['baseline', 'restricted']);

export const integrationAccess: Check = {
	id: 'integration-access',
	section: '4.5',
	reads: ['ClusterRoleBinding', 'RoleBinding', 'ClusterRole', 'Role'],
	words,
	async probe(context) {
		const parts: Array<{status: Status; evidence: Evidence[]}> = [];
		const fixTargets: string[] = [];
		const all = await bindings(context);
		for (const binding of all) {
			const {subjects, secrets, pods} = flagged(binding);
			for (const subject of subjects) {
				const account = subject.kind === 'ServiceAccount';
				const role = `${binding.roleKind} ${binding.roleName}`;
				const what = [
					secrets.length > 0 ? say('ev.secrets', {verbs: secrets.join(', ')}) : '',
					pods.length > 0 ? say(binding.namespace ? 'ev.podsSystem' : 'ev.podsEverywhere', {resources: pods.join(', '), namespace: binding.namespace ?? ''}) : '',
				].filter(Boolean).join('; ');
				parts.push({status: account ? 'fail' : 'warn', evidence: [{
					kind: binding.kind, namespace: binding.namespace, name: binding.object.metadata.name,
					...line([say.code('ev.grant', {subject: subjectText(subject), what, role, where: whereText(binding)}), ...account ? [say.code('ev.serviceAccount')] : []], ' '),
				}]});
			}
			if (subjects.length > 0) {
				fixTargets.push(binding.key);
			}
		}
		// Namespaces with no Pod Security enforcement, where someone other than an admin can start pods.
		const namespaces = await context.snapshot.namespaces();
		const open = new Map(namespaces
			.filter(namespace => !isSystemNamespace(namespace.metadata.name) && !enforcing.has(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'] ?? ''))
			.map(namespace => [namespace.metadata.name, namespace]));
		for (const binding of all) {
			if (!binding.namespace || !open.has(binding.namespace) || binding.roleName === 'admin') {
				continue;
			}
			const subjects = candidates(binding);
			const pods = canCreatePods(binding);
			if (subjects.length === 0 || pods.length === 0) {
				continue;
			}
			parts.push({status: 'warn', evidence: [{
				kind: 'Namespace', name: binding.namespace,
				...say.line('ev.privileged', {subjects: subjects.map(subjectText).join(', '), binding: `${binding.kind} ${binding.key}`, resources: pods.join(', ')}),
			}]});
		}
		const verdict = combine(parts, 'high');
		return {...verdict, fixTargets: fixTargets.length > 0 ? fixTargets : undefined, ...verdict.status === 'pass' ? say.reason('pass') : {}};
	},
	impact: accessRemovalImpact,
	planFix(context, verdict, options) {
		return removeSubjectsPlan('integration-access', context, verdict, options, binding => flagged(binding).subjects);
	},
};
