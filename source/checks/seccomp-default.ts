// Section 5 ("What's next"): seccomp. A container filters its system calls when its spec (or its
// pod's) asks for RuntimeDefault or Localhost, or when it states nothing and its node's kubelet
// runs with seccompDefault: true. The pod specs come from the shared snapshot; the kubelets'
// configuration from the same node-proxy reads (sampled) that section 2 uses.
import {type Check, type Evidence, type Status, isSystemNamespace, statusOrder, worst} from '../engine/types.js';
import {type Words, sayer, because, line, type Phrase, translation} from '../engine/words.js';
import {type KubeletRead, kubelets} from '../facts/kubelets.js';
import {activePods, evidence, guideUrl, isConfined, podSpec, seccompProfiles} from '../facts/util.js';
import type {KubeObject} from '../kube/objects.js';

const checklist = 'https://kubernetes.io/docs/concepts/security/security-checklist/';
const seccompReference = 'https://kubernetes.io/docs/reference/node/seccomp/';

const en = {
	title: 'Containers run under a seccomp profile',
	risk: 'seccomp limits which system calls a container may make into the node\'s kernel. Without a profile the container may call anything the kernel offers, so a flaw behind any rarely used system call is within its reach. The runtime\'s RuntimeDefault profile refuses the risky, seldom needed calls and nearly every application runs under it unchanged.',
	attack: 'With code running in an unconfined container, an attacker uses a system call such as keyctl, bpf or unshare, common in container-escape exploits, to reach a kernel flaw and take over the node; under RuntimeDefault those calls are refused.',
	fix: 'No automatic fix: the profile belongs in each workload\'s manifest, where the next rollout would undo a patch made here, and seccompDefault is a setting in each node\'s kubelet configuration.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: `In each workload's pod template: securityContext: {seccompProfile: {type: RuntimeDefault}} (or type: Localhost with localhostProfile: <file> for a profile of your own), and no type: Unconfined anywhere. To make RuntimeDefault the default for every container without a profile, set seccompDefault: true in each node's KubeletConfiguration (/var/lib/kubelet/config.yaml on kubeadm) and restart the kubelet; try it on one node first, as a few workloads need a call the default profile refuses. Pod Security at restricted (3.2) refuses pods without a profile. Further reading: the Security Checklist (${checklist}) and the seccomp node reference (${seccompReference}).`,
	link: `${guideUrl}#what-s-next`,
	'ev.unconfined': 'seccomp explicitly Unconfined: {containers} (worse than no profile: seccompDefault does not apply to it)',
	'ev.exposed': 'no seccomp profile: {containers}; node {node} has seccompDefault off, so they run unconfined',
	'ev.unread': 'no seccomp profile: {containers}; the kubelet of node {node} was not read, so whether seccompDefault covers them is not known',
	'ev.unscheduled': 'no seccomp profile: {containers}; not on a node yet, and not every node is known to have seccompDefault on',
	'ev.system': 'system namespace, listed, not judged: {detail}',
	'ev.nodeOn': 'seccompDefault: true: containers without a profile run under RuntimeDefault',
	'ev.nodeOff': 'seccompDefault is off: containers without a profile run unconfined',
	'ev.nodeUnread': 'kubelet configuration not readable: {error}',
	'reason.pass': 'Every container of the {count} workload pods in scope runs under RuntimeDefault or Localhost, set in its spec or by its node\'s seccompDefault.',
	'reason.system': '{count} pods in system namespaces run without one and are listed for review.',
	'reason.found': '{count} pods in scope have containers without seccomp filtering.',
	'reason.unsure': '{count} pods in scope have containers without a profile on nodes whose kubelet was not read: whether seccompDefault covers them is not known.',
	'reason.read': 'Read the configuration of {read} of {asked} kubelets asked ({total} nodes).',
	'reason.nodesRefused': 'The nodes could not be listed ({error}), so whether their kubelets apply seccompDefault is not known.',
	'step.find': 'List the pods with the seccomp profile type their spec asks for, at pod and at container level: <none> in both means no profile, Unconfined means explicitly off.',
	'step.workloads': 'In each workload\'s pod template, ask for RuntimeDefault (or type: Localhost with a profile of your own) and remove any Unconfined. Change it where the manifest lives (Git, Helm chart), so the next rollout keeps it.',
	'step.kubelet': 'To make RuntimeDefault the default for every container without a profile, set seccompDefault in each node\'s kubelet configuration (/var/lib/kubelet/config.yaml on kubeadm) and restart the kubelet. Try one node first: a few workloads need a system call the default profile refuses.',
	'step.podSecurity': 'Have Pod Security at restricted (3.2) refuse pods without a profile: a server-side dry run first lists the pods that would violate it.',
	'step.verify': 'Check a node\'s running kubelet configuration: it should show "seccompDefault":true (absent means off). Then run this check again.',
} as const;

const zh = translation(en)({
	title: '容器在 seccomp 設定檔下執行',
	risk: 'seccomp 限制容器可以對節點核心發出哪些系統呼叫。沒有設定檔時，容器可以呼叫核心提供的任何東西，任何冷門系統呼叫背後的漏洞都在它能觸及的範圍內。容器執行環境的 RuntimeDefault 設定檔會拒絕有風險、又很少用到的呼叫，幾乎所有應用程式都能不經修改就在它之下執行。',
	attack: '攻擊者在沒有限制的容器中執行程式碼後，利用 keyctl、bpf 或 unshare 這類常見於容器逃逸攻擊的系統呼叫觸及核心漏洞，進而接管節點；在 RuntimeDefault 之下，這些呼叫會被拒絕。',
	fix: '沒有自動修復：設定檔應該寫在每個工作負載的清單中，在這裡打的修補會被下一次發布蓋掉；而 seccompDefault 是每個節點 kubelet 設定中的一項。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: `在每個工作負載的 Pod 範本中設定 securityContext: {seccompProfile: {type: RuntimeDefault}}（或用 type: Localhost 搭配 localhostProfile: <file> 使用自己的設定檔），任何地方都不要有 type: Unconfined。若要讓每個沒有設定檔的容器都預設使用 RuntimeDefault，請在每個節點的 KubeletConfiguration（kubeadm 為 /var/lib/kubelet/config.yaml）設定 seccompDefault: true 並重新啟動 kubelet；先在一個節點上試，因為少數工作負載需要預設設定檔會拒絕的呼叫。restricted 級別的 Pod 安全性（3.2）會拒絕沒有設定檔的 Pod。延伸閱讀：安全檢查清單（${checklist}）與 seccomp 節點參考（${seccompReference}）。`,
	link: en.link,
	'ev.unconfined': 'seccomp 明確設為 Unconfined：{containers}（比沒有設定檔更糟：seccompDefault 對它無效）',
	'ev.exposed': '沒有 seccomp 設定檔：{containers}；節點 {node} 的 seccompDefault 是關閉的，因此它們在沒有限制的情況下執行',
	'ev.unread': '沒有 seccomp 設定檔：{containers}；沒有讀取到節點 {node} 的 kubelet，因此不知道 seccompDefault 是否涵蓋它們',
	'ev.unscheduled': '沒有 seccomp 設定檔：{containers}；尚未排程到節點上，且並非每個節點都確定開啟了 seccompDefault',
	'ev.system': '系統名字空間，僅列出、不判斷：{detail}',
	'ev.nodeOn': 'seccompDefault: true：沒有設定檔的容器在 RuntimeDefault 下執行',
	'ev.nodeOff': 'seccompDefault 是關閉的：沒有設定檔的容器在沒有限制的情況下執行',
	'ev.nodeUnread': '無法讀取 kubelet 設定：{error}',
	'reason.pass': '範圍內 {count} 個工作負載 Pod 的每個容器，都在 RuntimeDefault 或 Localhost 下執行，由它的規格或所在節點的 seccompDefault 設定。',
	'reason.system': '系統名字空間中有 {count} 個 Pod 沒有設定檔，已列出供檢查。',
	'reason.found': '範圍內有 {count} 個 Pod 的容器沒有 seccomp 過濾。',
	'reason.unsure': '範圍內有 {count} 個 Pod 的容器沒有設定檔，且所在節點的 kubelet 沒有讀取到：不知道 seccompDefault 是否涵蓋它們。',
	'reason.read': '在詢問的 {asked} 個 kubelet 中讀取到 {read} 個的設定（共 {total} 個節點）。',
	'reason.nodesRefused': '無法列出節點（{error}），因此不知道它們的 kubelet 是否套用 seccompDefault。',
	'step.find': '列出各 Pod 的規格在 Pod 層級和容器層級要求的 seccomp 設定檔類型：兩欄都是 <none> 表示沒有設定檔，Unconfined 表示明確關閉。',
	'step.workloads': '在每個工作負載的 Pod 範本中要求 RuntimeDefault（或用 type: Localhost 搭配自己的設定檔），並移除所有 Unconfined。請在清單實際所在的地方（Git、Helm chart）修改，下一次發布才會保留。',
	'step.kubelet': '若要讓每個沒有設定檔的容器都預設使用 RuntimeDefault，請在每個節點的 kubelet 設定（kubeadm 為 /var/lib/kubelet/config.yaml）設定 seccompDefault，並重新啟動 kubelet。先在一個節點上試：少數工作負載需要預設設定檔會拒絕的系統呼叫。',
	'step.podSecurity': '讓 restricted 級別的 Pod 安全性（3.2）拒絕沒有設定檔的 Pod：先做一次伺服器端試執行（dry run），列出會違反它的 Pod。',
	'step.verify': '查看某個節點上正在執行的 kubelet 設定：應顯示 "seccompDefault":true（沒有出現表示關閉）。然後再執行一次這項檢查。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('seccomp-default', words);

/** How the containers that state no profile fare on the pod's node. */
type Coverage = 'covered' | 'exposed' | 'unread' | 'unscheduled';

/** What a pod's spec leaves unfiltered, and whether its node makes up for it. */
export function seccompGaps(pod: KubeObject, nodes: Map<string, KubeletRead>, coveredEverywhere: boolean): {status: Status; detail: string; phrases: Phrase[]} | undefined {
	// Seccomp is a Linux feature; Windows pods have nothing to set.
	if (podSpec(pod).os?.name === 'windows') {
		return undefined;
	}
	const profiles = seccompProfiles(pod);
	const explicit = profiles.filter(profile => profile.type === 'Unconfined').map(profile => profile.container);
	const missing = profiles.filter(profile => !isConfined(profile.type) && profile.type !== 'Unconfined').map(profile => profile.container);
	const parts: Array<{status: Status; phrase: Phrase}> = [];
	if (explicit.length > 0) {
		parts.push({status: 'fail', phrase: say.code('ev.unconfined', {containers: explicit.join(', ')})});
	}
	if (missing.length > 0) {
		const node = podSpec(pod).nodeName;
		const read = node ? nodes.get(node) : undefined;
		const coverage: Coverage = node
			? read?.config ? (read.config.seccompDefault === true ? 'covered' : 'exposed') : 'unread'
			: coveredEverywhere ? 'covered' : 'unscheduled';
		const params = {containers: missing.join(', '), node: node ?? ''};
		if (coverage === 'exposed') {
			parts.push({status: 'warn', phrase: say.code('ev.exposed', params)});
		} else if (coverage !== 'covered') {
			parts.push({status: 'unknown', phrase: say.code(coverage === 'unread' ? 'ev.unread' : 'ev.unscheduled', params)});
		}
	}
	const phrases = parts.map(part => part.phrase);
	return phrases.length === 0 ? undefined : {status: worst(parts.map(part => part.status)), detail: line(phrases).detail, phrases};
}

export const seccompDefault: Check = {
	id: 'seccomp-default',
	section: '5',
	reads: ['Pod'],
	words,
	steps: [
		{id: 'find', text: 'step.find', command: "kubectl get pods -A -o 'custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,POD:.spec.securityContext.seccompProfile.type,CONTAINERS:.spec.containers[*].securityContext.seccompProfile.type'"},
		{id: 'workloads', text: 'step.workloads', command: 'spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault'},
		{id: 'kubelet', text: 'step.kubelet', command: 'seccompDefault: true\n\nsystemctl restart kubelet'},
		{id: 'podSecurity', text: 'step.podSecurity', command: 'kubectl label --dry-run=server --overwrite namespace <namespace> pod-security.kubernetes.io/enforce=restricted\nkubectl label --overwrite namespace <namespace> pod-security.kubernetes.io/enforce=restricted'},
		{id: 'verify', text: 'step.verify', command: 'kubectl get --raw /api/v1/nodes/<node>/proxy/configz | grep -o \'"seccompDefault":[a-z]*\''},
	],
	seeIt: [
		"kubectl get pods -A -o 'custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name,POD:.spec.securityContext.seccompProfile.type,CONTAINERS:.spec.containers[*].securityContext.seccompProfile.type'",
		'kubectl get --raw /api/v1/nodes/<node>/proxy/configz',
	],
	async probe(context) {
		const [pods, facts] = await Promise.all([activePods(context), kubelets(context)]);
		const nodes = new Map(facts.reads.map(read => [read.node, read]));
		const coveredEverywhere = !facts.error && facts.total > 0 && facts.reads.length === facts.total && facts.reads.every(read => read.config?.seccompDefault === true);
		const found: Array<{status: Status; line: Evidence}> = [];
		const system: Evidence[] = [];
		for (const pod of pods) {
			const gap = seccompGaps(pod, nodes, coveredEverywhere);
			if (!gap) {
				continue;
			}
			if (isSystemNamespace(pod.metadata.namespace)) {
				system.push(evidence(pod, say.code('ev.system', {detail: gap.detail})));
			} else {
				found.push({status: gap.status, line: evidence(pod, gap.phrases)});
			}
		}
		found.sort((a, b) => statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status));
		const nodeLines: Evidence[] = facts.reads.map(read => ({
			kind: 'Node',
			name: read.node,
			...read.config
				? say.line(read.config.seccompDefault === true ? 'ev.nodeOn' : 'ev.nodeOff')
				: say.line('ev.nodeUnread', {error: read.error ?? ''}),
		}));
		const status = worst(found.map(item => item.status));
		const readNote = facts.error
			? say.code('reason.nodesRefused', {error: facts.error})
			: say.code('reason.read', {read: facts.reads.filter(read => read.config).length, asked: facts.reads.length, total: facts.total});
		const workloads = pods.filter(pod => !isSystemNamespace(pod.metadata.namespace)).length;
		const summary = status === 'pass'
			? [say.code('reason.pass', {count: workloads}), ...system.length > 0 ? [say.code('reason.system', {count: system.length})] : []]
			: status === 'unknown'
				? [say.code('reason.unsure', {count: found.length})]
				: [say.code('reason.found', {count: found.length})];
		return {
			status,
			severity: status === 'fail' ? 'high' : status === 'pass' ? 'info' : 'medium',
			evidence: [...found.map(item => item.line), ...system, ...nodeLines],
			...because([...summary, readNote]),
		};
	},
};
