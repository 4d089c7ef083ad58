// 4.5 integration-access: Add-ons and their installers hold only what they need.
// The check in one file: its probe, its fix and its words.
import {accessRemovalImpact} from '../engine/impact.js';
import {type Check, type Evidence, type Status, combine, isSystemNamespace} from '../engine/types.js';
import {type Words, sayer, line, translation} from '../engine/words.js';
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
	'step.review': 'For each flagged binding, see everything its subject may do, and ask the add-on\'s owner which Secrets and namespaces it really needs.',
	'step.role': 'Replace the broad grant with a Role in the add-on\'s own namespace that names the verbs and resources it uses (resourceNames for Secrets it reads by name), bound to its service account; then remove it from the broad binding (the fix does that).',
	'step.kubeSystem': 'Keep kube-system for Kubernetes\' own components: install add-ons into namespaces of their own, so a right to start pods there cannot reach the controllers\' service accounts.',
	'step.podSecurity': 'Label each namespace where others deploy with an enforced Pod Security level (baseline at least, restricted where the workloads allow it).',
	'step.verify': 'Ask as the service account: it should no longer list Secrets everywhere or create pods in kube-system.',
} as const;

const zh = translation(en)({
	title: '附加元件及其安裝工具只擁有必要的權限',
	risk: 'Operator、CI 系統和附加元件安裝時常帶著很大的權限。一個能讀取所有 Secret，或能在 kube-system 啟動 Pod 的服務帳戶，會讓一個附加元件被攻破變成整個叢集被攻破。',
	attack: '攻擊者接管某個附加元件的 Pod 後，用它的令牌列出叢集中每個 Secret；或在 kube-system 啟動一個掛載控制器服務帳戶的 Pod；或在不強制任何限制的名字空間啟動特權 Pod，再從那裡拿下節點。',
	fix: '把被標記的服務帳戶、使用者和群組，從讓它們能在整個叢集讀取 Secret、或能在 kube-* 名字空間建立 Pod 的綁定中移除；移除後沒有任何主體的綁定會被刪除。你自己的主體絕不會被移除。在沒有 Pod 安全性的名字空間建立 Pod 的權限，由 pod-security 的修復（3.2）處理，不在這裡。',
	undo: '復原會把移除的主體放回綁定中，或把被刪除的綁定按原樣重建。',
	manual: '給每個整合一個位於它自己名字空間的 Role，只包含它用到的動詞和資源（讀取特定名稱的 Secret 時用 resourceNames）；避免用 ClusterRoleBinding 授予 Secret 權限；kube-system 只留給 Kubernetes 自己的元件；在其他人會部署的名字空間加上 pod-security.kubernetes.io/enforce=baseline 或 restricted 標籤。',
	link: en.link,
	'ev.grant': '{subject} 透過 {role} {where}可以{what}',
	'ev.secrets': '對所有 Secret 執行 {verbs}',
	'ev.podsEverywhere': '在包括 kube-system 在內的所有名字空間建立 {resources}',
	'ev.podsSystem': '在 {namespace} 建立 {resources}',
	'ev.serviceAccount': '（這是服務帳戶：以它身分執行的每個 Pod 都擁有這個權限）',
	'ev.privileged': '沒有強制任何 Pod 安全性級別，而 {subjects} 可以透過 {binding} 在這裡建立 {resources}：只差一份清單，就能得到特權 Pod，連帶拿下節點',
	pass: '除了 Kubernetes 自己的元件，沒有任何附加元件或人員能讀取所有 Secret 或在 kube-* 名字空間啟動 Pod；在沒有強制限制的地方，只有管理員能建立 Pod。',
	'step.review': '對每個被標記的綁定，查看其主體能做的所有事，並向附加元件的負責人確認它真正需要哪些 Secret 和名字空間。',
	'step.role': '用一個位於附加元件自己名字空間的 Role 取代過大的授權，只列出它用到的動詞和資源（讀取特定名稱的 Secret 時用 resourceNames），綁定到它的服務帳戶；再把它從過大的綁定中移除（修復會做這一步）。',
	'step.kubeSystem': 'kube-system 只留給 Kubernetes 自己的元件：把附加元件安裝到它們自己的名字空間，讓在那裡啟動 Pod 的權限碰不到控制器的服務帳戶。',
	'step.podSecurity': '在其他人會部署的每個名字空間加上強制的 Pod 安全性級別標籤（至少 baseline，工作負載允許的話用 restricted）。',
	'step.verify': '以該服務帳戶的身分詢問：它應該不能再列出所有 Secret，也不能在 kube-system 建立 Pod。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
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
	steps: [
		{id: 'review', text: 'step.review', command: 'kubectl get clusterrolebindings,rolebindings -A -o wide\nkubectl auth can-i --list --as=system:serviceaccount:<namespace>:<service-account>'},
		{id: 'role', text: 'step.role', command: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: <add-on>-secrets\n  namespace: <namespace>\nrules:\n- apiGroups: [""]\n  resources: ["secrets"]\n  resourceNames: ["<secret-name>"]\n  verbs: ["get"]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: <add-on>-secrets\n  namespace: <namespace>\nsubjects:\n- kind: ServiceAccount\n  name: <service-account>\n  namespace: <namespace>\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: <add-on>-secrets'},
		{id: 'kubeSystem', text: 'step.kubeSystem', command: 'kubectl -n kube-system get deployments,daemonsets,statefulsets'},
		{id: 'podSecurity', text: 'step.podSecurity', command: 'kubectl label namespace <namespace> pod-security.kubernetes.io/enforce=baseline'},
		{id: 'verify', text: 'step.verify', command: 'kubectl auth can-i list secrets -A --as=system:serviceaccount:<namespace>:<service-account>\nkubectl auth can-i create pods -n kube-system --as=system:serviceaccount:<namespace>:<service-account>'},
	],
	seeIt: [
		'kubectl get clusterrolebindings -o wide',
		'kubectl auth can-i --list --as=system:serviceaccount:<namespace>:<service-account>',
		'kubectl auth can-i list secrets -A --as=system:serviceaccount:<namespace>:<service-account>',
		'kubectl get namespaces -L pod-security.kubernetes.io/enforce',
	],
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
