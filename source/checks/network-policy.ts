// 3.4 network-policy: Every namespace has a default-deny ingress NetworkPolicy.
// The check in one file: its probe, its fix and its words.
import {type Change, type Check, type Evidence, type FixPlan, isSystemNamespace} from '../engine/types.js';
import {type Words, sayer} from '../engine/words.js';
import {policySpec, policyTypes, sayNetworkPolicy} from '../facts/network-policies.js';
import {booleanOption, chooseTargets, guideUrl, namespaceEvidence, noWorkloadNamespaces, selectsAll, workloadNamespaces} from '../facts/util.js';
import type {KubeObject} from '../kube/objects.js';
import {itemFor, listPath} from '../engine/impact.js';
import type {ImpactItem} from '../engine/types.js';

const en = {
	title: 'Every namespace has a default-deny ingress NetworkPolicy',
	risk: 'Until a NetworkPolicy selects a pod, the pod accepts connections from every other pod in the cluster, in every namespace.',
	attack: 'One compromised pod anywhere scans the cluster network and talks straight to databases, admin endpoints and internal APIs that assumed nobody else could reach them.',
	fix: 'Creates a NetworkPolicy "kubectl-harden-default-deny-ingress" per namespace that isolates all its pods for ingress while still allowing traffic from pods in the same namespace (--option same-namespace=false denies that too). Egress, and so DNS lookups, are not affected. Traffic from other namespaces and from outside then needs its own allow policy.',
	undo: 'kubectl harden undo deletes the policies it created, unless someone changed them since.',
	manual: 'Write allow policies for the traffic each service really needs (ingress controllers, monitoring scrapes), then keep default-deny in every namespace, new ones included.',
	link: `${guideUrl}#restricting-network-access`,
	'ev.none': 'no NetworkPolicy: every pod accepts connections from anywhere in the cluster',
	'ev.noDefaultDeny': '{count} NetworkPolicies, none isolating all pods for ingress: pods they do not select are open',
	pass: 'All {count} namespaces in scope have a default-deny ingress policy.',
	'change.sameNamespace': 'create NetworkPolicy {namespace}/kubectl-harden-default-deny-ingress (ingress only from pods in {namespace})',
	'change.denyAll': 'create NetworkPolicy {namespace}/kubectl-harden-default-deny-ingress (no ingress at all)',
	'note.sameNamespace': 'Pods in the same namespace can still reach each other; traffic from other namespaces, node ports and load balancers is dropped unless another policy allows it.',
	'note.denyAll': 'All ingress is dropped, from the same namespace too, unless another policy allows it.',
	'impact.ingress': 'Ingress into this namespace: traffic from the ingress controller is dropped',
	'impact.route': 'Gateway route into this namespace: traffic from the gateway is dropped',
	'impact.exposed': '{type} Service: traffic from outside the cluster is dropped',
	'impact.crossNamespace': 'pods in {from} connect to this Service today: their traffic is dropped',
	'impact.sameNamespace': 'pods in this namespace can no longer reach each other',
	'note.dns': 'Only ingress is restricted: DNS lookups and other egress keep working.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('network-policy', words);

export const defaultDenyName = 'kubectl-harden-default-deny-ingress';

/**
 * A policy that isolates every pod of the namespace for ingress and does not let everything
 * back in (an empty rule, or a rule with no `from`, admits every source).
 */
export function isDefaultDenyIngress(policy: KubeObject): boolean {
	const spec = policySpec(policy);
	if (!selectsAll(spec.podSelector) || !policyTypes(policy).includes('Ingress')) {
		return false;
	}
	return !(spec.ingress ?? []).some(rule => !rule.from || rule.from.length === 0);
}

export const networkPolicy: Check = {
	id: 'network-policy',
	section: '3.4',
	choices: {'same-namespace': ['true', 'false']},
	reads: ['Namespace', 'NetworkPolicy'],
	words,
	async probe(context) {
		const namespaces = await workloadNamespaces(context);
		if (namespaces.length === 0) {
			return noWorkloadNamespaces();
		}
		const policies = await context.snapshot.byNamespace('networking.k8s.io/v1', 'NetworkPolicy');
		const found: Evidence[] = [];
		const fixTargets: string[] = [];
		let none = false;
		for (const ns of namespaces) {
			const name = ns.metadata.name;
			const own = policies.get(name) ?? [];
			if (own.length === 0) {
				none = true;
				found.push(namespaceEvidence(name, say.code('ev.none')));
				fixTargets.push(name);
			} else if (!own.some(policy => isDefaultDenyIngress(policy))) {
				found.push(namespaceEvidence(name, say.code('ev.noDefaultDeny', {count: own.length})));
				fixTargets.push(name);
			}
		}
		if (found.length === 0) {
			return {status: 'pass', severity: 'info', evidence: [], ...say.reason('pass', {count: namespaces.length})};
		}
		return {status: none ? 'fail' : 'warn', severity: none ? 'high' : 'medium', evidence: found, fixTargets, ...sayNetworkPolicy.reason('reason.cni')};
	},
	async planFix(_context, verdict, options): Promise<FixPlan> {
		const notes: string[] = [];
		const sameNamespace = booleanOption(options, 'same-namespace', true);
		const targets = chooseTargets(verdict.fixTargets ?? [], options, notes);
		const changes: Change[] = targets.filter(name => !isSystemNamespace(name)).map(namespace => ({
			action: 'create',
			object: {
				apiVersion: 'networking.k8s.io/v1',
				kind: 'NetworkPolicy',
				metadata: {name: defaultDenyName, namespace, labels: {'app.kubernetes.io/managed-by': 'kubectl-harden'}},
				spec: {
					podSelector: {},
					policyTypes: ['Ingress'],
					ingress: sameNamespace ? [{from: [{podSelector: {}}]}] : [],
				},
			},
			summary: say(sameNamespace ? 'change.sameNamespace' : 'change.denyAll', {namespace}),
		}));
		notes.push(say(sameNamespace ? 'note.sameNamespace' : 'note.denyAll'));
		notes.push(say('note.dns'));
		return {checkId: 'network-policy', changes, notes};
	},
	async impact(context, plan) {
		const items: ImpactItem[] = [];
		const path = (group: string, plural: string, namespace: string) => `/apis/${group}/namespaces/${encodeURIComponent(namespace)}/${plural}`;
		for (const change of plan.changes) {
			if (change.action !== 'create') {
				continue;
			}
			const namespace = change.object.metadata.namespace ?? '';
			for (const ingress of await listPath(context.client, path('networking.k8s.io/v1', 'ingresses', namespace))) {
				items.push(itemFor('breaks', {...ingress, kind: 'Ingress'}, say.code('impact.ingress')));
			}
			for (const kind of ['HTTPRoute', 'GRPCRoute']) {
				for (const route of await listPath(context.client, path('gateway.networking.k8s.io/v1', `${kind.toLowerCase()}s`, namespace))) {
					items.push(itemFor('breaks', {...route, kind}, say.code('impact.route')));
				}
			}
			const services = (await context.snapshot.byNamespace('v1', 'Service')).get(namespace) ?? [];
			for (const service of services) {
				const type = (service['spec'] as {type?: string} | undefined)?.type;
				if (type === 'NodePort' || type === 'LoadBalancer') {
					items.push(itemFor('breaks', {...service, kind: 'Service'}, say.code('impact.exposed', {type})));
				}
			}
			// Services other namespaces use: an Ingress or ExternalName elsewhere naming this namespace's Service by DNS.
			const others = await context.snapshot.list('v1', 'Service');
			for (const service of services) {
				const host = `${service.metadata.name}.${namespace}.svc`;
				const from = others.filter(other => other.metadata.namespace !== namespace && ((other['spec'] as {externalName?: string} | undefined)?.externalName ?? '').startsWith(host)).map(other => other.metadata.namespace);
				if (from.length > 0) {
					items.push(itemFor('breaks', {...service, kind: 'Service'}, say.code('impact.crossNamespace', {from: [...new Set(from)].join(', ')})));
				}
			}
			const spec = change.object['spec'] as {ingress?: unknown[]} | undefined;
			if ((spec?.ingress ?? []).length === 0 && services.length > 0) {
				items.push({effect: 'breaks', object: `Namespace ${namespace}`, phrase: say.code('impact.sameNamespace')});
			}
		}
		return items;
	},
};
