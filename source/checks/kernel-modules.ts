// 3.3 Kernel modules. The API shows which pods could load a module (privileged, or given
// SYS_MODULE) and which run without the runtime's default seccomp profile (a container that
// states none is covered on a node whose kubelet runs with seccompDefault). Whether the nodes
// blacklist dccp and sctp cannot be seen through the API: that part is a manual step.
import {type Check, type Evidence, isSystemNamespace} from '../engine/types.js';
import {type Words, sayer} from '../engine/words.js';
import {kubelets} from '../facts/kubelets.js';
import {allContainers, evidence, guideUrl, isConfined, podSpec, seccompProfiles} from '../facts/util.js';
import type {KubeObject} from '../kube/objects.js';
import {runners} from '../facts/workloads.js';

const en = {
	title: 'Workloads cannot load kernel modules',
	risk: 'The kernel loads some modules on demand, for example when a program opens a socket of a rarely used protocol. A bug in such a module is reachable from any container, and a privileged container can load any module outright.',
	attack: 'An attacker in a container opens a DCCP or SCTP socket to pull in a module with a known flaw and exploits it to escape to the node; with privileged or SYS_MODULE they simply load their own module.',
	fix: 'No automatic fix: the module blacklist lives on each node, out of the API\'s reach. Pod Security (3.2) refuses privileged pods and added capabilities.',
	undo: 'Nothing to undo.',
	manual: 'On every node, add /etc/modprobe.d/kubernetes-blacklist.conf with the lines "blacklist dccp" and "blacklist sctp" (and any other protocol you do not use), or use an LSM such as SELinux to deny module_request to containers. Run pods with seccompProfile type RuntimeDefault (or turn on the kubelet\'s seccompDefault).',
	link: `${guideUrl}#preventing-containers-from-loading-unwanted-kernel-modules`,
	'why.privileged': '{container} is privileged',
	'why.sysModule': '{container} adds SYS_MODULE',
	'ev.loader': 'can load kernel modules: {why}',
	'ev.systemLoader': 'system namespace, can load kernel modules: {why} (expected for some node agents: confirm you know it)',
	'ev.noSeccomp': 'no RuntimeDefault seccomp profile: {containers}',
	'reason.nodes': 'Whether the nodes blacklist dccp and sctp cannot be seen through the API: see the manual steps.',
	'reason.onlyNodes': 'None of the {count} pods can load modules or runs without seccomp, but whether the nodes blacklist dccp and sctp cannot be seen through the API: check it by hand (manual steps).',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('kernel-modules', words);

export function canLoadModules(pod: KubeObject): string[] {
	const reasons: string[] = [];
	for (const container of allContainers(pod)) {
		const context = container.securityContext ?? {};
		if (context.privileged) {
			reasons.push(say('why.privileged', {container: container.name}));
		} else if ((context.capabilities?.add ?? []).some(cap => ['SYS_MODULE', 'CAP_SYS_MODULE', 'ALL'].includes(cap.toUpperCase()))) {
			reasons.push(say('why.sysModule', {container: container.name}));
		}
	}
	return reasons;
}

export const kernelModules: Check = {
	id: 'kernel-modules',
	section: '3.3',
	reads: ['Pod'],
	words,
	async probe(context) {
		// Pods, and the pod templates of workloads (named once, whether or not their pods exist now).
		const [pods, facts] = await Promise.all([runners(context), kubelets(context)]);
		// Nodes whose kubelet gives RuntimeDefault to every container that states no profile.
		const covered = new Set(facts.reads.filter(read => read.config?.seccompDefault === true).map(read => read.node));
		const loaders: Evidence[] = [];
		const systemLoaders: Evidence[] = [];
		const noSeccomp: Evidence[] = [];
		for (const pod of pods) {
			const reasons = canLoadModules(pod);
			if (reasons.length > 0) {
				(isSystemNamespace(pod.metadata.namespace) ? systemLoaders : loaders).push(evidence(pod, isSystemNamespace(pod.metadata.namespace)
					? say.code('ev.systemLoader', {why: reasons.join(', ')})
					: say.code('ev.loader', {why: reasons.join(', ')})));
				continue;
			}
			const onCovered = covered.has(podSpec(pod).nodeName ?? '');
			const containers = seccompProfiles(pod).filter(profile => !isConfined(profile.type) && !(onCovered && profile.type === undefined)).map(profile => profile.container);
			if (containers.length > 0 && !isSystemNamespace(pod.metadata.namespace)) {
				noSeccomp.push(evidence(pod, say.code('ev.noSeccomp', {containers: containers.join(', ')})));
			}
		}
		const found = [...loaders, ...noSeccomp, ...systemLoaders];
		if (loaders.length > 0) {
			return {status: 'fail', severity: 'high', evidence: found, ...say.reason('reason.nodes')};
		}
		if (noSeccomp.length > 0) {
			return {status: 'warn', severity: 'medium', evidence: found, ...say.reason('reason.nodes')};
		}
		// Nothing the API shows is wrong, but the node-level blacklist is out of its sight.
		return {status: 'unknown', severity: 'info', evidence: found, ...say.reason('reason.onlyNodes', {count: pods.length})};
	},
};
