// The kubelets' running configuration, read once per run through the API server's node proxy
// (`/api/v1/nodes/NAME/proxy/configz`); on a large cluster a sample of nodes is read, and the
// verdicts say how many. Read by sections 1.1, 2, 4.3, 4.4 and 5.
import {forEachLimited, requestConcurrency} from '../engine/limit.js';
import type {CheckContext} from '../engine/types.js';
import {type Words, sayer} from '../engine/words.js';
import {isKubeError} from '../kube/errors.js';
import type {KubeObject} from '../kube/objects.js';

const kubeletEn = {
	'ev.readOnlyPort': 'read-only port {port} is open, without authentication',
	'reason.noNodes': 'The nodes could not be listed: {error}',
	'reason.none': 'There are no Node objects, so no kubelet to ask.',
	'error.noConfig': 'the kubelet answered without a configuration',
} as const;

export const kubeletWords: Words<typeof kubeletEn> = {en: kubeletEn};
export const sayKubelet = sayer('kubelet', kubeletWords);

/** Nodes read at most per run; beyond this the nodes are sampled evenly by name. */
export const kubeletSample = 20;

export interface KubeletConfig {
	readOnlyPort?: number;
	rotateCertificates?: boolean;
	seccompDefault?: boolean;
	featureGates?: Record<string, boolean>;
	authentication?: {anonymous?: {enabled?: boolean}; webhook?: {enabled?: boolean}; x509?: {clientCAFile?: string}};
	authorization?: {mode?: string};
}

export interface KubeletRead {
	node: string;
	config?: KubeletConfig | undefined;
	/** Why this kubelet's configuration could not be read. */
	error?: string | undefined;
}

export interface Kubelets {
	/** Nodes in the cluster. */
	total: number;
	reads: KubeletRead[];
	/** Why the nodes themselves could not be listed. */
	error?: string | undefined;
}

/** Evenly spread over the sorted names, so repeated runs read the same nodes. */
export function sample<T>(items: T[], size: number): T[] {
	if (items.length <= size) {
		return items;
	}
	const step = items.length / size;
	return Array.from({length: size}, (_, index) => items[Math.floor(index * step)]!);
}

export function kubelets(context: CheckContext): Promise<Kubelets> {
	return context.snapshot.once('kubelets', async () => {
		let nodes: KubeObject[];
		try {
			nodes = await context.snapshot.listAll('v1', 'Node');
		} catch (error) {
			if (!isKubeError(error)) {
				throw error;
			}
			return {total: 0, reads: [], error: error.message};
		}
		const chosen = sample([...nodes].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)), kubeletSample);
		const reads: KubeletRead[] = [];
		await forEachLimited(chosen, requestConcurrency, async node => {
			const name = node.metadata.name;
			try {
				const {body} = await context.snapshot.request<{kubeletconfig?: KubeletConfig}>({path: `/api/v1/nodes/${encodeURIComponent(name)}/proxy/configz`});
				reads.push(body.kubeletconfig ? {node: name, config: body.kubeletconfig} : {node: name, error: sayKubelet('error.noConfig')});
			} catch (error) {
				if (!isKubeError(error)) {
					throw error;
				}
				reads.push({node: name, error: error.message});
			}
		});
		reads.sort((a, b) => a.node.localeCompare(b.node));
		return {total: nodes.length, reads};
	});
}
