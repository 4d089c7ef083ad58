// 3.1 pod-resources: Pods state their resource requests and memory limits.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, type Phrase} from '../engine/words.js';
import {evidence, guideUrl, podSpec, workloadNamespaces} from '../facts/util.js';
import {runners} from '../facts/workloads.js';

const en = {
	title: 'Pods state their resource requests and memory limits',
	risk: 'A container without requests is placed on a node without reserving anything, and one without a memory limit can use the node\'s memory until the kernel kills something else.',
	attack: 'A process that leaks or is made to allocate memory, with no limit, takes the node\'s memory; before the kubelet reacts, the kernel\'s out-of-memory killer may end processes of well-behaved pods on the same node.',
	fix: 'No automatic fix: requests and limits belong in each workload\'s own manifest (the Deployment or chart), where the next rollout would overwrite any patch here. The resource-quota fix adds default requests for new pods.',
	undo: 'Nothing to undo.',
	manual: 'Set resources.requests (cpu, memory) and resources.limits.memory on every container in the workload templates; measure real use first.',
	link: `${guideUrl}#limiting-resource-usage-on-a-cluster`,
	'ev.noRequests': 'no CPU or memory request: {containers}',
	'ev.noMemoryLimit': 'no memory limit: {containers}',
	pass: 'All {count} pods in workload namespaces state requests and memory limits.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('pod-resources', words);

export const podResources: Check = {
	id: 'pod-resources',
	section: '3.1',
	reads: ['Namespace', 'Pod'],
	words,
	async probe(context) {
		const namespaces = new Set((await workloadNamespaces(context)).map(ns => ns.metadata.name));
		// Pods, and the pod templates of workloads (named once, whether or not their pods exist now).
		const pods = await runners(context, namespaces);
		const found: Evidence[] = [];
		for (const pod of pods) {
			const noRequests: string[] = [];
			const noLimits: string[] = [];
			for (const {name, resources = {}} of podSpec(pod).containers ?? []) {
				if (!resources.requests?.['cpu'] && !resources.limits?.['cpu'] || !resources.requests?.['memory'] && !resources.limits?.['memory']) {
					noRequests.push(name);
				}
				if (!resources.limits?.['memory']) {
					noLimits.push(name);
				}
			}
			if (noRequests.length > 0 || noLimits.length > 0) {
				const parts: Phrase[] = [];
				if (noRequests.length > 0) {
					parts.push(say.code('ev.noRequests', {containers: noRequests.join(', ')}));
				}
				if (noLimits.length > 0) {
					parts.push(say.code('ev.noMemoryLimit', {containers: noLimits.join(', ')}));
				}
				found.push(evidence(pod, parts));
			}
		}
		if (found.length > 0) {
			return {status: 'warn', severity: 'low', evidence: found};
		}
		return {status: 'pass', severity: 'info', evidence: [], ...say.reason('pass', {count: pods.length})};
	},
};
