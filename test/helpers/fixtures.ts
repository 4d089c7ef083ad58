// Plain objects for fixture tests: a check is probed over a FixtureSnapshot (no cluster), and
// the test asserts its status and the message codes of its reason and evidence.
import {probe as runProbe} from '../../source/engine/runner.js';
import type {Check, Verdict} from '../../source/engine/types.js';
import {fixtureContext, type FixtureData} from '../../source/engine/fixture.js';
import type {Identity} from '../../source/engine/identity.js';
import type {KubeObject} from '../../source/kube/objects.js';

export type {FixtureData} from '../../source/engine/fixture.js';

/** The verdict as a run gives it: an API error the probe does not handle makes it unknown. */
export async function probe(check: Check, data: FixtureData, identity: Partial<Identity> = {}): Promise<Verdict> {
	return runProbe(check, fixtureContext(data, identity));
}

/** A serving certificate valid from `fromDays` ago to `toDays` ahead. */
export function certificate(fromDays: number, toDays: number): {subject: string; issuer: string; validFrom: Date; validTo: Date} {
	const day = 24 * 60 * 60 * 1000;
	return {subject: 'kube-apiserver', issuer: 'kubernetes', validFrom: new Date(Date.now() - fromDays * day), validTo: new Date(Date.now() + toDays * day)};
}

export function secret(ns: string, name: string, type: string, metadata: Record<string, unknown> = {}, data: Record<string, string> = {}): KubeObject {
	return {apiVersion: 'v1', kind: 'Secret', metadata: {namespace: ns, name, ...metadata}, type, data};
}

export const sarPath = 'POST /apis/authorization.k8s.io/v1/subjectaccessreviews';

/** The codes of the verdict's evidence lines, in order. */
export function codes(verdict: Verdict): Array<string | undefined> {
	return verdict.evidence.map(item => item.code);
}

export function namespace(name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}): KubeObject {
	return {apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels, annotations}, status: {phase: 'Active'}};
}

export function node(name: string, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}): KubeObject {
	return {apiVersion: 'v1', kind: 'Node', metadata: {name, labels}, ...extra};
}

export function pod(ns: string, name: string, spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject {
	return {apiVersion: 'v1', kind: 'Pod', metadata: {namespace: ns, name, ...metadata}, spec: {containers: [{name: 'app', image: 'app:1'}], ...spec}, status: {phase: 'Running'}};
}

/** A kube-apiserver mirror pod (a kubeadm static pod) with these flags. */
export function apiserver(flags: string[], node = 'cp-1'): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {namespace: 'kube-system', name: `kube-apiserver-${node}`, labels: {component: 'kube-apiserver'}, annotations: {'kubernetes.io/config.mirror': 'x'}},
		spec: {nodeName: node, containers: [{name: 'kube-apiserver', command: ['kube-apiserver', ...flags]}]},
		status: {phase: 'Running'},
	};
}

/** An etcd mirror pod with these flags. */
export function etcd(flags: string[], node = 'cp-1'): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {namespace: 'kube-system', name: `etcd-${node}`, labels: {component: 'etcd'}, annotations: {'kubernetes.io/config.mirror': 'x'}},
		spec: {nodeName: node, containers: [{name: 'etcd', command: ['etcd', ...flags]}]},
		status: {phase: 'Running'},
	};
}

export function clusterRole(name: string, rules: unknown[]): KubeObject {
	return {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: {name}, rules};
}

export function role(ns: string, name: string, rules: unknown[]): KubeObject {
	return {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: {namespace: ns, name}, rules};
}

export function clusterRoleBinding(name: string, roleName: string, subjects: unknown[]): KubeObject {
	return {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: {name}, roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: roleName}, subjects};
}

export function roleBinding(ns: string, name: string, roleRef: {kind: 'Role' | 'ClusterRole'; name: string}, subjects: unknown[]): KubeObject {
	return {apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: {namespace: ns, name}, roleRef: {apiGroup: 'rbac.authorization.k8s.io', ...roleRef}, subjects};
}

/** The kubelet's configz answer for a node, keyed as the fixture's answers table wants it. */
export function configz(nodeName: string, kubeletconfig: Record<string, unknown>): Record<string, {body: unknown}> {
	return {[`GET /api/v1/nodes/${nodeName}/proxy/configz`]: {body: {kubeletconfig}}};
}

/** A kubelet configuration with authentication and authorization closed. */
export const closedKubelet = {authentication: {anonymous: {enabled: false}, webhook: {enabled: true}}, authorization: {mode: 'Webhook'}, readOnlyPort: 0};

/** /metrics text from lines. */
export function metrics(...lines: string[]): {body: string} {
	return {body: `${lines.join('\n')}\n`};
}

export const forbiddenAnswer = {error: 'forbidden' as const};
