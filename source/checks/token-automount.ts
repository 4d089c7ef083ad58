// 1.3 token-automount: Pods mount an API token only when they use the API.
// The check in one file: its probe, its fix and its words. A service account's token is mounted
// into every pod that runs as it unless the account or the pod says automountServiceAccountToken:
// false. An account no binding gives anything beyond Kubernetes' own defaults has nothing to call
// the API for: its mounted token only serves whoever breaks into the pod.
import type {Change, Check, CheckContext, Evidence, FixPlan} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
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
	'step.template': 'In the pod template of every workload that does not call the Kubernetes API (its Deployment, chart or manifest), turn the token off, so the next rollout keeps it off.',
	'step.account': 'For a workload that does call the API, give it a service account of its own, bound to a Role with only what it needs.',
	'step.restart': 'Running pods keep their token until they are re-created: restart the workloads listed.',
	'step.verify': 'Check that the new pods have no kube-api-access volume.',
} as const;

const zh = translation(en)({
	title: 'Pod 只在用到 API 時才掛載 API 令牌',
	risk: '除非另有指定，每個 Pod 的檔案系統裡都有它服務帳戶的 API 令牌。大多數應用程式從不呼叫 Kubernetes API；對它們來說，這個令牌只是等著被偷的東西。',
	attack: '攻擊者在 Pod 裡取得程式碼執行能力後，讀取 /var/run/secrets/kubernetes.io/serviceaccount/token，就能以該帳戶的身分與 API 伺服器對話：至少能探索叢集，還能使用任何綁定（現在或日後）授予該帳戶或所有服務帳戶的權限。',
	fix: '在列出的每個服務帳戶上設定 automountServiceAccountToken: false（只針對沒有任何綁定授予它自己權限的帳戶，所以它們的 Pod 沒有理由呼叫 API）。執行中的 Pod 會保留令牌，直到被重新建立；明確寫了 automountServiceAccountToken: true 的 Pod 會繼續掛載。在你確認預覽之前什麼都不會變；預覽會列出每個帳戶以及使用它的 Pod 和工作負載。導覽中按 t（命令列用 --target）可以只處理一個帳戶。',
	undo: 'kubectl harden undo 會把每個帳戶的 automountServiceAccountToken 還原成原來的值，除非之後有人改過這個帳戶。',
	manual: '對確實會呼叫 API 的工作負載，保留令牌，但給它一個自己的服務帳戶，只綁定它需要的 Role；其他所有工作負載則在 Pod 模板中設定 automountServiceAccountToken: false。',
	link: en.link,
	'ev.account': '把 API 令牌掛載進 {runners}，但沒有任何綁定授予它自己的權限：這個令牌只對攻擊者有用',
	'ev.more': '{names} 以及另外 {count} 個',
	change: '在 ServiceAccount {account} 上設定 automountServiceAccountToken: false（使用它的有：{runners}）',
	'note.explicit': '{runner} 明確寫了 automountServiceAccountToken: true，會繼續掛載 {account} 的令牌。',
	pass: '沒有 Pod 掛載不持有任何自己權限的服務帳戶的令牌。',
	'step.template': '在每個不呼叫 Kubernetes API 的工作負載的 Pod 模板裡（它的 Deployment、chart 或清單）關掉令牌，這樣下次發布時仍然保持關閉。',
	'step.account': '對確實會呼叫 API 的工作負載，給它一個自己的服務帳戶，並綁定到只含所需權限的 Role。',
	'step.restart': '執行中的 Pod 在被重新建立之前會保留令牌：重新啟動列出的工作負載。',
	'step.verify': '確認新的 Pod 裡沒有 kube-api-access 卷。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
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
	steps: [
		{id: 'template', text: 'step.template', command: 'spec:\n  template:\n    spec:\n      automountServiceAccountToken: false'},
		{id: 'account', text: 'step.account', command: 'kubectl -n <namespace> create serviceaccount <app>\nkubectl -n <namespace> create rolebinding <app> --role=<role> --serviceaccount=<namespace>:<app>\nkubectl -n <namespace> set serviceaccount deployment <app> <app>'},
		{id: 'restart', text: 'step.restart', command: 'kubectl -n <namespace> rollout restart deployment <name>'},
		{id: 'verify', text: 'step.verify', command: 'kubectl -n <namespace> get pods -o custom-columns=NAME:.metadata.name,VOLUMES:.spec.volumes[*].name'},
	],
	seeIt: [
		'kubectl get serviceaccounts -A -o custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,AUTOMOUNT:.automountServiceAccountToken',
		'kubectl get pods -A -o custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,ACCOUNT:.spec.serviceAccountName,AUTOMOUNT:.spec.automountServiceAccountToken',
		'kubectl auth can-i --list -n <namespace> --as=system:serviceaccount:<namespace>:<account>',
	],
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
