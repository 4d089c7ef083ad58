// 1.3 rbac-escalation: No hidden ways to gain more rights.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, joinIn, sayer, translation} from '../engine/words.js';
import {currentLanguage} from '../messages/catalog.js';
import {allows, bindings, isSystemSubject, subjectText, whereText, grantsEverything} from '../facts/rbac.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'No hidden ways to gain more rights',
	risk: 'Some permissions are worth more than they look: granting roles (bind, escalate), acting as others (impersonate), the kubelet API (nodes/proxy), minting tokens, approving certificates, and creating pods, which run as any service account of their namespace.',
	attack: 'A user or service account with one of these turns it into cluster-admin: it binds itself a stronger role, impersonates an admin, mints a token for a powerful account, or starts a pod that mounts that account\'s token.',
	fix: 'No automatic fix: whether each grant is needed is for you to judge. The findings name the subject, the binding and the role to edit.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'For each finding, edit the role to drop the verb or narrow it with resourceNames, or remove the subject from the binding: kubectl edit clusterrolebinding <name>. Keep pod creation to namespaces whose service accounts hold little.',
	link: `${guideUrl}#api-authorization`,
	'ev.path': '{subject} {where}, through {role}: {paths}',
	'path.escalate': 'escalate on roles (grant more than it has)',
	'path.bind': 'bind roles (give anyone any role)',
	'path.impersonate': 'impersonate users, groups or service accounts',
	'path.nodeProxy': 'nodes/proxy (the kubelet API: exec into any pod on the node)',
	'path.tokens': 'create service-account tokens',
	'path.approve': 'approve certificate signing requests',
	'path.pods': 'create pods (and so run as any service account where it can)',
	'path.workloads': 'create Deployments and other workloads (which create pods)',
	pass: 'No non-system subject holds an escalation path outside cluster-admin.',
	'step.review': 'For each finding, read what the role grants and ask the owner of the subject whether it needs that verb.',
	'step.narrow': 'Where it is needed only for some objects, narrow the rule with resourceNames; where it is not needed, drop the verb from the role.',
	'step.unbind': 'Where the subject should not hold the role at all, remove it from the binding.',
	'step.verify': 'Ask the API server again as the subject (a service account is system:serviceaccount:<namespace>:<name>): each answer should be no.',
} as const;

const zh = translation(en)({
	title: '沒有取得更多權限的暗門',
	risk: '有些權限的價值比表面上大：授予角色（bind、escalate）、冒充他人（impersonate）、kubelet API（nodes/proxy）、簽發令牌、核准證書，以及建立 Pod——Pod 可以用所在名字空間的任何服務帳戶身分執行。',
	attack: '持有其中一項的使用者或服務帳戶，可以把它變成 cluster-admin：替自己綁定更強的角色、冒充管理員、為有權力的帳戶簽發令牌，或啟動一個掛載該帳戶令牌的 Pod。',
	fix: '沒有自動修復：每項授權是否需要，要由你判斷。發現的項目會寫出要修改的主體、綁定和角色。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '針對每個發現，修改角色拿掉那個動作，或用 resourceNames 縮小範圍；或把主體從綁定中移除：kubectl edit clusterrolebinding <name>。建立 Pod 的權限只留在服務帳戶權限很少的名字空間裡。',
	link: en.link,
	'ev.path': '{subject} {where}透過 {role} 能夠：{paths}',
	'path.escalate': '對角色的 escalate（授予超過自己擁有的權限）',
	'path.bind': '綁定角色（把任何角色給任何人）',
	'path.impersonate': '冒充使用者、群組或服務帳戶',
	'path.nodeProxy': 'nodes/proxy（kubelet API：可以 exec 進節點上任何 Pod）',
	'path.tokens': '建立服務帳戶令牌',
	'path.approve': '核准證書簽署請求',
	'path.pods': '建立 Pod（因此能以它可用的任何服務帳戶身分執行）',
	'path.workloads': '建立 Deployment 等工作負載（它們會建立 Pod）',
	pass: '除了 cluster-admin 之外，沒有非系統主體持有提權路徑。',
	'step.review': '針對每個發現，讀一讀角色授予了什麼，並詢問該主體的負責人是否需要那個動作。',
	'step.narrow': '只有部分物件需要時，用 resourceNames 縮小規則；完全不需要時，從角色中拿掉那個動作。',
	'step.unbind': '主體根本不該持有這個角色時，把它從綁定中移除。',
	'step.verify': '再以該主體的身分詢問 API 伺服器（服務帳戶寫成 system:serviceaccount:<namespace>:<name>）：每個答案都應該是 no。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('rbac-escalation', words);

const escalationQuestions = [
	'kubectl auth can-i bind clusterroles.rbac.authorization.k8s.io -A --as=<user>',
	'kubectl auth can-i escalate clusterroles.rbac.authorization.k8s.io -A --as=<user>',
	'kubectl auth can-i impersonate users -A --as=<user>',
	'kubectl auth can-i get nodes --subresource=proxy -A --as=<user>',
].join('\n');

/** Permissions that let their holder give itself more (the guide's escalation paths). */
interface Escalation {
	id: 'escalate' | 'bind' | 'impersonate' | 'nodeProxy' | 'tokens' | 'approve' | 'pods' | 'workloads';
	verb: string;
	group: string;
	resources: string[];
	clusterOnly?: boolean;
}

const escalations: Escalation[] = [
	{id: 'escalate', verb: 'escalate', group: 'rbac.authorization.k8s.io', resources: ['roles', 'clusterroles']},
	{id: 'bind', verb: 'bind', group: 'rbac.authorization.k8s.io', resources: ['roles', 'clusterroles']},
	{id: 'impersonate', verb: 'impersonate', group: '', resources: ['users', 'groups', 'serviceaccounts'], clusterOnly: true},
	{id: 'nodeProxy', verb: 'get', group: '', resources: ['nodes/proxy'], clusterOnly: true},
	{id: 'tokens', verb: 'create', group: '', resources: ['serviceaccounts/token']},
	{id: 'approve', verb: 'update', group: 'certificates.k8s.io', resources: ['certificatesigningrequests/approval'], clusterOnly: true},
	{id: 'pods', verb: 'create', group: '', resources: ['pods']},
	{id: 'workloads', verb: 'create', group: 'apps', resources: ['deployments', 'daemonsets', 'statefulsets', 'replicasets']},
];

export const rbacEscalation: Check = {
	id: 'rbac-escalation',
	section: '1.3',
	reads: ['ClusterRoleBinding', 'RoleBinding', 'ClusterRole', 'Role'],
	words,
	steps: [
		{id: 'review', text: 'step.review', command: 'kubectl describe clusterrole <role>\nkubectl -n <namespace> describe role <role>'},
		{id: 'narrow', text: 'step.narrow', command: 'kubectl edit clusterrole <role>\n---\nrules:\n- apiGroups: [""]\n  resources: [serviceaccounts/token]\n  resourceNames: [<account>]\n  verbs: [create]'},
		{id: 'unbind', text: 'step.unbind', command: 'kubectl edit clusterrolebinding <name>\nkubectl -n <namespace> edit rolebinding <name>'},
		{id: 'verify', text: 'step.verify', command: escalationQuestions},
	],
	seeIt: [
		'kubectl auth can-i --list --as=<user>',
		'kubectl auth can-i bind clusterroles.rbac.authorization.k8s.io -A --as=<user>',
		'kubectl auth can-i get nodes --subresource=proxy -A --as=<user>',
		'kubectl describe clusterrole <role>',
	],
	async probe(context) {
		const found: Evidence[] = [];
		for (const binding of await bindings(context)) {
			const subjects = binding.subjects.filter(subject => !isSystemSubject(subject));
			// Holders of everything are the cluster-admin check's; Kubernetes' own bindings are expected.
			if (binding.builtIn || subjects.length === 0 || grantsEverything(binding)) {
				continue;
			}
			const paths = escalations.filter(path => {
				// Cluster-scoped resources (users, nodes, certificate requests) are out of a RoleBinding's reach.
				if (path.clusterOnly && binding.namespace) {
					return false;
				}
				// Creating pods or workloads in one's own namespace is ordinary; cluster-wide it reaches every service account.
				if ((path.id === 'pods' || path.id === 'workloads') && binding.namespace && !binding.namespace.startsWith('kube-')) {
					return false;
				}
				return path.resources.some(resource => binding.rules.some(rule => allows(rule, path.verb, path.group, resource)));
			});
			if (paths.length === 0) {
				continue;
			}
			for (const subject of subjects) {
				found.push({
					kind: binding.kind,
					namespace: binding.namespace,
					name: binding.object.metadata.name,
					...say.line('ev.path', {subject: subjectText(subject), paths: paths.map(path => say(`path.${path.id}`)).join(joinIn(currentLanguage())), where: whereText(binding), role: `${binding.roleKind} ${binding.roleName}`}),
				});
			}
		}
		return found.length > 0
			? {status: 'warn', severity: 'high', evidence: found}
			: {status: 'pass', severity: 'info', evidence: [], ...say.reason('pass')};
	},
};
