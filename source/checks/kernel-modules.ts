// 3.3 Kernel modules. The API shows which pods could load a module (privileged, or given
// SYS_MODULE) and which run without the runtime's default seccomp profile (a container that
// states none is covered on a node whose kubelet runs with seccompDefault). Whether the nodes
// blacklist dccp and sctp cannot be seen through the API: that part is a manual step.
import type {KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import type {Check, Evidence} from '../engine/types.js';
import {kubelets} from './kubelet.js';
import {activePods, allContainers, evidence, isConfined, isSystemNamespace, podSpec, seccompProfiles} from './util.js';

export function canLoadModules(pod: KubeObject): string[] {
	const reasons: string[] = [];
	for (const container of allContainers(pod)) {
		const context = container.securityContext ?? {};
		if (context.privileged) {
			reasons.push(t('check.kernel-modules.why.privileged', {container: container.name}));
		} else if ((context.capabilities?.add ?? []).some(cap => ['SYS_MODULE', 'CAP_SYS_MODULE', 'ALL'].includes(cap.toUpperCase()))) {
			reasons.push(t('check.kernel-modules.why.sysModule', {container: container.name}));
		}
	}
	return reasons;
}

export const kernelModules: Check = {
	id: 'kernel-modules',
	section: '3.3',
	async probe(context) {
		const [pods, facts] = await Promise.all([activePods(context), kubelets(context)]);
		// Nodes whose kubelet gives RuntimeDefault to every container that states no profile.
		const covered = new Set(facts.reads.filter(read => read.config?.seccompDefault === true).map(read => read.node));
		const loaders: Evidence[] = [];
		const systemLoaders: Evidence[] = [];
		const noSeccomp: Evidence[] = [];
		for (const pod of pods) {
			const reasons = canLoadModules(pod);
			if (reasons.length > 0) {
				(isSystemNamespace(pod.metadata.namespace) ? systemLoaders : loaders).push(evidence(pod, isSystemNamespace(pod.metadata.namespace)
					? t('check.kernel-modules.ev.systemLoader', {why: reasons.join(', ')})
					: t('check.kernel-modules.ev.loader', {why: reasons.join(', ')})));
				continue;
			}
			const onCovered = covered.has(podSpec(pod).nodeName ?? '');
			const containers = seccompProfiles(pod).filter(profile => !isConfined(profile.type) && !(onCovered && profile.type === undefined)).map(profile => profile.container);
			if (containers.length > 0 && !isSystemNamespace(pod.metadata.namespace)) {
				noSeccomp.push(evidence(pod, t('check.kernel-modules.ev.noSeccomp', {containers: containers.join(', ')})));
			}
		}
		const found = [...loaders, ...noSeccomp, ...systemLoaders];
		if (loaders.length > 0) {
			return {status: 'fail', severity: 'high', evidence: found, reason: t('check.kernel-modules.reason.nodes')};
		}
		if (noSeccomp.length > 0) {
			return {status: 'warn', severity: 'medium', evidence: found, reason: t('check.kernel-modules.reason.nodes')};
		}
		// Nothing the API shows is wrong, but the node-level blacklist is out of its sight.
		return {status: 'unknown', severity: 'info', evidence: found, reason: t('check.kernel-modules.reason.onlyNodes', {count: pods.length})};
	},
};
