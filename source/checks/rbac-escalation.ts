// 1.3 rbac-escalation: No hidden ways to gain more rights.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer} from '../engine/words.js';
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
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('rbac-escalation', words);

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
					...say.line('ev.path', {subject: subjectText(subject), paths: paths.map(path => say(`path.${path.id}`)).join('; '), where: whereText(binding), role: `${binding.roleKind} ${binding.roleName}`}),
				});
			}
		}
		return found.length > 0
			? {status: 'warn', severity: 'high', evidence: found}
			: {status: 'pass', severity: 'info', evidence: [], ...say.reason('pass')};
	},
};
