// What the identity may do, asked of the API server itself (SelfSubjectAccessReview), so RBAC,
// webhooks and impersonation are all taken into account exactly as they will be on the write.
import {forEachLimited, requestConcurrency} from './limit.js';
import type {KubeClient} from '../kube/client.js';
import {kindInfo, type ObjectRef} from '../kube/objects.js';
import {t} from '../messages/catalog.js';

export interface Permission {
	verb: string;
	group: string;
	resource: string;
	namespace?: string | undefined;
	name?: string | undefined;
}

export function permissionFor(verb: string, ref: ObjectRef): Permission {
	const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0]! : '';
	return {verb, group, resource: kindInfo(ref.apiVersion, ref.kind).plural, namespace: ref.namespace, name: ref.name};
}

/** "create networkpolicies.networking.k8s.io in namespace "shop"" */
export function permissionText(permission: Permission): string {
	const resource = permission.group ? `${permission.resource}.${permission.group}` : permission.resource;
	return permission.namespace
		? t('access.permission.namespaced', {verb: permission.verb, resource, namespace: permission.namespace})
		: t('access.permission.cluster', {verb: permission.verb, resource});
}

interface Review {
	status?: {allowed?: boolean; denied?: boolean; reason?: string};
}

export async function canI(client: KubeClient, permission: Permission): Promise<boolean> {
	const {body} = await client.request<Review>({
		method: 'POST',
		path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
		body: {
			apiVersion: 'authorization.k8s.io/v1',
			kind: 'SelfSubjectAccessReview',
			spec: {resourceAttributes: {verb: permission.verb, group: permission.group, resource: permission.resource, namespace: permission.namespace, name: permission.name}},
		},
	});
	return body.status?.allowed === true;
}

/**
 * The permissions in the list the identity lacks (each asked once). Where several concern the
 * same verb and resource, the cluster-wide permission is asked first: when it is granted, every
 * namespace and name is covered, so a fix over a thousand namespaces costs one review, not a thousand.
 */
export async function missingPermissions(client: KubeClient, permissions: Permission[]): Promise<Permission[]> {
	const seen = new Map<string, Permission>();
	for (const permission of permissions) {
		seen.set(`${permission.verb}\u0000${permission.group}\u0000${permission.resource}\u0000${permission.namespace ?? ''}\u0000${permission.name ?? ''}`, permission);
	}
	const groups = new Map<string, Permission[]>();
	for (const permission of seen.values()) {
		const key = `${permission.verb} ${permission.group} ${permission.resource}`;
		const group = groups.get(key);
		if (group) {
			group.push(permission);
		} else {
			groups.set(key, [permission]);
		}
	}
	const toAsk: Permission[] = [];
	await forEachLimited([...groups.values()], requestConcurrency, async group => {
		const [first] = group;
		if (group.length > 1 && await canI(client, {verb: first!.verb, group: first!.group, resource: first!.resource})) {
			return;
		}
		toAsk.push(...group);
	});
	const missing = new Set<Permission>();
	await forEachLimited(toAsk, requestConcurrency, async permission => {
		if (!await canI(client, permission)) {
			missing.add(permission);
		}
	});
	// In the order asked, whatever order the answers came in.
	return [...seen.values()].filter(permission => missing.has(permission));
}
