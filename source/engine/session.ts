// One run against one cluster: the client, who we are, the scope, and the checks to run.
import type {KubeClient} from '../kube/client.js';
import {isKubeError, UserError} from '../kube/errors.js';
import {objectPath} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import {whoAmI} from './identity.js';
import {Snapshot} from './snapshot.js';
import type {CheckContext} from './types.js';

/**
 * Refuses a -n namespace that does not exist: every namespaced read there would come back
 * empty, and an empty read would pass. A namespace the identity may not read is let through
 * (the checks then say what they could not see).
 */
export async function assertNamespace(client: KubeClient, namespace: string | undefined): Promise<void> {
	if (namespace === undefined) {
		return;
	}
	try {
		await client.get(objectPath({apiVersion: 'v1', kind: 'Namespace', name: namespace}));
	} catch (error) {
		if (isKubeError(error, 'not-found')) {
			throw new UserError(t('cli.error.noNamespace', {namespace, server: client.server}), 2);
		}
		if (!isKubeError(error, 'forbidden')) {
			throw error;
		}
	}
}

export async function openContext(client: KubeClient, namespace: string | undefined): Promise<CheckContext> {
	const [identity] = await Promise.all([whoAmI(client), assertNamespace(client, namespace)]);
	return {client, identity, namespace, snapshot: new Snapshot(client, namespace)};
}
