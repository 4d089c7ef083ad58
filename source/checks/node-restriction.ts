// 1.3 node-restriction: A node can change only its own objects.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, line, because, verbatim, type Phrase} from '../engine/words.js';
import {guideUrl} from '../facts/util.js';
import {isKubeError} from '../kube/errors.js';
import {objectPath} from '../kube/objects.js';

const en = {
	title: 'A node can change only its own objects',
	risk: 'Each kubelet holds credentials on its node. Without the Node authorizer and the NodeRestriction admission plugin, those credentials can change other nodes\' labels and status and read Secrets of pods on other nodes.',
	attack: 'An attacker who breaks out onto one node uses its kubelet credentials to relabel other nodes, steering sensitive workloads onto the node they control.',
	fix: 'Nothing to change through the API: the Node authorizer and NodeRestriction are API server flags.',
	undo: 'Nothing to undo: the probe is a dry-run.',
	manual: 'Run the API server with --authorization-mode=Node,RBAC and --enable-admission-plugins=NodeRestriction (kubeadm does both by default).',
	link: `${guideUrl}#api-authorization`,
	'ev.allowed': 'acting as node {node}, a dry-run label change on this other node was ALLOWED',
	'ev.refused': 'acting as node {node}, a dry-run label change on this other node was refused by {by}',
	'by.admission': 'NodeRestriction',
	'by.authorizer': 'authorization',
	'reason.noNodes': 'There is no Node to try a change on, so this cannot be tested.',
	'reason.noImpersonate': 'You may not impersonate a node, so this cannot be tested: {error}',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('node-restriction', words);

/** The name a made-up node gets when impersonated (it exists nowhere). */
export const probeNodeName = 'kubectl-harden-probe-node';

export const nodeRestriction: Check = {
	id: 'node-restriction',
	section: '1.3',
	words,
	async probe(context) {
		const nodes = await context.snapshot.listAll('v1', 'Node');
		const other = nodes.find(node => node.metadata.name !== probeNodeName);
		if (!other) {
			return {status: 'unknown', severity: 'high', evidence: [], ...say.reason('reason.noNodes')};
		}
		const name = other.metadata.name;
		const evidence = (detail: Phrase): Evidence[] => [{kind: 'Node', name, ...line(detail)}];
		try {
			await context.snapshot.request({
				method: 'PATCH',
				path: objectPath({apiVersion: 'v1', kind: 'Node', name}),
				query: {dryRun: 'All'},
				body: {metadata: {labels: {'kubectl-harden/probe': 'other-node'}}},
				contentType: 'application/merge-patch+json',
			}, {user: `system:node:${probeNodeName}`, groups: ['system:nodes', 'system:authenticated']});
			return {status: 'fail', severity: 'high', evidence: evidence(say.code('ev.allowed', {node: probeNodeName}))};
		} catch (error) {
			if (!isKubeError(error)) {
				throw error;
			}
			if (error.code !== 'forbidden') {
				throw error;
			}
			const detail = error.detail ?? error.message;
			if (/impersonate/i.test(detail) && !/system:node:/.test(detail.replace(`system:node:${probeNodeName}`, ''))) {
				// The operator may not impersonate: nothing was learned about nodes.
				if (/cannot impersonate/i.test(detail)) {
					return {status: 'unknown', severity: 'high', evidence: [], ...say.reason('reason.noImpersonate', {error: error.message})};
				}
			}
			const by = /NodeRestriction|node .* is not allowed to modify node/i.test(detail) ? say('by.admission') : say('by.authorizer');
			return {status: 'pass', severity: 'info', evidence: evidence(say.code('ev.refused', {node: probeNodeName, by})), ...because(verbatim('node-restriction.reason.refusal', detail))};
		}
	},
};
