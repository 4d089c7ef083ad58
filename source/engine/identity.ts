// Who the API server says the operator is (SelfSubjectReview), and what follows from it.
import type {KubeClient} from '../kube/client.js';

export interface Identity {
	username: string;
	uid: string | undefined;
	groups: string[];
	/** Member of system:masters: every request is allowed, RBAC is bypassed, and it cannot be revoked. */
	systemMasters: boolean;
	/** The run acts as another identity (--as). */
	impersonated: boolean;
}

interface SelfSubjectReview {
	status?: {userInfo?: {username?: string; uid?: string; groups?: string[]}};
}

export async function whoAmI(client: KubeClient): Promise<Identity> {
	const {body} = await client.request<SelfSubjectReview>({
		method: 'POST',
		path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
		body: {apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview'},
	});
	const info = body.status?.userInfo ?? {};
	const groups = info.groups ?? [];
	return {
		username: info.username ?? '',
		uid: info.uid || undefined,
		groups,
		systemMasters: groups.includes('system:masters'),
		impersonated: client.impersonate !== undefined,
	};
}
