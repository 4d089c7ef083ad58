// What the benchmarks grow a cluster to: sizes S/M/L of realistic pods (two containers,
// resources, a security context, env and volumes), namespaces and RoleBindings, and the
// confirmation asked before growing a cluster that is not the benchmark's own.
import process from 'node:process';
import readline from 'node:readline/promises';
import {forEachLimited} from '../engine/limit.js';
import type {KubeClient} from '../kube/client.js';
import {collectionPath, type KubeObject} from '../kube/objects.js';
import {namespace} from '../testing/sandbox.js';

export const sizes = {
	S: {namespaces: 100, pods: 1000, bindings: 250},
	M: {namespaces: 500, pods: 5000, bindings: 1250},
	L: {namespaces: 1000, pods: 20_000, bindings: 5000},
} as const;

export type Size = (typeof sizes)[keyof typeof sizes];

export function option(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? undefined : process.argv[index + 1];
}

/** The --size given (S by default); exits with a clear message on another value. */
export function chosenSize(program: string): {name: keyof typeof sizes; size: Size} {
	const name = (option('size') ?? 'S').toUpperCase() as keyof typeof sizes;
	const size = sizes[name];
	if (!size) {
		process.stderr.write(`${program}: --size takes S, M or L, not "${option('size')}"\n`);
		process.exit(2);
	}
	return {name, size};
}

/**
 * The sizes of --size, smallest first: one (S by default) or several separated by commas
 * (S,M,L), each grown from the one before; exits with a clear message on another value.
 */
export function chosenSizes(program: string): Array<{name: keyof typeof sizes; size: Size}> {
	const names = (option('size') ?? 'S').toUpperCase().split(',').map(name => name.trim()) as Array<keyof typeof sizes>;
	const wrong = names.filter(name => !sizes[name]);
	if (wrong.length > 0 || names.length === 0) {
		process.stderr.write(`${program}: --size takes S, M or L, or several separated by commas (S,M,L), not "${option('size')}"\n`);
		process.exit(2);
	}
	return [...new Set(names)].map(name => ({name, size: sizes[name]})).sort((a, b) => a.size.pods - b.size.pods);
}

/** Before growing the cluster of a kubeconfig the operator gave: --yes, or typing yes. Exits when not confirmed. */
export async function confirmGrowth(program: string, kubeconfig: string, size: Size): Promise<void> {
	if (process.argv.includes('--yes')) {
		return;
	}
	const answer = process.stdin.isTTY ? await readline.createInterface({input: process.stdin, output: process.stderr}).question(`This creates ${size.namespaces} namespaces (scale-*), ${size.pods} pods and ${size.bindings} RoleBindings in the cluster of ${kubeconfig}. Type yes to go on: `) : '';
	if (answer.trim() !== 'yes') {
		process.stderr.write(`${program}: nothing was created (pass --yes, or answer yes).\n`);
		process.exit(2);
	}
}

/** A pod as applications have them: two containers, requests and limits, a security context, env and volumes. */
export function realisticPod(ns: string, index: number): KubeObject {
	const container = (name: string, image: string) => ({
		name, image,
		env: [{name: 'APP_ENV', value: 'production'}, {name: 'POD_NAME', valueFrom: {fieldRef: {fieldPath: 'metadata.name'}}}, {name: 'LOG_LEVEL', value: 'info'}],
		resources: {requests: {cpu: '50m', memory: '64Mi'}, limits: {memory: '256Mi'}},
		securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']}},
		volumeMounts: [{name: 'config', mountPath: '/etc/app'}, {name: 'cache', mountPath: '/var/cache/app'}],
		ports: [{containerPort: 8080, name: 'http'}],
	});
	return {
		apiVersion: 'v1', kind: 'Pod',
		metadata: {name: `app-${index}`, namespace: ns, labels: {app: `app-${index % 10}`, tier: index % 2 === 0 ? 'web' : 'worker'}},
		spec: {
			automountServiceAccountToken: false,
			securityContext: {seccompProfile: {type: index % 5 === 0 ? 'Unconfined' : 'RuntimeDefault'}},
			containers: [container('app', 'registry.example/app:1.4.2'), container('sidecar', 'registry.example/proxy:2.1')],
			volumes: [{name: 'config', configMap: {name: 'app-config'}}, {name: 'cache', emptyDir: {}}],
		},
	};
}

export async function grow(client: KubeClient, size: Size): Promise<void> {
	const perNamespace = Math.ceil(size.pods / size.namespaces);
	const bindingsPer = Math.ceil(size.bindings / size.namespaces);
	await forEachLimited(Array.from({length: size.namespaces}, (_, index) => index), 8, async index => {
		const ns = `scale-${String(index).padStart(5, '0')}`;
		const objects: KubeObject[] = [...namespace(ns)];
		for (let number = 0; number < bindingsPer; number++) {
			objects.push({
				apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: {name: `team-${number}`, namespace: ns},
				roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit'},
				subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `team-${index % 50}-${number}`}],
			});
		}
		for (let number = 0; number < perNamespace; number++) {
			objects.push(realisticPod(ns, number));
		}
		for (const object of objects) {
			try {
				await client.request({method: 'POST', path: collectionPath(object.apiVersion, object.kind, object.metadata.namespace), body: object});
			} catch (error) {
				if (!/already exists|changed while/.test((error as Error).message)) {
					throw error;
				}
			}
		}
	});
}
