// 1.2 anonymous-bindings: Nothing is granted to anonymous callers.
// The check in one file: its probe, its fix and its words.
import {accessRemovalImpact} from '../engine/impact.js';
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, line, catalogPhrase, translation} from '../engine/words.js';
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

const zh = translation(en)({
	title: '不授予匿名呼叫者任何權限',
	risk: '主體是使用者 system:anonymous 或群組 system:unauthenticated 的 RoleBinding 或 ClusterRoleBinding，會把它的角色授予每一個連得到 API 伺服器的人，完全不用登入。',
	attack: '攻擊者不帶任何憑據就能列出 Pod、Service 和名字空間（或角色允許的其他東西），摸清叢集的樣貌、找到下一個弱點，而審計日誌裡不會留下任何使用者名稱。',
	fix: '從列出的每條綁定中移除 system:anonymous 與 system:unauthenticated；移除後沒有主體的綁定會被刪除。預覽會說明誰失去了什麼。Kubernetes 自己用於公開資訊（版本與健康狀態）的綁定不會被動到。',
	undo: 'kubectl harden undo 會把這些主體放回去（或重新建立被刪除的綁定），除非之後有人改過這條綁定。',
	manual: '如果真的有東西必須公開（例如狀態頁面），就在前面放一個持有自己憑據的小服務，而不是把 API 開放出去。',
	link: en.link,
	pass: '除了 Kubernetes 公開的版本與健康資訊之外，沒有任何綁定授予 system:anonymous 或 system:unauthenticated 權限。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
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
	seeIt: [
		'kubectl get clusterrolebindings,rolebindings -A -o wide | grep -E \'system:(anonymous|unauthenticated)\'',
		'kubectl describe clusterrolebinding <name>',
		'kubectl describe clusterrole <role>',
	],
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
