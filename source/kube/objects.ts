// Kubernetes object shapes and the REST paths of the kinds this program reads and writes.
export interface ObjectMeta {
	name: string;
	namespace?: string;
	uid?: string;
	resourceVersion?: string;
	creationTimestamp?: string;
	labels?: Record<string, string>;
	annotations?: Record<string, string>;
	ownerReferences?: Array<{kind: string; name: string; uid?: string; apiVersion?: string}>;
	managedFields?: unknown[];
	[key: string]: unknown;
}

export interface KubeObject {
	apiVersion: string;
	kind: string;
	metadata: ObjectMeta;
	[key: string]: unknown;
}

interface KindInfo {
	plural: string;
	namespaced: boolean;
}

const kinds: Record<string, KindInfo> = {
	'v1/Namespace': {plural: 'namespaces', namespaced: false},
	'v1/Node': {plural: 'nodes', namespaced: false},
	'v1/Pod': {plural: 'pods', namespaced: true},
	'v1/Service': {plural: 'services', namespaced: true},
	'v1/ServiceAccount': {plural: 'serviceaccounts', namespaced: true},
	'v1/Secret': {plural: 'secrets', namespaced: true},
	'v1/ConfigMap': {plural: 'configmaps', namespaced: true},
	'v1/ResourceQuota': {plural: 'resourcequotas', namespaced: true},
	'v1/LimitRange': {plural: 'limitranges', namespaced: true},
	'apps/v1/Deployment': {plural: 'deployments', namespaced: true},
	'apps/v1/DaemonSet': {plural: 'daemonsets', namespaced: true},
	'apps/v1/ReplicaSet': {plural: 'replicasets', namespaced: true},
	'apps/v1/StatefulSet': {plural: 'statefulsets', namespaced: true},
	'batch/v1/Job': {plural: 'jobs', namespaced: true},
	'batch/v1/CronJob': {plural: 'cronjobs', namespaced: true},
	'networking.k8s.io/v1/NetworkPolicy': {plural: 'networkpolicies', namespaced: true},
	'rbac.authorization.k8s.io/v1/ClusterRole': {plural: 'clusterroles', namespaced: false},
	'rbac.authorization.k8s.io/v1/ClusterRoleBinding': {plural: 'clusterrolebindings', namespaced: false},
	'rbac.authorization.k8s.io/v1/Role': {plural: 'roles', namespaced: true},
	'rbac.authorization.k8s.io/v1/RoleBinding': {plural: 'rolebindings', namespaced: true},
	'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': {plural: 'validatingadmissionpolicies', namespaced: false},
	'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': {plural: 'validatingadmissionpolicybindings', namespaced: false},
	'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration': {plural: 'validatingwebhookconfigurations', namespaced: false},
	'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration': {plural: 'mutatingwebhookconfigurations', namespaced: false},
	'apiregistration.k8s.io/v1/APIService': {plural: 'apiservices', namespaced: false},
};

export interface ObjectRef {
	apiVersion: string;
	kind: string;
	namespace?: string | undefined;
	name: string;
}

export function kindInfo(apiVersion: string, kind: string): KindInfo {
	const info = kinds[`${apiVersion}/${kind}`];
	if (!info) {
		throw new Error(`no REST path known for ${apiVersion} ${kind}`);
	}
	return info;
}

/** The collection path of a kind, in a namespace when it is namespaced. */
export function collectionPath(apiVersion: string, kind: string, namespace?: string): string {
	const info = kindInfo(apiVersion, kind);
	const prefix = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
	if (info.namespaced) {
		if (!namespace) {
			throw new Error(`${kind} is namespaced: a namespace is needed`);
		}
		return `${prefix}/namespaces/${encodeURIComponent(namespace)}/${info.plural}`;
	}
	return `${prefix}/${info.plural}`;
}

/** The path that lists a kind: in one namespace, or across all of them when none is given. */
export function listPath(apiVersion: string, kind: string, namespace?: string): string {
	const info = kindInfo(apiVersion, kind);
	const prefix = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
	return info.namespaced && namespace ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${info.plural}` : `${prefix}/${info.plural}`;
}

export function objectPath(ref: ObjectRef): string {
	return `${collectionPath(ref.apiVersion, ref.kind, ref.namespace)}/${encodeURIComponent(ref.name)}`;
}

export function refOf(object: KubeObject): ObjectRef {
	return {apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name};
}

/** "Kind namespace/name" or "Kind name" for cluster-scoped objects. */
export function refText(ref: {kind: string; namespace?: string | undefined; name: string}): string {
	return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
