// What will run, not only what runs: every pod, and the pod template of every workload that
// makes pods (Deployments, ReplicaSets no Deployment owns, StatefulSets, DaemonSets, Jobs no
// CronJob owns, CronJobs). A workload is named once instead of each of its pods, and one at 0
// replicas or between runs is judged all the same. Each is a pod-like object: its kind and
// metadata are the workload's, its `spec` the pod spec it runs, so the pod helpers apply.
// Also the API server's own judgment of a template under Pod Security: a server-side dry-run
// create of a pod built from it, in its namespace (shared with the fix screen's impact).
import type {V1JobStatus, V1PodTemplateSpec} from '@kubernetes/client-node';
import type {CheckContext} from '../engine/types.js';
import {isKubeError} from '../kube/errors.js';
import type {KubeObject} from '../kube/objects.js';
import {activePods, podSpec} from './util.js';

/** The kinds whose pod template is read, with where the template sits in their spec. */
const templated = [
	{apiVersion: 'apps/v1', kind: 'Deployment'},
	{apiVersion: 'apps/v1', kind: 'ReplicaSet', ownedBy: 'Deployment'},
	{apiVersion: 'apps/v1', kind: 'StatefulSet'},
	{apiVersion: 'apps/v1', kind: 'DaemonSet'},
	{apiVersion: 'batch/v1', kind: 'Job', ownedBy: 'CronJob'},
	{apiVersion: 'batch/v1', kind: 'CronJob'},
] as const;

function template(object: KubeObject): V1PodTemplateSpec | undefined {
	const spec = (object['spec'] ?? {}) as {template?: V1PodTemplateSpec; jobTemplate?: {spec?: {template?: V1PodTemplateSpec}}};
	return object.kind === 'CronJob' ? spec.jobTemplate?.spec?.template : spec.template;
}

function controller(object: KubeObject): {kind: string; name: string} | undefined {
	return object.metadata.ownerReferences?.find(owner => (owner as {controller?: boolean}).controller !== false);
}

function finished(job: KubeObject): boolean {
	return ((job['status'] as V1JobStatus | undefined)?.conditions ?? []).some(condition => (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True');
}

/**
 * Every pod that runs or will run, and every workload's pod template, in the run's scope: pods a
 * listed workload controls are left out (the workload stands for them), and so are workloads
 * another listed workload controls (a Deployment's ReplicaSets, a CronJob's Jobs) and finished
 * Jobs. Each item is pod-like: `kind`/`metadata` of the pod or workload, `spec` a pod spec.
 */
export async function runners(context: CheckContext, namespaces?: Set<string>): Promise<KubeObject[]> {
	return (await context.snapshot.once('workload-runners', async () => {
		const [pods, ...lists] = await Promise.all([activePods(context), ...templated.map(({apiVersion, kind}) => context.snapshot.list(apiVersion, kind))]);
		const listed = new Set(lists.flat().map(object => `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`));
		const controlled = (object: KubeObject) => {
			const owner = controller(object);
			return owner !== undefined && listed.has(`${owner.kind}/${object.metadata.namespace ?? ''}/${owner.name}`);
		};
		const items: KubeObject[] = pods.filter(pod => !controlled(pod));
		for (const object of lists.flat()) {
			const spec = template(object)?.spec;
			if (!spec || controlled(object) || (object.kind === 'Job' && finished(object))) {
				continue;
			}
			items.push({apiVersion: object.apiVersion, kind: object.kind, metadata: {...object.metadata, labels: template(object)?.metadata?.labels ?? object.metadata.labels}, spec});
		}
		return items;
	})).filter(item => !namespaces || namespaces.has(item.metadata.namespace ?? ''));
}

/**
 * The runners of one namespace, from a grouping made once per run: a check that asks namespace
 * by namespace does not filter every pod of the cluster each time.
 */
export async function runnersIn(context: CheckContext, namespace: string): Promise<KubeObject[]> {
	const groups = await context.snapshot.once('workload-runners-by-namespace', async () => {
		const byNamespace = new Map<string, KubeObject[]>();
		for (const runner of await runners(context)) {
			const name = runner.metadata.namespace ?? '';
			let group = byNamespace.get(name);
			if (!group) {
				group = [];
				byNamespace.set(name, group);
			}
			group.push(runner);
		}
		return byNamespace;
	});
	return groups.get(namespace) ?? [];
}

/** The service account a pod or template runs as. */
export function serviceAccountOf(runner: KubeObject): string {
	return podSpec(runner).serviceAccountName ?? 'default';
}

/** The API server's judgment of a pod or template under the namespace's Pod Security levels. */
export interface Admission {
	/** The server answered the dry-run (admitted or refused it). */
	answered: boolean;
	/** Refused (enforce), with the server's message. */
	refused: string | undefined;
	/** Pod Security warnings (warn level, or what a refusal names). */
	warnings: string[];
	/** Why the server could not be asked. */
	error?: string | undefined;
}

const probeName = 'kubectl-harden-admission-probe';

/**
 * Asks the API server whether a pod built from this pod or template would be admitted in its
 * namespace now: a server-side dry-run create (nothing is stored, no identity is borrowed). Pod
 * Security answers with a refusal under `enforce` and Warning headers under `warn`, each naming
 * every check the pod fails.
 */
export async function admission(context: CheckContext, runner: KubeObject): Promise<Admission> {
	const namespace = runner.metadata.namespace ?? 'default';
	const spec = {...podSpec(runner)};
	delete spec.nodeName;
	try {
		const {warnings} = await context.snapshot.request({
			method: 'POST',
			path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
			query: {dryRun: 'All'},
			body: {apiVersion: 'v1', kind: 'Pod', metadata: {name: probeName, namespace, labels: runner.metadata.labels}, spec},
		});
		return {answered: true, refused: undefined, warnings: warnings.filter(warning => /PodSecurity/.test(warning))};
	} catch (error) {
		if (!isKubeError(error)) {
			throw error;
		}
		if (error.code === 'forbidden' && /PodSecurity/.test(error.detail ?? '')) {
			return {answered: true, refused: error.detail, warnings: [error.detail ?? '']};
		}
		return {answered: false, refused: undefined, warnings: [], error: error.message};
	}
}
