// RBAC as the operator thinks of it: who (a subject), can do what (verbs on resources), where
// (cluster-wide or one namespace), through which binding. Shared by the section 1 and 4.5
// checks, and the one fix they share: take subjects out of a binding, or delete it when none
// would be left.
import type {RbacV1Subject, V1AggregationRule, V1LabelSelector, V1PolicyRule, V1RoleRef} from '@kubernetes/client-node';
import {type Change, type CheckContext, type FixOptions, type FixPlan, type Verdict, target} from '../engine/types.js';
import {chooseTargets} from '../facts/util.js';
import {forEachLimited, requestConcurrency} from '../engine/limit.js';
import type {KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import {isKubeError} from '../kube/errors.js';


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
	/** The rules of the role it binds as stored (empty when the role does not exist). */
	rules: Rule[];
	/**
	 * The rules as the authorizer will apply them: for an aggregated ClusterRole, also the rules of
	 * every ClusterRole its selectors match (whether or not the aggregation controller has yet).
	 */
	aggregated: Rule[];
	/**
	 * Kubernetes' own: the binding holds exactly the default content of the bootstrap policy
	 * (or kubeadm's), its role and no subject beyond the default ones. An edited default
	 * binding (an extra subject, a swapped role) is not built in.
	 */
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
		const aggregatedClusterRules = aggregatedRules(clusterRoles);
		const roleRules = new Map(roles.map(role => [`${role.metadata.namespace}/${role.metadata.name}`, (role['rules'] ?? []) as Rule[]]));
		return [...clusterBindings, ...roleBindings].map((object): Binding => {
			const roleRef = (object['roleRef'] ?? {}) as Partial<V1RoleRef>;
			const namespace = object.metadata.namespace;
			const roleKind = roleRef.kind ?? 'ClusterRole';
			const roleName = roleRef.name ?? '';
			const rules = roleKind === 'ClusterRole' ? clusterRoleRules.get(roleName) : roleRules.get(`${namespace}/${roleName}`);
			const subjects = (object['subjects'] ?? []) as Subject[];
			const defaults = defaultSubjects(namespace, object.metadata.name, roleKind, roleName);
			return {
				object,
				kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
				key: target(namespace, object.metadata.name),
				namespace,
				roleKind,
				roleName,
				subjects,
				rules: rules ?? [],
				aggregated: (roleKind === 'ClusterRole' ? aggregatedClusterRules.get(roleName) : rules) ?? [],
				builtIn: defaults !== undefined && subjects.every(subject => defaults.has(subjectText(subject))),
			};
		});
	});
}

export function subjectText(subject: Subject): string {
	return subject.kind === 'ServiceAccount' ? `ServiceAccount ${subject.namespace ?? '?'}/${subject.name}` : `${subject.kind} ${subject.name}`;
}

/**
 * The groups every caller of a kind is in: what is granted to them is granted to everyone who
 * signs in (or does not), or to every service account. Never Kubernetes' own.
 */
export function everyoneGroup(subject: Subject): 'authenticated' | 'unauthenticated' | 'serviceaccounts' | 'namespaceServiceaccounts' | undefined {
	if (subject.kind === 'User' && subject.name === 'system:anonymous') {
		return 'unauthenticated';
	}
	if (subject.kind !== 'Group') {
		return undefined;
	}
	if (subject.name === 'system:authenticated' || subject.name === 'system:unauthenticated') {
		return subject.name === 'system:authenticated' ? 'authenticated' : 'unauthenticated';
	}
	return subject.name === 'system:serviceaccounts' ? 'serviceaccounts' : subject.name.startsWith('system:serviceaccounts:') ? 'namespaceServiceaccounts' : undefined;
}

/**
 * Kubernetes' own identities as the older checks judge them: system:* users and groups, but
 * not the groups everyone is in (system:authenticated, system:unauthenticated,
 * system:serviceaccounts[:ns]) nor system:anonymous.
 */
export function isSystemSubject(subject: Subject): boolean {
	return subject.name.startsWith('system:') && subject.kind !== 'ServiceAccount' && everyoneGroup(subject) === undefined;
}

/**
 * The default content of the bindings the API server's bootstrap policy (and kubeadm) creates:
 * `namespace/name` (or `name`) to the role and the subjects it holds by default. Recognised by
 * this exact content, never by a name's `system:` prefix.
 */
const defaultBindings: Record<string, {role: string; subjects: string[]}> = {
	'cluster-admin': {role: 'ClusterRole cluster-admin', subjects: ['Group system:masters']},
	'system:basic-user': {role: 'ClusterRole system:basic-user', subjects: ['Group system:authenticated']},
	'system:cluster-trust-bundle-discovery': {role: 'ClusterRole system:cluster-trust-bundle-discovery', subjects: ['Group system:serviceaccounts']},
	'system:discovery': {role: 'ClusterRole system:discovery', subjects: ['Group system:authenticated']},
	'system:kube-controller-manager': {role: 'ClusterRole system:kube-controller-manager', subjects: ['User system:kube-controller-manager']},
	'system:kube-dns': {role: 'ClusterRole system:kube-dns', subjects: ['ServiceAccount kube-system/kube-dns']},
	'system:kube-scheduler': {role: 'ClusterRole system:kube-scheduler', subjects: ['User system:kube-scheduler']},
	'system:monitoring': {role: 'ClusterRole system:monitoring', subjects: ['Group system:monitoring']},
	'system:node': {role: 'ClusterRole system:node', subjects: []},
	'system:node-proxier': {role: 'ClusterRole system:node-proxier', subjects: ['User system:kube-proxy']},
	'system:public-info-viewer': {role: 'ClusterRole system:public-info-viewer', subjects: ['Group system:authenticated', 'Group system:unauthenticated']},
	'system:service-account-issuer-discovery': {role: 'ClusterRole system:service-account-issuer-discovery', subjects: ['Group system:serviceaccounts']},
	'system:volume-scheduler': {role: 'ClusterRole system:volume-scheduler', subjects: ['User system:kube-scheduler']},
	'kube-system/system::extension-apiserver-authentication-reader': {role: 'Role extension-apiserver-authentication-reader', subjects: ['User system:kube-controller-manager', 'User system:kube-scheduler']},
	'kube-system/system::leader-locking-kube-controller-manager': {role: 'Role system::leader-locking-kube-controller-manager', subjects: ['User system:kube-controller-manager', 'ServiceAccount kube-system/kube-controller-manager', 'ServiceAccount kube-system/leader-election-controller']},
	'kube-system/system::leader-locking-kube-scheduler': {role: 'Role system::leader-locking-kube-scheduler', subjects: ['User system:kube-scheduler', 'ServiceAccount kube-system/kube-scheduler']},
	'kube-public/system:controller:bootstrap-signer': {role: 'Role system:controller:bootstrap-signer', subjects: ['ServiceAccount kube-system/bootstrap-signer']},
	// kubeadm: cluster-info for joining nodes, and the bootstrap token's rights.
	'kube-public/kubeadm:bootstrap-signer-clusterinfo': {role: 'Role kubeadm:bootstrap-signer-clusterinfo', subjects: ['User system:anonymous']},
	'kubeadm:kubelet-bootstrap': {role: 'ClusterRole system:node-bootstrapper', subjects: ['Group system:bootstrappers:kubeadm:default-node-token']},
	'kubeadm:node-autoapprove-bootstrap': {role: 'ClusterRole system:certificates.k8s.io:certificatesigningrequests:nodeclient', subjects: ['Group system:bootstrappers:kubeadm:default-node-token']},
	'kubeadm:node-autoapprove-certificate-rotation': {role: 'ClusterRole system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', subjects: ['Group system:nodes']},
	'kubeadm:get-nodes': {role: 'ClusterRole kubeadm:get-nodes', subjects: ['Group system:bootstrappers:kubeadm:default-node-token']},
	'kubeadm:node-proxier': {role: 'ClusterRole system:node-proxier', subjects: ['ServiceAccount kube-system/kube-proxy']},
	'kube-system/kube-proxy': {role: 'Role kube-proxy', subjects: ['Group system:bootstrappers:kubeadm:default-node-token']},
	'kube-system/kubeadm:kubelet-config': {role: 'Role kubeadm:kubelet-config', subjects: ['Group system:nodes', 'Group system:bootstrappers:kubeadm:default-node-token']},
	'kube-system/kubeadm:nodes-kubeadm-config': {role: 'Role kubeadm:nodes-kubeadm-config', subjects: ['Group system:nodes', 'Group system:bootstrappers:kubeadm:default-node-token']},
};

const controllerPrefix = 'system:controller:';

/**
 * The subjects a binding holds by default (as subjectText), when it is one of Kubernetes' own
 * with its default role; undefined otherwise. Each controller's binding gives its role to the
 * controller's own service account in kube-system, and to nothing else.
 */
export function defaultSubjects(namespace: string | undefined, name: string, roleKind: string, roleName: string): Set<string> | undefined {
	const known = defaultBindings[target(namespace, name)];
	if (known) {
		return known.role === `${roleKind} ${roleName}` ? new Set(known.subjects) : undefined;
	}
	const controllerScope = namespace === undefined || namespace === 'kube-system';
	if (controllerScope && name.startsWith(controllerPrefix) && roleName === name && roleKind === (namespace ? 'Role' : 'ClusterRole')) {
		return new Set([`ServiceAccount kube-system/${name.slice(controllerPrefix.length)}`]);
	}
	return undefined;
}

/** Whether this subject holds this binding's role as Kubernetes' default content gives it. */
export function isDefaultGrant(binding: Binding, subject: Subject): boolean {
	return defaultSubjects(binding.namespace, binding.object.metadata.name, binding.roleKind, binding.roleName)?.has(subjectText(subject)) ?? false;
}

function selects(selector: V1LabelSelector, labels: Record<string, string>): boolean {
	return Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value)
		&& (selector.matchExpressions ?? []).every(({key, operator, values = []}) => {
			const value = labels[key];
			switch (operator) {
				case 'In': {
					return value !== undefined && values.includes(value);
				}
				case 'NotIn': {
					return value === undefined || !values.includes(value);
				}
				case 'Exists': {
					return value !== undefined;
				}
				default: {
					return value === undefined;
				}
			}
		});
}

/**
 * Each ClusterRole's rules, aggregated roles included: a role with an aggregationRule holds the
 * rules of every ClusterRole its selectors match, as the API server's aggregation controller
 * fills them in (and whether or not it has yet).
 */
function aggregatedRules(clusterRoles: KubeObject[]): Map<string, Rule[]> {
	const rules = new Map(clusterRoles.map(role => [role.metadata.name, [...((role['rules'] ?? []) as Rule[])]]));
	for (const role of clusterRoles) {
		const selectors = ((role['aggregationRule'] ?? {}) as V1AggregationRule).clusterRoleSelectors ?? [];
		if (selectors.length === 0) {
			continue;
		}
		const own = rules.get(role.metadata.name)!;
		for (const other of clusterRoles) {
			if (other !== role && selectors.some(selector => selects(selector, other.metadata.labels ?? {}))) {
				own.push(...((other['rules'] ?? []) as Rule[]));
			}
		}
	}
	return rules;
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

export function whereText(binding: Pick<Binding, 'namespace'>): string {
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

/** Whether a binding's subject reaches a service account: the account itself, or a group it is in (system:serviceaccounts[:ns], system:authenticated). */
export function reachesServiceAccount(subject: Subject, namespace: string, name: string): boolean {
	if (subject.kind === 'ServiceAccount') {
		return subject.namespace === namespace && subject.name === name;
	}
	return subject.kind === 'Group' && ['system:authenticated', 'system:serviceaccounts', `system:serviceaccounts:${namespace}`].includes(subject.name);
}

/** A permission the authorizer is asked about: a verb on a resource (`nodes/proxy` names a subresource) of an API group. */
export interface Permission {
	verb: string;
	group: string;
	resource: string;
}

/** One subject holding a permission through one binding, cluster-wide (`namespace` undefined) or in one namespace. */
export interface Grant {
	subject: Subject;
	binding: Binding;
	permission: Permission;
	namespace: string | undefined;
	/** Held as Kubernetes' default content gives it (the bootstrap policy, kubeadm). */
	own: boolean;
}

/**
 * Who holds a permission, as the RBAC authorizer sees it: every subject of every
 * ClusterRoleBinding and RoleBinding whose role (aggregated ClusterRoles included, wildcards
 * matched) allows it, groups as bound (`system:authenticated` stands for everyone signed in).
 * Rules narrowed by resourceNames reach only the named objects and are not counted.
 */
export async function holders(context: CheckContext, permission: Permission): Promise<Grant[]> {
	const grants: Grant[] = [];
	for (const binding of await bindings(context)) {
		if (!binding.aggregated.some(rule => (rule.resourceNames ?? []).length === 0 && allows(rule, permission.verb, permission.group, permission.resource))) {
			continue;
		}
		for (const subject of binding.subjects) {
			grants.push({subject, binding, permission, namespace: binding.namespace, own: isDefaultGrant(binding, subject)});
		}
	}
	return grants;
}

/**
 * Where an answer about a subject's rights came from: the API server's review (allowed or not),
 * the RBAC objects alone because no review may be made (`rbac-only`), or because the check had
 * already asked as many as it may in one run (`over-budget`, see `reviewBudget`).
 */
export type Confirmation = 'review-allowed' | 'review-denied' | 'rbac-only' | 'over-budget';

/**
 * SubjectAccessReviews one check sends at most in a run (takeover-rights and namespace-changes
 * each). A finding is confirmed with one review per right it names; on a cluster with
 * thousands of bindings that would be thousands of requests. The check orders its findings
 * most severe first (cluster-wide, then kube-*, then one other namespace), confirms them in
 * that order while their distinct questions fit, and says of the rest that they rest on the
 * RBAC objects and were not confirmed because there were more than this many to ask.
 */
export const reviewBudget = 150;

/** One question for the authorizer: may this subject do this, here (undefined: cluster-wide)? */
export interface Question {
	subject: Subject;
	permission: Permission;
	namespace: string | undefined;
}

function questionKey({subject, permission, namespace}: Question): string {
	return `review:${subjectText(subject)}:${permission.verb}:${permission.group}:${permission.resource}:${namespace ?? '*'}`;
}

/**
 * How many of `items`, taken in the order given (most severe first), are confirmed: the longest
 * run from the start whose distinct questions (the same question asked for two findings counts
 * once) fit within `budget`.
 */
export function withinBudget<T>(items: readonly T[], questions: (item: T) => Question[], budget = reviewBudget): number {
	const asked = new Set<string>();
	let count = 0;
	for (const item of items) {
		const fresh = new Set(questions(item).map(questionKey).filter(key => !asked.has(key)));
		if (asked.size + fresh.size > budget) {
			break;
		}
		for (const key of fresh) {
			asked.add(key);
		}
		count++;
	}
	return count;
}

/**
 * The word on each finding, in the order given (most severe first): the findings within the
 * review budget asked (at most requestConcurrency at once), every one beyond it 'over-budget'.
 */
export async function confirmations<T>(context: CheckContext, items: readonly T[], questions: (item: T) => Question[]): Promise<Confirmation[]> {
	const within = withinBudget(items, questions);
	const answers: Confirmation[] = items.map(() => 'over-budget');
	await forEachLimited(items.slice(0, within), requestConcurrency, async (item, index) => {
		answers[index] = await confirmAll(context, questions(item));
	});
	return answers;
}

/** The word on several questions of one finding: confirmed only when every one is. */
export async function confirmAll(context: CheckContext, questions: Question[]): Promise<Confirmation> {
	const answers: Confirmation[] = [];
	for (const question of questions) {
		answers.push(await confirm(context, question.subject, question.permission, question.namespace));
	}
	return answers.includes('rbac-only') ? 'rbac-only' : answers.includes('review-denied') ? 'review-denied' : 'review-allowed';
}

/** The user and groups a subject is authorized as (a service account is also in its groups and system:authenticated). */
function reviewedAs(subject: Subject): {user: string; groups: string[]} {
	if (subject.kind === 'ServiceAccount') {
		return {user: `system:serviceaccount:${subject.namespace ?? ''}:${subject.name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${subject.namespace ?? ''}`, 'system:authenticated']};
	}
	if (subject.kind === 'Group') {
		return {user: 'kubectl-harden:group-member', groups: [subject.name]};
	}
	return {user: subject.name, groups: []};
}

/**
 * The API server's own answer: a SubjectAccessReview for the subject, the permission and the
 * namespace (undefined: cluster-wide). `rbac-only` when the review may not be made (the finding
 * then rests on the RBAC objects alone).
 */
export async function confirm(context: CheckContext, subject: Subject, permission: Permission, namespace: string | undefined): Promise<Confirmation> {
	const [resource, subresource] = permission.resource.split('/');
	return context.snapshot.once(questionKey({subject, permission, namespace}), async () => {
		try {
			const {body} = await context.snapshot.request<{status?: {allowed?: boolean}}>({
				method: 'POST',
				path: '/apis/authorization.k8s.io/v1/subjectaccessreviews',
				body: {apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: {...reviewedAs(subject), resourceAttributes: {verb: permission.verb, group: permission.group, resource, subresource, namespace}}},
			});
			return body.status?.allowed === true ? 'review-allowed' : 'review-denied';
		} catch (error) {
			if (isKubeError(error)) {
				return 'rbac-only';
			}
			throw error;
		}
	});
}
