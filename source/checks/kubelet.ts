// Guide section 2: the kubelets' own API. Each kubelet's running configuration is read through
// the API server's node proxy (`/api/v1/nodes/NAME/proxy/configz`); on a large cluster a sample
// of nodes is read, and the verdict says how many.
import {isKubeError} from '../kube/errors.js';
import type {KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import {forEachLimited, requestConcurrency} from '../engine/limit.js';
import type {Check, CheckContext, Evidence, Status} from '../engine/types.js';
import {worst} from '../engine/types.js';

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
				const {body} = await context.client.request<{kubeletconfig?: KubeletConfig}>({path: `/api/v1/nodes/${encodeURIComponent(name)}/proxy/configz`});
				reads.push(body.kubeletconfig ? {node: name, config: body.kubeletconfig} : {node: name, error: t('check.kubelet-config.error.noConfig')});
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

function nodeEvidence(node: string, detail: string): Evidence {
	return {kind: 'Node', name: node, detail};
}

/** The kubelet settings that decide who may use its API, judged per node. */
export function judgeKubelet(read: KubeletRead): {status: Status; evidence: Evidence[]} {
	if (!read.config) {
		return {status: 'unknown', evidence: [nodeEvidence(read.node, t('check.kubelet-config.ev.unread', {error: read.error ?? ''}))]};
	}
	const config = read.config;
	const problems: string[] = [];
	let status: Status = 'pass';
	if (config.authentication?.anonymous?.enabled !== false) {
		problems.push(t('check.kubelet-config.ev.anonymous'));
		status = 'fail';
	}
	if (config.authorization?.mode === 'AlwaysAllow' || config.authorization?.mode === undefined) {
		problems.push(t('check.kubelet-config.ev.alwaysAllow', {mode: config.authorization?.mode ?? t('check.kubelet-config.unset')}));
		status = 'fail';
	}
	if (config.authentication?.webhook?.enabled !== true) {
		problems.push(t('check.kubelet-config.ev.noWebhook'));
		status = status === 'fail' ? 'fail' : 'warn';
	}
	if ((config.readOnlyPort ?? 0) > 0) {
		problems.push(t('check.kubelet-config.ev.readOnlyPort', {port: config.readOnlyPort!}));
		status = 'fail';
	}
	const detail = problems.length > 0
		? problems.join('; ')
		: t('check.kubelet-config.ev.good', {mode: config.authorization?.mode ?? ''});
	return {status, evidence: [nodeEvidence(read.node, detail)]};
}

export const kubeletConfig: Check = {
	id: 'kubelet-config',
	section: '2',
	async probe(context) {
		const facts = await kubelets(context);
		if (facts.error) {
			return {status: 'unknown', severity: 'high', evidence: [], reason: t('check.kubelet-config.reason.noNodes', {error: facts.error})};
		}
		if (facts.total === 0) {
			return {status: 'unknown', severity: 'high', evidence: [], reason: t('check.kubelet-config.reason.none')};
		}
		const judged = facts.reads.map(judgeKubelet);
		const status = worst(judged.map(item => item.status));
		const read = facts.reads.filter(item => item.config).length;
		const reason = t('check.kubelet-config.reason.read', {read, asked: facts.reads.length, total: facts.total});
		return {
			status,
			severity: status === 'pass' ? 'info' : 'critical',
			evidence: judged.flatMap(item => item.evidence),
			reason: read === 0 ? `${reason} ${t('check.kubelet-config.reason.noneRead')}` : reason,
		};
	},
};
