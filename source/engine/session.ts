// One run against one cluster: the client, who we are, the scope, and the checks to run.
import type {KubeClient} from '../kube/client.js';
import {whoAmI} from './identity.js';
import {Snapshot} from './snapshot.js';
import type {CheckContext} from './types.js';

export async function openContext(client: KubeClient, namespace: string | undefined): Promise<CheckContext> {
	const identity = await whoAmI(client);
	return {client, identity, namespace, snapshot: new Snapshot(client, namespace)};
}
