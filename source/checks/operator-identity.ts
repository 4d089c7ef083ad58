// 1.2 operator-identity: You work as an identity that can be revoked.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'You work as an identity that can be revoked',
	risk: 'Members of the group system:masters pass every authorization check, and no RBAC change can take that away: only replacing the certificate authority can. A leaked copy of such a kubeconfig is a permanent key to the cluster.',
	attack: 'An attacker who copies an admin kubeconfig from a laptop or a CI job keeps full control for as long as the client certificate is valid, often a year, whatever you change in RBAC.',
	fix: 'Nothing to change through the API: which credentials you use is up to you.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Keep the system:masters kubeconfig (kubeadm\'s admin.conf) offline for emergencies. For daily work, use a personal identity (OIDC or a short-lived certificate) bound to cluster-admin through a ClusterRoleBinding, which can be removed.',
	link: `${guideUrl}#api-authentication`,
	'ev.who': 'the API server says you are this user, in groups: {groups}',
	'reason.masters': 'You are in system:masters: RBAC is bypassed for you and cannot be revoked.',
	'reason.impersonated': 'You are acting as {user} (impersonation): every probe and fix runs with that identity\'s rights.',
	'step.user': 'On a control-plane node, issue a personal kubeconfig whose client certificate expires soon and names no group (kubeadm shown; without kubeadm, sign a CertificateSigningRequest with the signer kubernetes.io/kube-apiserver-client).',
	'step.bind': 'Bind that user to cluster-admin (or a narrower ClusterRole) with a ClusterRoleBinding you can remove later.',
	'step.switch': 'Work with the new kubeconfig from now on, and check that the API server no longer puts you in system:masters.',
	'step.offline': 'Keep the system:masters kubeconfig only offline for emergencies (kubeadm 1.29 and later: super-admin.conf holds system:masters, admin.conf is bound through the group kubeadm:cluster-admins), and delete its copies from laptops and CI jobs.',
} as const;

const zh = translation(en)({
	title: '你以可撤銷的身分工作',
	risk: '群組 system:masters 的成員會通過所有鑑權檢查，而且任何 RBAC 變更都拿不走這個權力，只有更換證書頒發機構才行。這種 kubeconfig 一旦外洩，就是一把永久有效的叢集鑰匙。',
	attack: '攻擊者從筆電或 CI 作業複製走管理員的 kubeconfig 之後，只要客戶端證書還有效（通常是一年），不論你在 RBAC 裡改了什麼，他都保有完整的控制權。',
	fix: '這項不能透過 API 修改：要用哪一組憑據由你決定。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '把 system:masters 的 kubeconfig（kubeadm 的 admin.conf）離線保存，只在緊急時使用。日常工作改用個人身分（OIDC 或短期證書），並透過可以移除的 ClusterRoleBinding 綁定到 cluster-admin。',
	link: en.link,
	'ev.who': 'API 伺服器認定你是這個使用者，所屬群組：{groups}',
	'reason.masters': '你在 system:masters 群組中：RBAC 對你不起作用，而且無法撤銷。',
	'reason.impersonated': '你正以 {user} 的身分操作（身分模擬）：每一次探測和修復都以該身分的權限執行。',
	'step.user': '在控制平面節點上，簽發一份個人 kubeconfig：客戶端證書很快到期，也不帶任何群組（下例用 kubeadm；沒有 kubeadm 時，改用簽署者 kubernetes.io/kube-apiserver-client 簽一份 CertificateSigningRequest）。',
	'step.bind': '用一條日後可以移除的 ClusterRoleBinding，把這個使用者綁定到 cluster-admin（或範圍更小的 ClusterRole）。',
	'step.switch': '從此改用新的 kubeconfig 工作，並確認 API 伺服器不再把你歸入 system:masters。',
	'step.offline': '把 system:masters 的 kubeconfig 只離線保存、留待緊急時使用（kubeadm 1.29 起：super-admin.conf 帶有 system:masters，admin.conf 則透過群組 kubeadm:cluster-admins 綁定），並刪除筆電與 CI 作業裡的副本。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('operator-identity', words);

export const operatorIdentity: Check = {
	id: 'operator-identity',
	section: '1.2',
	words,
	steps: [
		{id: 'user', text: 'step.user', command: 'sudo kubeadm kubeconfig user --client-name=<you> --validity-period=24h > <you>.kubeconfig'},
		{id: 'bind', text: 'step.bind', command: 'kubectl create clusterrolebinding <you>-admin --clusterrole=cluster-admin --user=<you>'},
		{id: 'switch', text: 'step.switch', command: 'export KUBECONFIG=$PWD/<you>.kubeconfig\nkubectl auth whoami'},
		{id: 'offline', text: 'step.offline'},
	],
	seeIt: [
		'kubectl auth whoami',
		'kubectl get clusterrolebindings -o wide',
	],
	async probe(context) {
		const {username, groups, systemMasters, impersonated} = context.identity;
		const evidence: Evidence[] = [{kind: 'User', name: username, ...say.line('ev.who', {groups: groups.join(', ') || '-'})}];
		if (systemMasters) {
			return {status: 'warn', severity: 'medium', evidence, ...say.reason('reason.masters')};
		}
		return {status: 'pass', severity: 'info', evidence, ...impersonated ? say.reason('reason.impersonated', {user: username}) : {}};
	},
};
