// 1.3 cluster-admin-subjects: Few identities hold cluster-admin.
// The check in one file: its probe, its fix and its words.
import {accessRemovalImpact} from '../engine/impact.js';
import type {Check, Evidence, Status} from '../engine/types.js';
import {type Words, sayer, line, catalogPhrase, translation} from '../engine/words.js';
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
	'step.role': 'Before the fix takes cluster-admin from a service account, give it a Role with only the verbs and resources it uses, in the namespaces it works in (see what it does in its logs or the audit log).',
	'step.people': 'Bind cluster-admin to a group of named people that you can audit, rather than to each person or to a service account.',
	'step.verify': 'Check that the service account no longer holds every right.',
} as const;

const zh = translation(en)({
	title: '只有少數身分持有 cluster-admin',
	risk: '每個綁定到 cluster-admin（或允許對所有資源執行所有動作的角色）的主體，都能讀取每個 Secret，並在任何節點上執行任何東西。持有這種權力的服務帳戶，會把它交給每一個以它身分執行的 Pod。',
	attack: '攻擊者只要攻陷一個以這種服務帳戶執行的 Pod（CI runner、operator），就能從 Pod 的檔案系統讀出它的令牌，拿下整個叢集。',
	fix: '從列出的每條綁定中移除服務帳戶；移除後沒有主體的綁定會被刪除。使用者和群組只有在你選定的綁定中才會被移除（導覽中按 t，命令列用 --target）。你自己的身分永遠不會被移除。預覽會說明誰失去了什麼。',
	undo: 'kubectl harden undo 會把主體放回去（或重新建立綁定），除非之後有人改過它。',
	manual: '給每個服務帳戶一個只含它實際所需權限的 Role，並只放在它工作的名字空間裡。cluster-admin 只留給少數具名的人，最好透過一個可以審計的群組。',
	link: en.link,
	'ev.system': '（Kubernetes 自己的；屬預期）',
	'ev.serviceAccount': '（這是服務帳戶：每個以它身分執行的 Pod 都持有這個權限）',
	pass: '只有 Kubernetes 自己的身分持有 cluster-admin 或全部權限。',
	'step.role': '在修復拿走某個服務帳戶的 cluster-admin 之前，先在它工作的名字空間裡給它一個 Role，只含它用到的動作與資源（從它的日誌或審計日誌看它做了什麼）。',
	'step.people': '把 cluster-admin 綁定到一個由具名人員組成、可以審計的群組，而不是逐一綁定到個人或服務帳戶。',
	'step.verify': '確認這個服務帳戶不再持有全部權限。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
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
	steps: [
		{id: 'role', text: 'step.role', command: 'kubectl -n <namespace> create role <account>-role --verb=get,list,watch --resource=<resources>\nkubectl -n <namespace> create rolebinding <account>-role --role=<account>-role --serviceaccount=<namespace>:<account>'},
		{id: 'people', text: 'step.people', command: 'kubectl create clusterrolebinding cluster-admins --clusterrole=cluster-admin --group=<admins-group>'},
		{id: 'verify', text: 'step.verify', command: 'kubectl auth can-i \'*\' \'*\' -A --as=system:serviceaccount:<namespace>:<account>'},
	],
	seeIt: [
		'kubectl get clusterrolebindings,rolebindings -A -o wide | grep -E \'ClusterRole/cluster-admin\'',
		'kubectl auth can-i \'*\' \'*\' -A --as=system:serviceaccount:<namespace>:<account>',
		'kubectl describe clusterrole <role>',
	],
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
