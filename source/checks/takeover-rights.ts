// 1.3 takeover-rights: No identity outside Kubernetes' own can take over the cluster.
// The check in one file: its probe and its words (the fix is manual). Who holds each right is
// read as the RBAC authorizer sees it (facts/rbac.ts: aggregated roles, wildcards, groups such
// as system:authenticated), Kubernetes' own grants recognised by their default content, and
// each finding confirmed by a SubjectAccessReview where the operator may ask for one.
import type {Check, CheckContext, Evidence, Status} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {type Confirmation, type Grant, type Permission, type Question, type Subject, confirmations, everyoneGroup, grantsEverything, holders, reachesServiceAccount, reviewBudget, subjectText, whereText} from '../facts/rbac.js';
import {guideUrl, podSpec} from '../facts/util.js';
import {runners, serviceAccountOf} from '../facts/workloads.js';

const en = {
	title: 'No identity outside Kubernetes\' own can take over the cluster',
	risk: 'Some rights are the whole cluster in disguise: reading Secrets (every token and password in them), exec into pods, starting pods or workloads in kube-system, binding or escalating roles, impersonating, the kubelet API (nodes/proxy), minting service-account tokens, approving certificates. Granted to a group such as system:authenticated, they belong to everyone who can sign in; granted to a service account, to every pod that runs as it.',
	attack: 'An attacker with any signed-in identity, or code running in a pod whose service account holds one of these rights, reads a controller\'s token from a Secret, mints one, or starts a pod in kube-system, and from there is cluster-admin.',
	fix: 'No automatic fix: whether each grant is needed is for you to judge. The findings name the subject (or the workload and the account it runs as), the right, where it holds it and the binding to edit. Holders of cluster-admin are listed by cluster-admin-subjects.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Remove the subject from the binding (kubectl edit clusterrolebinding <name>), or narrow the role: resourceNames for the Secrets it really reads, a Role in its own namespace instead of a ClusterRole. Never bind a role with these rights to system:authenticated, system:unauthenticated or system:serviceaccounts. Run workloads as a service account of their own that holds nothing they do not use.',
	link: `${guideUrl}#api-authorization`,
	'ev.subject': '{subject}{who} can {rights} {where} through {bindings} ({source})',
	'ev.workload': 'runs as ServiceAccount {account}, which can {rights} {where} through {bindings}: code running in it holds that',
	'who.authenticated': ' (everyone who signs in)',
	'who.unauthenticated': ' (everyone, without signing in)',
	'who.serviceaccounts': ' (every service account in every namespace)',
	'who.namespaceServiceaccounts': ' (every service account of namespace {namespace})',
	'right.secrets': '{verbs} Secrets',
	'right.exec': 'exec into pods',
	'right.pods': 'create {resources}',
	'right.bind': 'bind roles',
	'right.escalate': 'escalate roles',
	'right.impersonate': 'impersonate {resources}',
	'right.nodeProxy': 'use the kubelet API (nodes/proxy)',
	'right.tokens': 'mint service-account tokens',
	'right.approve': 'approve certificate signing requests',
	'right.everything': 'do anything',
	'source.review-allowed': 'confirmed by a SubjectAccessReview',
	'source.review-denied': 'granted by the RBAC objects, though a SubjectAccessReview does not allow it now (an aggregated role not yet filled in, or another authorizer)',
	'source.rbac-only': 'from the RBAC objects; a SubjectAccessReview could not be made',
	'source.over-budget': 'from the RBAC objects; not confirmed by a SubjectAccessReview, as there were more than {limit} to ask and the most severe findings were confirmed first',
	pass: 'Outside Kubernetes\' own default grants and cluster-admin holders, nobody can read Secrets, exec into pods, start pods in kube-system, bind, escalate, impersonate, reach the kubelet API, mint tokens or approve certificates.',
	'step.review': 'For each finding, read the binding and its role, and ask the owner of the subject (or of the workload) whether it really needs that right.',
	'step.unbind': 'Where it does not, remove the subject from the binding; never leave such a role bound to system:authenticated, system:unauthenticated or system:serviceaccounts.',
	'step.narrow': 'Where it needs only some Secrets, replace the ClusterRole with a Role in its own namespace that names them with resourceNames.',
	'step.account': 'Give each listed workload a service account of its own that holds only what it uses, and switch the workload to it.',
	'step.verify': 'Ask the API server again as the subject: the answers should be no.',
} as const;

const zh = translation(en)({
	title: 'Kubernetes 自身以外的身分都無法接管叢集',
	risk: '有些權限其實等於整個叢集：讀取 Secret（裡面的每個令牌和密碼）、exec 進 Pod、在 kube-system 啟動 Pod 或工作負載、綁定或提升角色、冒充身分、kubelet API（nodes/proxy）、簽發服務帳戶令牌、核准證書。授予 system:authenticated 這類群組時，每個能登入的人都擁有它們；授予服務帳戶時，每個以它身分執行的 Pod 都擁有它們。',
	attack: '攻擊者只要有任何一個能登入的身分，或能在服務帳戶持有這類權限的 Pod 中執行程式碼，就能從 Secret 讀出某個控制器的令牌、自己簽發一個，或在 kube-system 啟動 Pod，從此成為 cluster-admin。',
	fix: '沒有自動修復：每項授權是否需要，要由你判斷。發現的項目會寫出主體（或工作負載及它所用的帳戶）、權限、生效範圍，以及要修改的綁定。cluster-admin 的持有者由 cluster-admin-subjects 列出。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '把主體從綁定中移除（kubectl edit clusterrolebinding <name>），或縮小角色：對它真正要讀的 Secret 用 resourceNames，用它自己名字空間裡的 Role 取代 ClusterRole。絕不要把帶有這些權限的角色綁定給 system:authenticated、system:unauthenticated 或 system:serviceaccounts。讓每個工作負載使用自己的服務帳戶，而且不持有任何用不到的權限。',
	link: en.link,
	'ev.subject': '{subject}{who} {where}可以{rights}，透過 {bindings}（{source}）',
	'ev.workload': '以 ServiceAccount {account} 執行，而它{where}可以{rights}，透過 {bindings}：在其中執行的程式碼就擁有這些權限',
	'who.authenticated': '（每個能登入的人）',
	'who.unauthenticated': '（每個人，不必登入）',
	'who.serviceaccounts': '（所有名字空間中的每個服務帳戶）',
	'who.namespaceServiceaccounts': '（名字空間 {namespace} 的每個服務帳戶）',
	'right.secrets': '對 Secret 執行 {verbs}',
	'right.exec': 'exec 進 Pod',
	'right.pods': '建立 {resources}',
	'right.bind': '綁定角色',
	'right.escalate': '提升角色權限（escalate）',
	'right.impersonate': '冒充 {resources}',
	'right.nodeProxy': '使用 kubelet API（nodes/proxy）',
	'right.tokens': '簽發服務帳戶令牌',
	'right.approve': '核准證書簽署請求',
	'right.everything': '做任何事',
	'source.review-allowed': '已由 SubjectAccessReview 確認',
	'source.review-denied': '由 RBAC 物件授予，但 SubjectAccessReview 目前不允許（聚合角色尚未填好，或還有別的鑑權器）',
	'source.rbac-only': '來自 RBAC 物件；無法做 SubjectAccessReview',
	'source.over-budget': '來自 RBAC 物件；未經 SubjectAccessReview 確認，因為要問的超過 {limit} 個，已先確認最嚴重的發現',
	pass: '除了 Kubernetes 自己的預設授權與 cluster-admin 持有者之外，沒有人能讀取 Secret、exec 進 Pod、在 kube-system 啟動 Pod、綁定或提升角色、冒充身分、使用 kubelet API、簽發令牌或核准證書。',
	'step.review': '針對每個發現，讀一讀綁定與它的角色，並詢問該主體（或工作負載）的負責人是否真的需要這項權限。',
	'step.unbind': '不需要時，把主體從綁定中移除；絕不要讓這種角色綁定在 system:authenticated、system:unauthenticated 或 system:serviceaccounts 上。',
	'step.narrow': '只需要部分 Secret 時，用它自己名字空間裡的 Role 取代 ClusterRole，並以 resourceNames 列出這些 Secret。',
	'step.account': '給每個列出的工作負載一個自己的服務帳戶，只持有它用得到的權限，並讓工作負載改用它。',
	'step.verify': '再以該主體的身分詢問 API 伺服器：答案都應該是 no。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('takeover-rights', words);

type RightId = 'secrets' | 'exec' | 'pods' | 'bind' | 'escalate' | 'impersonate' | 'nodeProxy' | 'tokens' | 'approve';

/** The takeover set: each right, and the permissions that give it. */
const rights: Array<{id: RightId; permissions: Permission[]}> = [
	{id: 'secrets', permissions: ['get', 'list', 'watch'].map(verb => ({verb, group: '', resource: 'secrets'}))},
	{id: 'exec', permissions: [{verb: 'create', group: '', resource: 'pods/exec'}]},
	{id: 'pods', permissions: [
		{verb: 'create', group: '', resource: 'pods'},
		...['deployments', 'daemonsets', 'statefulsets', 'replicasets'].map(resource => ({verb: 'create', group: 'apps', resource})),
		...['jobs', 'cronjobs'].map(resource => ({verb: 'create', group: 'batch', resource})),
	]},
	{id: 'bind', permissions: ['clusterroles', 'roles'].map(resource => ({verb: 'bind', group: 'rbac.authorization.k8s.io', resource}))},
	{id: 'escalate', permissions: ['clusterroles', 'roles'].map(resource => ({verb: 'escalate', group: 'rbac.authorization.k8s.io', resource}))},
	{id: 'impersonate', permissions: ['users', 'groups', 'serviceaccounts'].map(resource => ({verb: 'impersonate', group: '', resource}))},
	{id: 'nodeProxy', permissions: ['get', 'create'].map(verb => ({verb, group: '', resource: 'nodes/proxy'}))},
	{id: 'tokens', permissions: [{verb: 'create', group: '', resource: 'serviceaccounts/token'}]},
	{id: 'approve', permissions: [{verb: 'update', group: 'certificates.k8s.io', resource: 'certificatesigningrequests/approval'}]},
];

/** One subject's rights in one scope: cluster-wide or a kube-* namespace (takeover), or another namespace (its Secrets only). */
interface Holding {
	subject: Subject;
	/** undefined: every namespace. */
	namespace: string | undefined;
	takeover: boolean;
	/** Right to the permissions held (verbs or resources, for the words). */
	rights: Map<RightId, Grant[]>;
}

function rightText(id: RightId, grants: Grant[]): string {
	const held = [...new Set(grants.map(grant => id === 'secrets' ? grant.permission.verb : grant.permission.resource))].join(', ');
	switch (id) {
		case 'secrets': {
			return say('right.secrets', {verbs: held});
		}
		case 'pods': {
			return say('right.pods', {resources: held});
		}
		case 'impersonate': {
			return say('right.impersonate', {resources: held});
		}
		default: {
			return say(`right.${id}`);
		}
	}
}

function rightsText(holding: Holding): string {
	return [...holding.rights].map(([id, grants]) => rightText(id, grants)).join(', ');
}

/** Who a group stands for, said after its name; nothing for a user or service account. */
function whoText(subject: Subject): string {
	const group = everyoneGroup(subject);
	if (group === 'namespaceServiceaccounts') {
		return say('who.namespaceServiceaccounts', {namespace: subject.name.slice('system:serviceaccounts:'.length)});
	}
	return group ? say(`who.${group}`) : '';
}

function bindingsText(holding: Holding): string {
	return [...new Set([...holding.rights.values()].flat().map(grant => `${grant.binding.kind} ${grant.binding.key}`))].join(', ');
}

/**
 * Every subject's takeover rights (cluster-wide or in kube-*), and Secret reads in other
 * namespaces, by subject and scope; through cluster-admin-like ClusterRoleBindings only when
 * `everything` (those holders are cluster-admin-subjects' findings).
 */
async function holdings(context: CheckContext, everything: boolean): Promise<Holding[]> {
	const byKey = new Map<string, Holding>();
	for (const right of rights) {
		for (const permission of right.permissions) {
			for (const grant of await holders(context, permission)) {
				if (grant.own || (!everything && grantsEverything(grant.binding))) {
					continue;
				}
				const takeover = grant.namespace === undefined || grant.namespace.startsWith('kube-');
				if (!takeover && right.id !== 'secrets') {
					continue;
				}
				const key = `${subjectText(grant.subject)}@${grant.namespace ?? '*'}`;
				let holding = byKey.get(key);
				if (!holding) {
					holding = {subject: grant.subject, namespace: grant.namespace, takeover, rights: new Map()};
					byKey.set(key, holding);
				}
				const list = holding.rights.get(right.id) ?? [];
				list.push(grant);
				holding.rights.set(right.id, list);
			}
		}
	}
	return [...byKey.values()];
}

/** The questions that confirm a holding: one per right (confirmed only when every right is). */
function questions(holding: Holding): Question[] {
	return [...holding.rights.values()].map(grants => ({subject: holding.subject, permission: grants[0]!.permission, namespace: holding.namespace}));
}

/**
 * Most severe first, for the review budget: cluster-wide, then kube-*, then Secret reads in one
 * other namespace; groups everyone is in before other subjects. A stable sort: otherwise in the
 * order the rights, bindings and subjects were listed (the API server lists in a fixed order).
 */
function bySeverity(a: Holding, b: Holding): number {
	const scope = (holding: Holding) => holding.namespace === undefined ? 0 : holding.takeover ? 1 : 2;
	const everyone = (holding: Holding) => everyoneGroup(holding.subject) === undefined ? 1 : 0;
	return scope(a) - scope(b) || everyone(a) - everyone(b);
}

function sourceText(source: Confirmation): string {
	return source === 'over-budget' ? say('source.over-budget', {limit: reviewBudget}) : say(`source.${source}`);
}

export const takeoverRights: Check = {
	id: 'takeover-rights',
	section: '1.3',
	words,
	steps: [
		{id: 'review', text: 'step.review', command: 'kubectl describe clusterrolebinding <name>\nkubectl describe clusterrole <role>'},
		{id: 'unbind', text: 'step.unbind', command: 'kubectl edit clusterrolebinding <name>'},
		{id: 'narrow', text: 'step.narrow', command: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: <name>\n  namespace: <namespace>\nrules:\n- apiGroups: [""]\n  resources: [secrets]\n  resourceNames: [<secret>]\n  verbs: [get]'},
		{id: 'account', text: 'step.account', command: 'kubectl -n <namespace> create serviceaccount <app>\nkubectl -n <namespace> set serviceaccount deployment <app> <app>'},
		{id: 'verify', text: 'step.verify', command: 'kubectl auth can-i list secrets -A --as=system:serviceaccount:<namespace>:<account>\nkubectl auth can-i create pods -n kube-system --as=system:serviceaccount:<namespace>:<account>'},
	],
	seeIt: [
		'kubectl get clusterrolebindings,rolebindings -A -o wide | grep -E \'system:(authenticated|unauthenticated|serviceaccounts)\'',
		'kubectl auth can-i list secrets -A --as=kubectl-harden-nobody --as-group=system:authenticated',
		'kubectl auth can-i --list -n kube-system --as=system:serviceaccount:<namespace>:<account>',
	],
	async probe(context) {
		const listed = (await holdings(context, false)).sort(bySeverity);
		const sources = await confirmations(context, listed, questions);
		const found: Evidence[] = [];
		const statuses: Status[] = [];
		listed.forEach((holding, index) => {
			const source = sources[index]!;
			const {subject} = holding;
			statuses.push(holding.takeover ? 'fail' : 'warn');
			found.push({
				kind: subject.kind,
				namespace: subject.kind === 'ServiceAccount' ? subject.namespace : undefined,
				name: subject.name,
				...say.line('ev.subject', {subject: subjectText(subject), who: whoText(subject), rights: rightsText(holding), where: whereText(holding), bindings: bindingsText(holding), source: sourceText(source)}),
			});
		});
		// Every pod or workload whose service account holds a takeover right (cluster-admin
		// included), named once; a pod that does not mount its token is left out. Grants to
		// system:authenticated or system:serviceaccounts reach every pod alike: their own line
		// above says so, rather than one line per pod in the cluster.
		const takeovers = (await holdings(context, true)).filter(holding => holding.takeover && (holding.subject.kind === 'ServiceAccount' || holding.subject.name.startsWith('system:serviceaccounts:')));
		for (const runner of await runners(context)) {
			if (podSpec(runner).automountServiceAccountToken === false) {
				continue;
			}
			const namespace = runner.metadata.namespace ?? '';
			const account = serviceAccountOf(runner);
			for (const holding of takeovers.filter(item => reachesServiceAccount(item.subject, namespace, account))) {
				const everything = [...holding.rights.values()].flat().some(grant => grantsEverything(grant.binding));
				statuses.push('fail');
				found.push({
					kind: runner.kind,
					namespace,
					name: runner.metadata.name,
					...say.line('ev.workload', {account: `${namespace}/${account}`, rights: everything ? say('right.everything') : rightsText(holding), where: whereText(holding), bindings: bindingsText(holding)}),
				});
			}
		}
		found.sort((a, b) => `${a.kind}/${a.namespace ?? ''}/${a.name}/${a.detail}`.localeCompare(`${b.kind}/${b.namespace ?? ''}/${b.name}/${b.detail}`));
		if (found.length === 0) {
			return {status: 'pass', severity: 'info', evidence: [], ...say.reason('pass')};
		}
		const status: Status = statuses.includes('fail') ? 'fail' : 'warn';
		// Secret reads confined to one ordinary namespace weigh less than cluster-wide takeover.
		return {status, severity: status === 'fail' ? 'critical' : 'medium', evidence: found};
	},
};
