// 1.3 token-automount: Pods mount an API token only when they use the API.
// The check in one file: its probe, its fix and its words. A service account's token is mounted
// into every pod that runs as it unless the account or the pod says automountServiceAccountToken:
// false. An account no binding gives anything beyond Kubernetes' own defaults has nothing to call
// the API for: its mounted token only serves whoever breaks into the pod.
import type {Change, Check, CheckContext, Evidence, FixPlan} from '../engine/types.js';
import {type Words, sayer} from '../engine/words.js';
import {type Binding, bindings, isDefaultGrant, reachesServiceAccount} from '../facts/rbac.js';
import {chooseTargets, guideUrl, podSpec, target, workloadNamespaces} from '../facts/util.js';
import {runners, serviceAccountOf} from '../facts/workloads.js';
import type {KubeObject} from '../kube/objects.js';

const en = {
	title: 'Pods mount an API token only when they use the API',
	risk: 'Every pod gets its service account\'s API token in its filesystem unless told otherwise. Most applications never call the Kubernetes API; for them the token is only something to steal.',
	attack: 'An attacker who gets code execution in a pod reads /var/run/secrets/kubernetes.io/serviceaccount/token and talks to the API server as that account: discovery of the cluster at least, and whatever any binding, now or later, grants the account or all service accounts.',
	fix: 'Sets automountServiceAccountToken: false on each service account listed (only those no binding gives anything of its own, so their pods have nothing to call the API for). Running pods keep their token until they are re-created; a pod that states automountServiceAccountToken: true keeps mounting it. Nothing changes until you confirm the preview, which names each account and the pods and workloads that use it; t in the walk (--target on the command line) limits it to one account.',
	undo: 'kubectl harden undo puts each account\'s automountServiceAccountToken back as it was, unless someone changed the account since.',
	manual: 'For a workload that does call the API, keep the token but give it a service account of its own with only the Role it needs; set automountServiceAccountToken: false in the pod templates of everything else.',
	link: `${guideUrl}#api-authorization`,
	'ev.account': 'mounts its API token into {runners}, yet no binding gives it anything of its own: the token is of use only to an attacker',
	'ev.more': '{names} and {count} more',
	change: 'set automountServiceAccountToken: false on ServiceAccount {account} (used by {runners})',
	'note.explicit': '{runner} states automountServiceAccountToken: true and will keep mounting the token of {account}.',
	pass: 'No pod mounts the token of a service account that holds no rights of its own.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('token-automount', words);

interface Unneeded {
	account: KubeObject;
	runners: KubeObject[];
}

/** Whether any binding (beyond Kubernetes' own defaults) reaches this account: itself, or a group it is in. */
function holdsRights(all: Binding[], namespace: string, name: string): boolean {
	return all.some(binding => binding.subjects.some(subject => !isDefaultGrant(binding, subject) && reachesServiceAccount(subject, namespace, name)));
}

function mounts(runner: KubeObject, account: KubeObject | undefined): boolean {
	const own = podSpec(runner).automountServiceAccountToken;
	return own ?? (account?.['automountServiceAccountToken'] as boolean | undefined) ?? true;
}

function runnerText(runner: KubeObject): string {
	return `${runner.kind} ${runner.metadata.name}`;
}

function runnersText(list: KubeObject[]): string {
	const names = list.map(runnerText);
	return names.length <= 3 ? names.join(', ') : say('ev.more', {names: names.slice(0, 3).join(', '), count: names.length - 3});
}

/** Service accounts in workload namespaces whose token is mounted, though no binding gives them anything. */
async function unneeded(context: CheckContext): Promise<Unneeded[]> {
	const namespaces = new Set((await workloadNamespaces(context)).map(ns => ns.metadata.name));
	const [accounts, running, all] = await Promise.all([context.snapshot.list('v1', 'ServiceAccount'), runners(context, namespaces), bindings(context)]);
	const byKey = new Map(accounts.map(account => [target(account.metadata.namespace, account.metadata.name), account]));
	const found = new Map<string, Unneeded>();
	for (const runner of running) {
		const namespace = runner.metadata.namespace ?? '';
		const key = target(namespace, serviceAccountOf(runner));
		const account = byKey.get(key);
		if (!account || !mounts(runner, account) || holdsRights(all, namespace, account.metadata.name)) {
			continue;
		}
		const entry = found.get(key) ?? {account, runners: []};
		entry.runners.push(runner);
		found.set(key, entry);
	}
	return [...found.values()];
}

export const tokenAutomount: Check = {
	id: 'token-automount',
	section: '1.3',
	words,
	async probe(context) {
		const list = await unneeded(context);
		if (list.length === 0) {
			return {status: 'pass', severity: 'info', evidence: [], ...say.reason('pass')};
		}
		const evidence: Evidence[] = list.map(({account, runners: users}) => ({kind: 'ServiceAccount', namespace: account.metadata.namespace, name: account.metadata.name, ...say.line('ev.account', {runners: runnersText(users)})}));
		// Only accounts that do not already say false: a pod stating true is a note, not a target.
		const fixTargets = list.filter(({account}) => account['automountServiceAccountToken'] !== false).map(({account}) => target(account.metadata.namespace, account.metadata.name));
		return {status: 'warn', severity: 'medium', evidence, fixTargets};
	},
	async planFix(context, verdict, options): Promise<FixPlan> {
		const notes: string[] = [];
		const chosen = new Set(chooseTargets(verdict.fixTargets ?? [], options, notes));
		const changes: Change[] = [];
		for (const {account, runners: users} of await unneeded(context)) {
			const key = target(account.metadata.namespace, account.metadata.name);
			if (!chosen.has(key) || account['automountServiceAccountToken'] === false) {
				continue;
			}
			for (const runner of users.filter(item => podSpec(item).automountServiceAccountToken === true)) {
				notes.push(say('note.explicit', {runner: runnerText(runner), account: key}));
			}
			changes.push({
				action: 'patch',
				ref: {apiVersion: 'v1', kind: 'ServiceAccount', namespace: account.metadata.namespace, name: account.metadata.name},
				patch: {automountServiceAccountToken: false},
				resourceVersion: account.metadata.resourceVersion,
				summary: say('change', {account: key, runners: runnersText(users)}),
			});
		}
		return {checkId: 'token-automount', changes, notes};
	},
};
