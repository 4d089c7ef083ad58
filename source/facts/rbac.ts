// RBAC as the operator thinks of it: who (a subject), can do what (verbs on resources), where
// (cluster-wide or one namespace), through which binding. Shared by the section 1 and 4.5
// checks, and the one fix they share: take subjects out of a binding, or delete it when none
// would be left.
import type {RbacV1Subject, V1PolicyRule, V1RoleRef} from '@kubernetes/client-node';
import {type Change, type CheckContext, type FixOptions, type FixPlan, type Verdict, target} from '../engine/types.js';
import {chooseTargets} from '../facts/util.js';
import type {KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';


/** A binding's subject (`User`, `Group` or `ServiceAccount`). */
export type Subject = RbacV1Subject;

/** One rule of a role. */
export type Rule = V1PolicyRule;

export interface Binding {
	object: KubeObject;
	kind: 'ClusterRoleBinding' | 'RoleBinding';
	/** `name` for a ClusterRoleBinding, `namespace/name` for a RoleBinding (the fix target). */
	key: string;
	namespace: string | undefined;
	roleKind: string;
	roleName: string;
	subjects: Subject[];
	/** The rules of the role it binds (empty when the role does not exist). */
	rules: Rule[];
	/** Kept up to date by the API server itself (system:* defaults). */
	builtIn: boolean;
}

export async function bindings(context: CheckContext): Promise<Binding[]> {
	return context.snapshot.once('rbac-bindings', async () => {
		const [clusterRoles, roles, clusterBindings, roleBindings] = await Promise.all([
			context.snapshot.listAll('rbac.authorization.k8s.io/v1', 'ClusterRole'),
			context.snapshot.list('rbac.authorization.k8s.io/v1', 'Role'),
			context.snapshot.listAll('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'),
			context.snapshot.list('rbac.authorization.k8s.io/v1', 'RoleBinding'),
		]);
		const clusterRoleRules = new Map(clusterRoles.map(role => [role.metadata.name, (role['rules'] ?? []) as Rule[]]));
		const roleRules = new Map(roles.map(role => [`${role.metadata.namespace}/${role.metadata.name}`, (role['rules'] ?? []) as Rule[]]));
		return [...clusterBindings, ...roleBindings].map(object => {
			const roleRef = (object['roleRef'] ?? {}) as Partial<V1RoleRef>;
			const namespace = object.metadata.namespace;
			const roleKind = roleRef.kind ?? 'ClusterRole';
			const roleName = roleRef.name ?? '';
			const rules = roleKind === 'ClusterRole' ? clusterRoleRules.get(roleName) : roleRules.get(`${namespace}/${roleName}`);
			return {
				object,
				kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
				key: target(namespace, object.metadata.name),
				namespace,
				roleKind,
				roleName,
				subjects: (object['subjects'] ?? []) as Subject[],
				rules: rules ?? [],
				builtIn: object.metadata.annotations?.['rbac.authorization.kubernetes.io/autoupdate'] === 'true' && object.metadata.name.startsWith('system:'),
			} satisfies Binding;
		});
	});
}

export function subjectText(subject: Subject): string {
	return subject.kind === 'ServiceAccount' ? `ServiceAccount ${subject.namespace ?? '?'}/${subject.name}` : `${subject.kind} ${subject.name}`;
}

/** Kubernetes' own identities: system:* users and groups, and service accounts of system controllers. */
export function isSystemSubject(subject: Subject): boolean {
	return subject.name.startsWith('system:') && subject.kind !== 'ServiceAccount';
}

export function sameSubject(a: Subject, b: Subject): boolean {
	return a.kind === b.kind && a.name === b.name && (a.kind !== 'ServiceAccount' || a.namespace === b.namespace);
}

function matches(list: string[] | undefined, value: string): boolean {
	return (list ?? []).some(item => item === '*' || item === value);
}

/** Whether a rule grants `verb` on `group`/`resource` (a resource may name a subresource, "nodes/proxy"). */
export function allows(rule: Rule, verb: string, group: string, resource: string): boolean {
	if (!matches(rule.verbs, verb) || !matches(rule.apiGroups, group)) {
		return false;
	}
	const [base] = resource.split('/');
	return (rule.resources ?? []).some(item => item === '*' || item === resource || (item === `${base}/*` && resource.includes('/')));
}

/** `*` verbs on `*` resources in `*` groups: everything, like cluster-admin. */
export function isEverything(rules: Rule[]): boolean {
	return rules.some(rule => (rule.verbs ?? []).includes('*') && (rule.resources ?? []).includes('*') && (rule.apiGroups ?? []).includes('*'));
}

/** "get, list, watch pods, services" per rule, for the operator. */
export function rulesText(rules: Rule[]): string {
	if (isEverything(rules)) {
		return t('rbac.everything');
	}
	const parts = rules.map(rule => {
		const what = rule.nonResourceURLs?.length ? rule.nonResourceURLs.join(', ') : (rule.resources ?? []).join(', ');
		return `${(rule.verbs ?? []).join(', ')} ${what}`;
	});
	return parts.length > 0 ? parts.join('; ') : t('rbac.noRules');
}

export function whereText(binding: Binding): string {
	return binding.namespace ? t('rbac.where.namespace', {namespace: binding.namespace}) : t('rbac.where.cluster');
}

/** Does this subject stand for the operator running the tool (so removing it would lock them out)? */
export function isOperator(context: CheckContext, subject: Subject): boolean {
	const {username, groups} = context.identity;
	if (subject.kind === 'User') {
		return subject.name === username;
	}
	if (subject.kind === 'Group') {
		return groups.includes(subject.name);
	}
	return username === `system:serviceaccount:${subject.namespace}:${subject.name}`;
}

/**
 * The fix shared by the RBAC checks: for each chosen binding, remove the flagged subjects
 * (patching `subjects` against the version read), or delete the binding when no subject would
 * be left. The operator's own subjects are never removed.
 */
export async function removeSubjectsPlan(
	checkId: string,
	context: CheckContext,
	verdict: Verdict,
	options: FixOptions,
	flagged: (binding: Binding) => Subject[],
): Promise<FixPlan> {
	const notes: string[] = [];
	const chosen = chooseTargets(verdict.fixTargets ?? [], options, notes);
	const byKey = new Map((await bindings(context)).map(binding => [binding.key, binding]));
	const changes: Change[] = [];
	for (const key of chosen) {
		const binding = byKey.get(key);
		if (!binding) {
			continue;
		}
		const remove = flagged(binding).filter(subject => {
			if (isOperator(context, subject)) {
				notes.push(t('rbac.note.keepOperator', {subject: subjectText(subject), binding: `${binding.kind} ${binding.key}`}));
				return false;
			}
			return true;
		});
		if (remove.length === 0) {
			continue;
		}
		const keep = binding.subjects.filter(subject => !remove.some(item => sameSubject(item, subject)));
		const ref = {apiVersion: 'rbac.authorization.k8s.io/v1', kind: binding.kind, namespace: binding.namespace, name: binding.object.metadata.name};
		const loses = t('rbac.loses', {subjects: remove.map(subjectText).join(', '), rules: rulesText(binding.rules), where: whereText(binding), role: `${binding.roleKind} ${binding.roleName}`});
		if (keep.length === 0) {
			changes.push({action: 'delete', ref, resourceVersion: binding.object.metadata.resourceVersion, summary: t('rbac.change.delete', {binding: `${binding.kind} ${binding.key}`, loses})});
		} else {
			changes.push({action: 'patch', ref, patch: {subjects: keep}, resourceVersion: binding.object.metadata.resourceVersion, summary: t('rbac.change.remove', {binding: `${binding.kind} ${binding.key}`, loses})});
		}
	}
	return {checkId, changes, notes};
}

/**
 * Everything, everywhere: a ClusterRoleBinding to cluster-admin or to a role allowing every
 * verb on every resource. (The same role bound in one namespace makes a namespace owner.)
 */
export function grantsEverything(binding: Binding): boolean {
	return binding.kind === 'ClusterRoleBinding' && ((binding.roleName === 'cluster-admin' && binding.roleKind === 'ClusterRole') || isEverything(binding.rules));
}
