// 3.3 Kernel modules. The API shows which pods could load a module (privileged, or given
// SYS_MODULE) and which run without the runtime's default seccomp profile (a container that
// states none is covered on a node whose kubelet runs with seccompDefault). Whether the nodes
// blacklist dccp and sctp cannot be seen through the API: that part is a manual step.
import {type Check, type Evidence, isSystemNamespace} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
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
	'step.blacklist': 'On every node, blacklist the protocol modules your workloads do not use, so the kernel no longer loads them on demand (add more lines for other unused protocols).',
	'step.loaded': 'Check whether either module is loaded already; if one is, unload it when nothing uses it, or reboot the node.',
	'step.seccomp': 'Give pods the runtime\'s default seccomp profile: turn on seccompDefault in /var/lib/kubelet/config.yaml and restart the kubelet (kubeadm; elsewhere the kubelet\'s --seccomp-default flag), or set it in each pod template.',
	'step.privileged': 'Remove privileged and the SYS_MODULE capability from the listed workloads\' own manifests; confirm each node agent in a system namespace that keeps them.',
} as const;

const zh = translation(en)({
	title: '工作負載無法載入內核模塊',
	risk: '內核會按需載入某些模塊，例如當程式打開一個少用協定的 socket 時。這類模塊裡的漏洞可以從任何容器觸及，而特權容器更能直接載入任何模塊。',
	attack: '攻擊者在容器中打開一個 DCCP 或 SCTP socket，把帶有已知缺陷的模塊拉進內核，再利用它逃逸到節點上；若有 privileged 或 SYS_MODULE，他乾脆直接載入自己的模塊。',
	fix: '沒有自動修復：模塊黑名單在每個節點上，API 碰不到。Pod 安全（3.2）會拒絕特權 Pod 與額外加入的 capabilities。',
	undo: '沒有要復原的。',
	manual: '在每個節點上新增 /etc/modprobe.d/kubernetes-blacklist.conf，寫入「blacklist dccp」與「blacklist sctp」兩行（以及其他你沒用到的協定），或用 SELinux 這類 LSM 拒絕容器的 module_request。以 seccompProfile 類型 RuntimeDefault 執行 Pod（或開啟 kubelet 的 seccompDefault）。',
	link: en.link,
	'why.privileged': '{container} 是特權容器',
	'why.sysModule': '{container} 加入了 SYS_MODULE',
	'ev.loader': '可以載入內核模塊：{why}',
	'ev.systemLoader': '系統名字空間，可以載入內核模塊：{why}（某些節點代理程式需要這樣：請確認你知道它）',
	'ev.noSeccomp': '沒有 RuntimeDefault seccomp 設定檔：{containers}',
	'reason.nodes': '節點是否把 dccp 與 sctp 列入黑名單，透過 API 看不到：請見手動步驟。',
	'reason.onlyNodes': '{count} 個 Pod 中沒有任何一個能載入模塊或在沒有 seccomp 的情況下執行，但節點是否把 dccp 與 sctp 列入黑名單，透過 API 看不到：請手動檢查（見手動步驟）。',
	'step.blacklist': '在每個節點上，把你的工作負載用不到的協定模塊列入黑名單，讓內核不再按需載入它們（其他沒用到的協定就再加幾行）。',
	'step.loaded': '檢查這兩個模塊是否已經載入；若已載入，在沒有東西使用時卸載它，或重新啟動節點。',
	'step.seccomp': '讓 Pod 使用容器執行環境預設的 seccomp 設定檔：在 /var/lib/kubelet/config.yaml 開啟 seccompDefault 並重新啟動 kubelet（kubeadm；其他環境用 kubelet 的 --seccomp-default 參數），或在每個 Pod 模板中設定。',
	'step.privileged': '從所列工作負載自己的清單中拿掉 privileged 與 SYS_MODULE capability；系統名字空間中仍保留它們的節點代理程式，請逐一確認。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
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
	steps: [
		{id: 'blacklist', text: 'step.blacklist', command: 'printf \'blacklist dccp\\nblacklist sctp\\n\' | sudo tee /etc/modprobe.d/kubernetes-blacklist.conf'},
		{id: 'loaded', text: 'step.loaded', command: 'lsmod | grep -E \'^(dccp|sctp)\'\nsudo modprobe -r dccp sctp'},
		{id: 'seccomp', text: 'step.seccomp', command: 'seccompDefault: true\n---\nsecurityContext:\n  seccompProfile:\n    type: RuntimeDefault'},
		{id: 'privileged', text: 'step.privileged'},
	],
	seeIt: [
		'kubectl get pods -A -o custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,PRIVILEGED:.spec.containers[*].securityContext.privileged,ADDED:.spec.containers[*].securityContext.capabilities.add',
		'kubectl get pods -A -o custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,POD_SECCOMP:.spec.securityContext.seccompProfile.type,CONTAINER_SECCOMP:.spec.containers[*].securityContext.seccompProfile.type',
		'kubectl get --raw /api/v1/nodes/<node>/proxy/configz',
	],
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
