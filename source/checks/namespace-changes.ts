// 3.6 namespace-changes: Only cluster admins may change namespaces.
// The check in one file: its probe and its words (the fix is manual). A namespace's labels
// and annotations carry its Pod Security levels and its node selector; whoever may update or
// patch the Namespace object may lift them. Who may is read as the RBAC authorizer sees it
// (facts/rbac.ts: aggregated roles, wildcards, groups), Kubernetes' own grants recognised by
// their default content, holders of everything left to cluster-admin-subjects, and each
// finding confirmed by a SubjectAccessReview where the operator may ask for one.
import type {Check, CheckContext, Evidence, Status} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {type Confirmation, type Grant, type Permission, type Question, type Subject, confirmations, grantsEverything, holders, reviewBudget, subjectText, whereText} from '../facts/rbac.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'Only cluster admins may change namespaces',
	risk: 'A namespace\'s labels and annotations are part of its security: the Pod Security labels (pod-security.kubernetes.io/enforce ...) decide which pods are refused there, and the node-selector annotation keeps its pods on chosen nodes. Whoever may update or patch the Namespace object may take them off; granted cluster-wide, in every namespace.',
	attack: 'A team member (or code running as a service account) with update on namespaces relabels the namespace enforce=privileged, starts a privileged pod that mounts the node\'s disk, and leaves the container; or drops the node selector and lands on the nodes kept for another team.',
	fix: 'No automatic fix: taking the subject out of its binding would take away every other right that role gives. The findings name the subject, the verbs, where they hold them and the binding; narrow the role by hand.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Drop update and patch on namespaces from the roles bound to anyone who is not a cluster admin (kubectl edit clusterrole <name>, or a role of their own without them). Team owners can keep get, list and watch on namespaces. Then check with kubectl auth can-i patch namespaces --as=<user>.',
	link: `${guideUrl}#controlling-which-nodes-pods-may-access`,
	'ev.subject': '{subject} can {verbs} {where} through {bindings} ({source})',
	'where.own': 'its own namespace {namespace} (and so lift the Pod Security labels there)',
	'source.review-allowed': 'confirmed by a SubjectAccessReview',
	'source.review-denied': 'granted by the RBAC objects, though a SubjectAccessReview does not allow it now',
	'source.rbac-only': 'from the RBAC objects; a SubjectAccessReview could not be made',
	'source.over-budget': 'from the RBAC objects; not confirmed by a SubjectAccessReview, as there were more than {limit} to ask and the cluster-wide findings were confirmed first',
	pass: 'Outside Kubernetes\' own grants and cluster-admin holders, nobody may update or patch namespaces.',
	'reason.cluster': 'Someone other than a cluster admin may change the labels of every namespace, so Pod Security levels and node selectors hold only as long as they leave them alone.',
	'reason.namespaced': 'Someone may change the labels of a namespace they work in, so its Pod Security level holds only as long as they leave it alone.',
	'step.review': 'List who may change namespaces: the findings here, or kubectl auth can-i for a user or service account.',
	'step.narrow': 'Edit each role named in the findings: drop update and patch on namespaces (keep get, list, watch where needed), or bind a role without them instead.',
	'step.verify': 'Ask again as each subject: the answer should be no.',
} as const;

const zh = translation(en)({
	title: '只有叢集管理員能修改名字空間',
	risk: '名字空間的標籤與註解是它安全的一部分：Pod 安全標籤（pod-security.kubernetes.io/enforce ...）決定哪些 Pod 在這裡會被拒絕，node-selector 註解讓它的 Pod 只跑在指定的節點上。能 update 或 patch 名字空間對象的人就能把它們拿掉；若是叢集範圍的授權，每個名字空間都能。',
	attack: '擁有名字空間 update 權限的團隊成員（或以某個服務帳戶執行的程式）把名字空間的標籤改成 enforce=privileged，啟動一個掛載節點磁碟的特權 Pod，逃出容器；或拿掉節點選擇算符，跑到保留給其他團隊的節點上。',
	fix: '沒有自動修正：把主體從綁定中移除，也會拿走該角色給的其他所有權限。檢查結果列出主體、動詞、生效範圍與綁定；請手動縮小角色。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '從綁定給非叢集管理員的角色中移除名字空間的 update 與 patch（kubectl edit clusterrole <name>，或改綁一個不含它們的角色）。團隊負責人可保留名字空間的 get、list、watch。之後用 kubectl auth can-i patch namespaces --as=<user> 確認。',
	link: en.link,
	'ev.subject': '{subject} 能 {verbs}，範圍：{where}，透過 {bindings}（{source}）',
	'where.own': '自己的名字空間 {namespace}（因此能拿掉那裡的 Pod 安全標籤）',
	'source.review-allowed': '已由 SubjectAccessReview 確認',
	'source.review-denied': 'RBAC 對象給了這項權限，但 SubjectAccessReview 目前不允許',
	'source.rbac-only': '依據 RBAC 對象；無法發出 SubjectAccessReview',
	'source.over-budget': '依據 RBAC 對象；未經 SubjectAccessReview 確認，因為要問的超過 {limit} 個，已先確認叢集範圍的發現',
	pass: '除了 Kubernetes 自己的授權與 cluster-admin 持有者，沒有人能 update 或 patch 名字空間。',
	'reason.cluster': '叢集管理員以外的人能修改每個名字空間的標籤，所以 Pod 安全級別與節點選擇算符只有在他們不去動時才有效。',
	'reason.namespaced': '有人能修改自己所在名字空間的標籤，所以那裡的 Pod 安全級別只有在他們不去動時才有效。',
	'step.review': '列出能修改名字空間的人：見這裡的檢查結果，或對某個使用者、服務帳戶執行 kubectl auth can-i。',
	'step.narrow': '編輯檢查結果列出的每個角色：移除名字空間的 update 與 patch（需要時保留 get、list、watch），或改綁不含它們的角色。',
	'step.verify': '以每個主體的身分再問一次：答案應該是 no。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('namespace-changes', words);

const permissions: Permission[] = ['update', 'patch'].map(verb => ({verb, group: '', resource: 'namespaces'}));

/** One subject's namespace rights in one scope (undefined: every namespace). */
interface Holding {
	subject: Subject;
	namespace: string | undefined;
	grants: Grant[];
}

async function holdings(context: CheckContext): Promise<Holding[]> {
	const byKey = new Map<string, Holding>();
	for (const permission of permissions) {
		for (const grant of await holders(context, permission)) {
			// Kubernetes' own grants are expected; holders of everything are cluster-admin-subjects' findings.
			if (grant.own || grantsEverything(grant.binding)) {
				continue;
			}
			const key = `${subjectText(grant.subject)}@${grant.namespace ?? '*'}`;
			const holding = byKey.get(key) ?? {subject: grant.subject, namespace: grant.namespace, grants: []};
			holding.grants.push(grant);
			byKey.set(key, holding);
		}
	}
	return [...byKey.values()];
}

/** The questions that confirm a holding: one per verb held (confirmed only when every verb is). */
function questions(holding: Holding): Question[] {
	// A request on a Namespace carries its own name as its namespace: a RoleBinding there reaches it.
	return [...new Set(holding.grants.map(grant => grant.permission.verb))].map(verb => ({subject: holding.subject, permission: {verb, group: '', resource: 'namespaces'}, namespace: holding.namespace}));
}

/** Cluster-wide first, for the review budget (a stable sort: otherwise in the order the bindings were listed). */
function bySeverity(a: Holding, b: Holding): number {
	const scope = (holding: Holding) => holding.namespace === undefined ? 0 : 1;
	return scope(a) - scope(b);
}

function sourceText(source: Confirmation): string {
	return source === 'over-budget' ? say('source.over-budget', {limit: reviewBudget}) : say(`source.${source}`);
}

export const namespaceChanges: Check = {
	id: 'namespace-changes',
	section: '3.6',
	reads: ['ClusterRoleBinding', 'RoleBinding', 'ClusterRole', 'Role'],
	words,
	steps: [
		{id: 'review', text: 'step.review', command: 'kubectl auth can-i patch namespaces --as=<user>\nkubectl auth can-i update namespaces --as=system:serviceaccount:<namespace>:<name> -n <namespace>'},
		{id: 'narrow', text: 'step.narrow', command: 'kubectl edit clusterrole <name>    # or: kubectl -n <namespace> edit role <name>'},
		{id: 'verify', text: 'step.verify', command: 'kubectl auth can-i patch namespaces --as=<user>'},
	],
	seeIt: [
		'kubectl get clusterroles,roles -A -o json | jq -r \'.items[] | select(any(.rules[]?; ((.resources // []) | index("namespaces") or index("*")) and ((.verbs // []) | index("update") or index("patch") or index("*")))) | "\\(.kind) \\(.metadata.namespace // "-") \\(.metadata.name)"\'',
		'kubectl get clusterrolebindings,rolebindings -A -o wide',
		'kubectl auth can-i --list --as=<user> | grep namespaces',
	],
	async probe(context) {
		const listed = (await holdings(context)).sort(bySeverity);
		const sources = await confirmations(context, listed, questions);
		const found: Evidence[] = [];
		const statuses: Status[] = [];
		listed.forEach((holding, index) => {
			const source = sources[index]!;
			const {subject} = holding;
			statuses.push(holding.namespace === undefined ? 'fail' : 'warn');
			found.push({
				kind: subject.kind,
				namespace: subject.kind === 'ServiceAccount' ? subject.namespace : undefined,
				name: subject.name,
				...say.line('ev.subject', {
					subject: subjectText(subject),
					verbs: [...new Set(holding.grants.map(grant => grant.permission.verb))].join(', '),
					where: holding.namespace === undefined ? whereText(holding) : say('where.own', {namespace: holding.namespace}),
					bindings: [...new Set(holding.grants.map(grant => `${grant.binding.kind} ${grant.binding.key}`))].join(', '),
					source: sourceText(source),
				}),
			});
		});
		if (found.length === 0) {
			return {status: 'pass', severity: 'info', evidence: [], ...say.reason('pass')};
		}
		found.sort((a, b) => `${a.kind}/${a.namespace ?? ''}/${a.name}/${a.detail}`.localeCompare(`${b.kind}/${b.namespace ?? ''}/${b.name}/${b.detail}`));
		const status: Status = statuses.includes('fail') ? 'fail' : 'warn';
		return {status, severity: 'high', evidence: found, ...say.reason(status === 'fail' ? 'reason.cluster' : 'reason.namespaced')};
	},
};
