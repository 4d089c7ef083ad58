// Workload templates: the pods that Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs and
// CronJobs will create, and whether a Pod Security level would refuse them, judged by the API
// server itself (no copy of the Pod Security rules lives here).
import type {CheckContext} from '../engine/types.js';
import {isKubeError} from '../kube/errors.js';
import {collectionPath, objectPath, type KubeObject} from '../kube/objects.js';

export interface WorkloadTemplate {
	kind: string;
	namespace: string;
	name: string;
	/** The pod template: metadata and spec. */
	template: {metadata?: Record<string, unknown>; spec?: Record<string, unknown>};
}

const workloadKinds: Array<{apiVersion: string; kind: string}> = [
	{apiVersion: 'apps/v1', kind: 'Deployment'},
	{apiVersion: 'apps/v1', kind: 'ReplicaSet'},
	{apiVersion: 'apps/v1', kind: 'StatefulSet'},
	{apiVersion: 'apps/v1', kind: 'DaemonSet'},
	{apiVersion: 'batch/v1', kind: 'Job'},
	{apiVersion: 'batch/v1', kind: 'CronJob'},
];

function templateOf(object: KubeObject): WorkloadTemplate['template'] | undefined {
	const spec = object['spec'] as Record<string, any> | undefined;
	return object.kind === 'CronJob' ? spec?.['jobTemplate']?.spec?.template : spec?.['template'];
}

/** A template owned by another workload (a Deployment's ReplicaSet, a CronJob's Job) is judged through its owner. */
function ownedByWorkload(object: KubeObject): boolean {
	const owners = (object.metadata['ownerReferences'] as Array<{kind?: string}> | undefined) ?? [];
	return owners.some(owner => workloadKinds.some(kind => kind.kind === owner.kind));
}

/** Every workload template in the namespace, owners only. */
export async function workloadTemplates(context: CheckContext, namespace: string): Promise<WorkloadTemplate[]> {
	const out: WorkloadTemplate[] = [];
	for (const {apiVersion, kind} of workloadKinds) {
		const objects = (await context.snapshot.byNamespace(apiVersion, kind)).get(namespace) ?? [];
		for (const object of objects) {
			const template = templateOf(object);
			if (template && !ownedByWorkload(object)) {
				out.push({kind, namespace, name: object.metadata.name, template});
			}
		}
	}
	return out;
}

/** A pod built from a template, to be dry-run created in `namespace` as `serviceAccount`. */
export function podFromTemplate(template: WorkloadTemplate, namespace: string, serviceAccount: string): KubeObject {
	const spec = {...template.template.spec} as Record<string, unknown>;
	delete spec['nodeName'];
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name: `kubectl-harden-trial-${template.kind.toLowerCase()}`.slice(0, 60), namespace, labels: template.template.metadata?.['labels'] as Record<string, string> | undefined},
		spec: {...spec, serviceAccountName: serviceAccount, automountServiceAccountToken: false},
	};
}

export interface TemplateJudgement {
	template: WorkloadTemplate;
	/** True when the level refuses its pods; undefined when the server could not say. */
	refused: boolean | undefined;
	detail: string;
}

/**
 * Which templates' pods `labels` (Pod Security labels, enforce among them) would refuse. The API
 * server judges pods only against a namespace's stored labels, so a short-lived trial namespace
 * carrying those labels is created, each template's pod is dry-run created there (never stored),
 * and the trial namespace is deleted again.
 */
export async function judgeTemplates(context: CheckContext, templates: WorkloadTemplate[], labels: Record<string, string>): Promise<{judged: TemplateJudgement[]; error?: string | undefined}> {
	if (templates.length === 0) {
		return {judged: []};
	}
	const client = context.client;
	const trial = `kubectl-harden-trial-${Math.random().toString(36).slice(2, 10)}`;
	const serviceAccount = 'kubectl-harden-trial';
	try {
		await client.request({method: 'POST', path: collectionPath('v1', 'Namespace'), body: {apiVersion: 'v1', kind: 'Namespace', metadata: {name: trial, labels: {...labels, 'app.kubernetes.io/managed-by': 'kubectl-harden'}}}});
	} catch (error) {
		if (!isKubeError(error)) {
			throw error;
		}
		return {judged: [], error: error.message};
	}
	try {
		await client.request({method: 'POST', path: collectionPath('v1', 'ServiceAccount', trial), body: {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: serviceAccount, namespace: trial}, automountServiceAccountToken: false}}).catch((error: unknown) => {
			if (!isKubeError(error, 'conflict')) {
				throw error;
			}
		});
		const judged: TemplateJudgement[] = [];
		for (const template of templates) {
			try {
				await client.request({method: 'POST', path: collectionPath('v1', 'Pod', trial), query: {dryRun: 'All'}, body: podFromTemplate(template, trial, serviceAccount)});
				judged.push({template, refused: false, detail: ''});
			} catch (error) {
				if (!isKubeError(error)) {
					throw error;
				}
				const podSecurity = error.code === 'forbidden' && /PodSecurity|violates/.test(error.detail ?? error.message);
				judged.push({template, refused: podSecurity ? true : undefined, detail: (error.detail ?? error.message).replace(/^pods? "[^"]*" is forbidden: /, '')});
			}
		}
		return {judged};
	} catch (error) {
		if (!isKubeError(error)) {
			throw error;
		}
		return {judged: [], error: error.message};
	} finally {
		await client.request({method: 'DELETE', path: objectPath({apiVersion: 'v1', kind: 'Namespace', name: trial})}).catch(() => undefined);
	}
}
