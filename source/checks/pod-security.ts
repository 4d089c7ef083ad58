// 3.2 Container privileges. Each namespace's Pod Security labels, judged by the API server
// itself: one server-side dry-run of `enforce=restricted` per namespace with pods returns
// Warning headers naming the pods and the checks they fail. Whether baseline holds follows from
// those check names; for the four checks restricted replaces with stricter ones, three small
// rules read the pod's spec (hostPath, capabilities, Unconfined seccomp), and anything else
// unclear asks the server for baseline too (test/pod-security.test.ts compares both answers on a
// real API server). Enforcement is confirmed by dry-run creating a privileged pod, which a
// working `enforce` label refuses.
import {forEachLimited, requestConcurrency} from '../engine/limit.js';
import {type Change, type Check, type CheckContext, type Evidence, type FixPlan, type Status, type Verdict, worst} from '../engine/types.js';
import {type Words, sayer, type Phrase, verbatim, because, translation} from '../engine/words.js';
import {allContainers, chooseTargets, evidence, guideUrl, namespaceEvidence, noWorkloadNamespaces, podSpec, workloadNamespaces} from '../facts/util.js';
import {admission, runnersIn} from '../facts/workloads.js';
import {UserError, isKubeError} from '../kube/errors.js';
import {type KubeObject, objectPath} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import {itemFor} from '../engine/impact.js';
import {judgeTemplates, workloadTemplates} from '../facts/workload-templates.js';
import type {ImpactItem} from '../engine/types.js';

const en = {
	title: 'Pod Security admission enforces a level in every namespace',
	risk: 'Without an enforce label, the API server admits any pod: privileged containers, the host\'s process and network namespaces, host paths. Any of these is a short step to root on the node.',
	attack: 'Whoever can create a pod in the namespace (a CI job, a stolen token) starts a privileged pod that mounts the node\'s disk and reads every secret and kubelet credential on it, then moves on to the rest of the cluster.',
	fix: 'Labels each namespace with pod-security.kubernetes.io/enforce at the strongest level none of its running pods breaks (the API server says which, by a dry-run of the label), and warn/audit at restricted so the remaining gaps show up. If even baseline would reject a running pod, enforce is held back and named pods are listed (use --option level=baseline to enforce anyway; running pods keep running, but would not be re-created).',
	undo: 'kubectl harden undo puts the namespace labels back as they were, unless someone changed them since.',
	manual: 'Fix the listed pods (drop privileged, host namespaces and hostPath; run as non-root with a RuntimeDefault seccomp profile), then raise enforce to restricted. Pin pod-security.kubernetes.io/enforce-version when you upgrade.',
	link: `${guideUrl}#controlling-what-privileges-containers-run-with`,
	unset: 'no enforce label',
	enforceValue: 'enforce={value}',
	'ev.noEnforceSafe': '{enforce}: any pod is admitted; {level} would reject none of the running pods',
	'ev.noEnforceBlocked': '{enforce}: any pod is admitted; even baseline would reject running pods (listed)',
	'ev.noEnforceUnjudged': '{enforce}: any pod is admitted; which pods a level would reject could not be asked',
	'ev.notEnforced': 'labelled enforce={level}, yet a dry-run privileged pod was admitted: Pod Security admission is off or this namespace is exempt',
	'ev.unconfirmed': 'labelled enforce={level}; whether it is really enforced could not be confirmed',
	'ev.couldTighten': 'enforces baseline, and restricted would reject none of the running pods',
	'ev.pod': 'breaks {level}: {violations}',
	'ev.podGroup': 'breaks {level}: {violations} (and {others} more pods with the same findings)',
	'ev.podAlso': 'also breaks restricted: {violations}',
	'ev.template': 'its pod template, judged by the API server (a dry-run pod in this namespace): {answer}',
	'ev.templateRefused': 'its pods would be refused: {violations}',
	'ev.templateUnjudged': 'its pod template was not judged: the namespace sets neither an enforce nor a warn level for the API server to judge it by',
	'reason.unconfirmed': 'Namespace {namespace}: enforcement could not be confirmed: {detail}',
	change: 'label Namespace {namespace}: {labels}',
	'note.chosen': '{namespace}: enforce {level}, the strongest level none of its running pods breaks.',
	'note.heldBack': '{namespace}: enforce held back: even baseline would reject running pods ({pods}); only warn/audit=restricted is set. Fix those pods, or pass --option level=baseline.',
	'impact.pod': 'running pod refused by enforce={level} if re-created: {violations}',
	'impact.template': 'its pods would be refused by enforce={level} (the next rollout or run fails): {detail}',
	'impact.templateUnjudged': 'whether enforce={level} admits its pods could not be asked: {detail}',
	'impact.templateNotAsked': 'its pods are not running, so whether enforce={level} admits them is not judged yet: the API server judges a pod template only in a namespace with that label, and a preview writes nothing. Ask for it with --option judge-templates=scratch (c on the fix screen): a scratch namespace is created with the label, the templates are dry-run there, and it is deleted',
	'impact.baselineKeeps': 'level=baseline (the fix screen\'s option, or --option level=baseline) keeps every workload listed here admissible',
	'impact.templatesUnjudged': 'whether enforce={level} admits the workload templates could not be asked: {detail}',
	'note.forced': '{namespace}: enforce {level} as asked, although it rejects running pods ({pods}): they keep running but could not be re-created.',
	'option.levels': 'baseline or restricted',
	'step.pods': 'Fix the listed pods in their own manifests: no privileged, no host namespaces or hostPath, run as non-root, drop all capabilities, and use the RuntimeDefault seccomp profile.',
	'step.trial': 'Ask the API server which running pods restricted would still reject: a server-side dry-run of the label changes nothing and prints a warning per pod.',
	'step.restricted': 'When the dry-run names no pod, enforce restricted and pin the version of the rules to your cluster\'s minor version, so an upgrade does not tighten them unannounced.',
	'step.verify': 'Check the Pod Security labels of every namespace.',
} as const;

const zh = translation(en)({
	title: 'Pod 安全准入在每個名字空間都強制執行某個等級',
	risk: '沒有 enforce 標籤時，API 伺服器會接受任何 Pod：特權容器、主機的程序與網路名字空間、hostPath。其中任何一項離拿到節點 root 都只差一小步。',
	attack: '任何能在該名字空間建立 Pod 的人（CI 作業、偷來的令牌），啟動一個掛載節點磁碟的特權 Pod，讀取上面的每個 Secret 與 kubelet 憑據，再向叢集其他部分擴散。',
	fix: '為每個名字空間加上 pod-security.kubernetes.io/enforce 標籤，等級取它所有執行中 Pod 都不違反的最嚴格等級（由 API 伺服器透過標籤的試運行告知），並把 warn/audit 設為 restricted，讓剩下的缺口顯示出來。如果連 baseline 都會拒絕某個執行中的 Pod，就暫不設定 enforce，並列出那些 Pod（用 --option level=baseline 可以照樣強制執行；執行中的 Pod 會繼續執行，但無法再被重新建立）。',
	undo: 'kubectl harden undo 會把名字空間的標籤還原成原來的樣子，除非之後有人改過它們。',
	manual: '修正列出的 Pod（拿掉 privileged、主機名字空間與 hostPath；以非 root 身分、搭配 RuntimeDefault seccomp 設定檔執行），然後把 enforce 提高到 restricted。升級時請固定 pod-security.kubernetes.io/enforce-version。',
	link: en.link,
	unset: '沒有 enforce 標籤',
	enforceValue: '標籤 enforce={value}',
	'ev.noEnforceSafe': '{enforce}：任何 Pod 都會被接受；{level} 不會拒絕任何執行中的 Pod',
	'ev.noEnforceBlocked': '{enforce}：任何 Pod 都會被接受；連 baseline 都會拒絕某些執行中的 Pod（已列出）',
	'ev.noEnforceUnjudged': '{enforce}：任何 Pod 都會被接受；無法詢問某個等級會拒絕哪些 Pod',
	'ev.notEnforced': '標籤為 enforce={level}，但試運行的特權 Pod 竟被接受：Pod 安全准入沒有開啟，或這個名字空間被豁免',
	'ev.unconfirmed': '標籤為 enforce={level}；無法確認是否真的強制執行',
	'ev.couldTighten': '強制執行 baseline，而 restricted 也不會拒絕任何執行中的 Pod',
	'ev.pod': '違反 {level}：{violations}',
	'ev.podGroup': '違反 {level}：{violations}（另有 {others} 個 Pod 有相同的問題）',
	'ev.podAlso': '也違反 restricted：{violations}',
	'ev.template': '它的 Pod 模板，由 API 伺服器判定（在這個名字空間試運行一個 Pod）：{answer}',
	'ev.templateRefused': '它的 Pod 會被拒絕：{violations}',
	'ev.templateUnjudged': '它的 Pod 模板沒有被判定：這個名字空間既沒有 enforce 也沒有 warn 等級，API 伺服器無從判定',
	'reason.unconfirmed': '名字空間 {namespace}：無法確認強制執行：{detail}',
	change: '為 Namespace {namespace} 加上標籤：{labels}',
	'note.chosen': '{namespace}：enforce {level}，這是它所有執行中 Pod 都不違反的最嚴格等級。',
	'note.heldBack': '{namespace}：暫不設定 enforce：連 baseline 都會拒絕執行中的 Pod（{pods}）；只設定 warn/audit=restricted。請修正那些 Pod，或加上 --option level=baseline。',
	'impact.pod': '執行中的 Pod 若被重新建立，會被 enforce={level} 拒絕：{violations}',
	'impact.template': '它的 Pod 會被 enforce={level} 拒絕（下一次發布或執行會失敗）：{detail}',
	'impact.templateUnjudged': '無法詢問 enforce={level} 是否接受它的 Pod：{detail}',
	'impact.templateNotAsked': '它的 Pod 沒有在執行，所以還沒判定 enforce={level} 是否接受它們：API 伺服器只在帶有該標籤的名字空間裡判定 Pod 模板，而預覽不寫入任何東西。要判定的話請用 --option judge-templates=scratch（修復畫面按 c）：會建立一個帶有該標籤的暫用名字空間，在其中試運行這些模板，然後刪除它',
	'impact.baselineKeeps': 'level=baseline（修復畫面的選項，或 --option level=baseline）能讓這裡列出的每個工作負載都仍被接受',
	'impact.templatesUnjudged': '無法詢問 enforce={level} 是否接受這些工作負載模板：{detail}',
	'note.forced': '{namespace}：依要求 enforce {level}，雖然它會拒絕執行中的 Pod（{pods}）：它們會繼續執行，但無法再被重新建立。',
	'option.levels': 'baseline 或 restricted',
	'step.pods': '在所列 Pod 自己的清單中修正它們：不用 privileged、不用主機名字空間或 hostPath、以非 root 身分執行、拿掉所有 capabilities，並使用 RuntimeDefault seccomp 設定檔。',
	'step.trial': '詢問 API 伺服器 restricted 還會拒絕哪些執行中的 Pod：標籤的伺服器端試運行不會改變任何東西，並會對每個 Pod 印出一條警告。',
	'step.restricted': '當試運行不再列出任何 Pod 時，強制執行 restricted，並把規則版本固定在叢集的次版本，這樣升級時規則不會在未告知的情況下變嚴。',
	'step.verify': '檢查每個名字空間的 Pod 安全標籤。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('pod-security', words);

const podSecurityLabels = 'kubectl get namespaces -L pod-security.kubernetes.io/enforce,pod-security.kubernetes.io/enforce-version,pod-security.kubernetes.io/warn,pod-security.kubernetes.io/audit';

export const label = {
	enforce: 'pod-security.kubernetes.io/enforce',
	warn: 'pod-security.kubernetes.io/warn',
	audit: 'pod-security.kubernetes.io/audit',
};

export type Level = 'privileged' | 'baseline' | 'restricted';

export interface Violation {
	/** The pod the API server named. */
	pod: string;
	/** How many more pods share exactly these violations (the server groups them). */
	others: number;
	violations: string;
}

export interface LevelTrial {
	level: Level;
	/** The server answered; false when the dry-run itself was refused. */
	answered: boolean;
	error?: string | undefined;
	violations: Violation[];
	/** Warnings that were not about a pod (evaluation limits and the like). */
	other: string[];
}

const headerPattern = /^existing pods in namespace ".*" violate the new PodSecurity enforce level/;

const podPattern = /^(\S+?)(?: \(and (\d+) other pods?\))?: (.+)$/;

/** Asks the API server which running pods `level` would reject in the namespace (dry-run). */
export async function trial(context: CheckContext, namespace: string, level: Level): Promise<LevelTrial> {
	try {
		const {warnings} = await context.snapshot.request({
			method: 'PATCH',
			path: objectPath({apiVersion: 'v1', kind: 'Namespace', name: namespace}),
			query: {dryRun: 'All'},
			body: {metadata: {labels: {[label.enforce]: level}}},
			contentType: 'application/merge-patch+json',
		});
		const violations: Violation[] = [];
		const other: string[] = [];
		for (const warning of warnings) {
			if (headerPattern.test(warning)) {
				continue;
			}
			const match = podPattern.exec(warning);
			if (match) {
				violations.push({pod: match[1]!, others: Number(match[2] ?? 0), violations: match[3]!});
			} else {
				other.push(warning);
			}
		}
		return {level, answered: true, violations, other};
	} catch (error) {
		if (!isKubeError(error)) {
			throw error;
		}
		return {level, answered: false, error: error.message, violations: [], other: []};
	}
}

export interface NamespaceAnalysis {
	namespace: KubeObject;
	enforce: string | undefined;
	/** The strongest level no running pod breaks; undefined when even baseline breaks one. */
	safest: Level | undefined;
	trials: LevelTrial[];
	/** Why the analysis could not finish (a refused dry-run). */
	error?: string | undefined;
}

/**
 * Pod Security checks that exist at baseline and keep their name at restricted: the restricted
 * level runs every baseline check, except four it replaces with a stricter one of its own
 * (hostPath volumes, capabilities, seccompProfile, procMount). A pod the restricted dry-run names
 * for one of these breaks baseline too. (The server's namespace answer names checks, not details.)
 */
const baselineReasons = new Set(['privileged', 'host namespaces', 'hostPort', 'hostProcess', 'forbidden sysctls', 'forbidden AppArmor profile', 'forbidden AppArmor profiles', 'seLinuxOptions', 'probe or lifecycle host', 'hostPath volumes', 'non-default capabilities']);

/** Checks that exist at restricted only. */
const restrictedReasons = new Set(['allowPrivilegeEscalation != false', 'runAsNonRoot != true', 'runAsUser=0']);

/** Restricted checks that replace a baseline one whose rule is one line (see `baselineOverridden`). */
const overriddenReasons = new Set(['restricted volume types', 'unrestricted capabilities', 'seccompProfile']);

/** The capabilities baseline lets a container add (the Pod Security Standards' default set). */
const baselineCapabilities = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);

/**
 * What one item of the restricted dry-run's answer ("reason" or "reason (detail)") says about
 * baseline: `baseline` breaks it too, `restricted` breaks restricted only, `overridden` depends on
 * the pod (see `baselineOverridden`), undefined cannot be told (procMount, whose baseline form
 * depends on user namespaces, and any check this program does not know).
 */
export function levelOfReason(item: string): 'baseline' | 'restricted' | 'overridden' | undefined {
	const open = item.indexOf(' (');
	const reason = open === -1 ? item : item.slice(0, open);
	return baselineReasons.has(reason) ? 'baseline' : restrictedReasons.has(reason) ? 'restricted' : overriddenReasons.has(reason) ? 'overridden' : undefined;
}

/**
 * The baseline checks restricted replaced that this pod breaks, by their baseline names: a
 * hostPath volume, an added capability outside the default set, an Unconfined seccomp profile.
 */
export function baselineOverridden(pod: KubeObject): string[] {
	const spec = podSpec(pod);
	const containers = allContainers(pod);
	const found: string[] = [];
	if ((spec.volumes ?? []).some(volume => volume.hostPath)) {
		found.push('hostPath volumes');
	}
	if (containers.some(container => (container.securityContext?.capabilities?.add ?? []).some(capability => !baselineCapabilities.has(capability)))) {
		found.push('non-default capabilities');
	}
	const confined = (type: string | undefined) => type === undefined || type === 'RuntimeDefault' || type === 'Localhost';
	if (!confined(spec.securityContext?.seccompProfile?.type) || containers.some(container => !confined(container.securityContext?.seccompProfile?.type))) {
		found.push('seccompProfile');
	}
	return found;
}

/**
 * The baseline trial worked out from the restricted one and the namespace's pods (all of them,
 * any phase, as the server judges them): each pod the answer names with the checks that also
 * break baseline, and each pod that breaks a replaced baseline check. Undefined when that cannot
 * settle it (a check of unknown level, a warning about the evaluation itself, pods unreadable):
 * then the server is asked at baseline as well.
 */
export function baselineFrom(restricted: LevelTrial, pods: KubeObject[] | undefined): LevelTrial | undefined {
	if (!restricted.answered || restricted.other.length > 0) {
		return undefined;
	}
	const levels = restricted.violations.map(violation => violationItems(violation.violations).map(item => ({item, level: levelOfReason(item)})));
	if (levels.flat().some(({level}) => level === undefined)) {
		return undefined;
	}
	const overridden = levels.flat().some(({level}) => level === 'overridden');
	if (overridden && pods === undefined) {
		return undefined;
	}
	const byName = new Map((overridden ? pods ?? [] : []).map(pod => [pod.metadata.name, baselineOverridden(pod)]));
	const violations: Violation[] = [];
	const named = new Set<string>();
	restricted.violations.forEach((violation, index) => {
		const items = [...levels[index]!.filter(({level}) => level === 'baseline').map(({item}) => item), ...byName.get(violation.pod) ?? []];
		named.add(violation.pod);
		if (items.length > 0) {
			violations.push({pod: violation.pod, others: levels[index]!.some(({level}) => level === 'baseline') ? violation.others : 0, violations: items.join(', ')});
		}
	});
	// Pods the answer counted among "others" but did not name: those that break a replaced baseline check.
	for (const [pod, items] of byName) {
		if (!named.has(pod) && items.length > 0) {
			violations.push({pod, others: 0, violations: items.join(', ')});
		}
	}
	// Grouped as the server groups its answer: pods with the same findings under the first name.
	const groups = new Map<string, Violation>();
	for (const violation of violations.sort((a, b) => a.pod.localeCompare(b.pod))) {
		const group = groups.get(violation.violations);
		if (group) {
			group.others += violation.others + 1;
		} else {
			groups.set(violation.violations, {...violation});
		}
	}
	return {level: 'baseline', answered: true, violations: [...groups.values()], other: []};
}

/** The namespace's pods, any phase (the server judges them all); undefined when pods cannot be listed. */
async function podsOf(context: CheckContext, namespace: string): Promise<KubeObject[] | undefined> {
	try {
		return (await context.snapshot.byNamespace('v1', 'Pod')).get(namespace) ?? [];
	} catch (error) {
		if (!isKubeError(error)) {
			throw error;
		}
		return undefined;
	}
}

/**
 * The strongest level no pod of the namespace breaks, asked of the API server in one request: a
 * dry-run of enforce=restricted names every pod restricted rejects with all it breaks, and the
 * baseline verdict follows from which of those checks baseline has too (`baselineFrom`). Only
 * when that answer cannot settle baseline is a second dry-run sent; a namespace without pods
 * needs none (no pod to reject).
 */
export async function analyse(context: CheckContext, namespace: KubeObject): Promise<NamespaceAnalysis> {
	const name = namespace.metadata.name;
	const enforce = namespace.metadata.labels?.[label.enforce];
	const pods = await podsOf(context, name);
	if (pods?.length === 0) {
		return {namespace, enforce, safest: 'restricted', trials: [{level: 'restricted', answered: true, violations: [], other: []}]};
	}
	const restricted = await trial(context, name, 'restricted');
	const trials: LevelTrial[] = [restricted];
	if (!restricted.answered) {
		return {namespace, enforce, safest: undefined, trials, error: restricted.error};
	}
	if (restricted.violations.length === 0 && restricted.other.length === 0) {
		return {namespace, enforce, safest: 'restricted', trials};
	}
	const baseline = baselineFrom(restricted, pods) ?? await trial(context, name, 'baseline');
	trials.push(baseline);
	if (!baseline.answered) {
		return {namespace, enforce, safest: undefined, trials, error: baseline.error};
	}
	return {namespace, enforce, safest: baseline.violations.length === 0 && baseline.other.length === 0 ? 'baseline' : undefined, trials};
}

/** Dry-run creates a privileged pod: a namespace that enforces baseline or restricted refuses it. */
export async function refusesPrivileged(context: CheckContext, namespace: string): Promise<{refused: boolean | undefined; detail: string}> {
	try {
		await context.snapshot.request({
			method: 'POST',
			path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
			query: {dryRun: 'All'},
			body: {
				apiVersion: 'v1',
				kind: 'Pod',
				metadata: {name: 'kubectl-harden-privileged-probe', namespace},
				spec: {automountServiceAccountToken: false, containers: [{name: 'probe', image: 'registry.k8s.io/pause:3.10', securityContext: {privileged: true}}]},
			},
		});
		return {refused: false, detail: ''};
	} catch (error) {
		if (!isKubeError(error)) {
			throw error;
		}
		if (error.code === 'forbidden' && /PodSecurity/.test(error.detail ?? '')) {
			return {refused: true, detail: error.detail ?? ''};
		}
		return {refused: undefined, detail: error.message};
	}
}

const strength: Record<string, number> = {privileged: 0, baseline: 1, restricted: 2};

/** A server's violation list split at its top-level commas ("a (x, y), b" is two). */
function violationItems(list: string): string[] {
	const items: string[] = [];
	let depth = 0;
	let start = 0;
	for (let index = 0; index < list.length; index++) {
		const char = list[index];
		depth += char === '(' ? 1 : char === ')' ? -1 : 0;
		if (char === ',' && depth === 0) {
			items.push(list.slice(start, index).trim());
			start = index + 1;
		}
	}
	items.push(list.slice(start).trim());
	return items.filter(Boolean);
}

/** What restricted adds for pods that already break baseline, so the evidence lists every violation. */
function restrictedToo(namespace: string, baseline: LevelTrial, restricted: LevelTrial): Evidence[] {
	const found: Evidence[] = [];
	for (const violation of baseline.violations) {
		const stricter = restricted.violations.find(item => item.pod === violation.pod);
		if (!stricter) {
			continue;
		}
		const known = new Set(violationItems(violation.violations).map(item => item.split(' (')[0]));
		const more = violationItems(stricter.violations).filter(item => !known.has(item.split(' (')[0]));
		if (more.length > 0) {
			found.push({kind: 'Pod', namespace, name: violation.pod, ...say.line('ev.podAlso', {violations: more.join(', ')})});
		}
	}
	return found;
}

/**
 * The pod templates of the namespace's workloads, judged by the API server under the namespace's
 * own levels (a dry-run pod built from each); a namespace with no enforce or warn level gives the
 * server nothing to judge by, and says so. A template whose pods enforce would refuse warns.
 */
async function templateEvidence(context: CheckContext, namespace: KubeObject): Promise<{evidence: Evidence[]; refused: boolean}> {
	const name = namespace.metadata.name;
	const templates = (await runnersIn(context, name)).filter(item => item.kind !== 'Pod');
	const labelled = Boolean(namespace.metadata.labels?.[label.enforce] ?? namespace.metadata.labels?.[label.warn]);
	const found: Evidence[] = [];
	let refused = false;
	for (const template of templates) {
		if (!labelled) {
			found.push(evidence(template, say.code('ev.templateUnjudged')));
			continue;
		}
		const judged = await admission(context, template);
		if (!judged.answered || judged.warnings.length === 0) {
			continue;
		}
		refused ||= judged.refused !== undefined;
		const answer = judged.refused === undefined ? judged.warnings.join('; ') : say('ev.templateRefused', {violations: judged.refused});
		found.push(evidence(template, say.code('ev.template', {answer})));
	}
	return {evidence: found, refused};
}

function violationEvidence(namespace: string, result: LevelTrial): Evidence[] {
	return result.violations.map(violation => ({
		kind: 'Pod',
		namespace,
		name: violation.pod,
		...violation.others > 0
			? say.line('ev.podGroup', {level: result.level, violations: violation.violations, others: violation.others})
			: say.line('ev.pod', {level: result.level, violations: violation.violations}),
	}));
}

/** Each verdict's per-namespace dry-run results, for the fix planner (not part of any report). */
const analysed = new WeakMap<Verdict, Map<string, NamespaceAnalysis>>();

export const podSecurity: Check = {
	id: 'pod-security',
	section: '3.2',
	// judge-templates=scratch: the operator agrees that the preview creates (and deletes) a scratch
	// namespace with the new label, so the API server can judge workload templates by it.
	choices: {level: ['auto', 'baseline', 'restricted'], 'judge-templates': ['no', 'scratch']},
	reads: ['Namespace', 'Pod'],
	words,
	steps: [
		{id: 'pods', text: 'step.pods', command: 'spec:\n  securityContext:\n    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n  containers:\n  - name: <container>\n    securityContext:\n      allowPrivilegeEscalation: false\n      capabilities:\n        drop: [ALL]'},
		{id: 'trial', text: 'step.trial', command: 'kubectl label --dry-run=server --overwrite namespace <namespace> pod-security.kubernetes.io/enforce=restricted'},
		{id: 'restricted', text: 'step.restricted', command: 'kubectl label --overwrite namespace <namespace> pod-security.kubernetes.io/enforce=restricted pod-security.kubernetes.io/enforce-version=v<minor>'},
		{id: 'verify', text: 'step.verify', command: podSecurityLabels},
	],
	seeIt: [
		podSecurityLabels,
		'kubectl -n <namespace> get pods -o custom-columns=NAME:.metadata.name,PRIVILEGED:.spec.containers[*].securityContext.privileged,HOST_NETWORK:.spec.hostNetwork,HOST_PID:.spec.hostPID,RUN_AS_NON_ROOT:.spec.securityContext.runAsNonRoot',
	],
	async probe(context) {
		const namespaces = await workloadNamespaces(context);
		const found: Evidence[] = [];
		const statuses: Status[] = [];
		const fixTargets: string[] = [];
		const reasons: Phrase[] = [];
		const analyses = new Map<string, NamespaceAnalysis>();
		await forEachLimited(namespaces, requestConcurrency, async ns => {
			const name = ns.metadata.name;
			const enforce = ns.metadata.labels?.[label.enforce];
			if (enforce === 'restricted' || enforce === 'baseline') {
				const confirmed = await refusesPrivileged(context, name);
				if (confirmed.refused === false) {
					statuses.push('fail');
					found.push(namespaceEvidence(name, say.code('ev.notEnforced', {level: enforce})));
					return;
				}
				if (confirmed.refused === undefined) {
					statuses.push('unknown');
					reasons.push(say.code('reason.unconfirmed', {namespace: name, detail: confirmed.detail}));
					found.push(namespaceEvidence(name, say.code('ev.unconfirmed', {level: enforce})));
					return;
				}
				const templates = await templateEvidence(context, ns);
				found.push(...templates.evidence);
				if (templates.refused) {
					statuses.push('warn');
					return;
				}
				if (enforce === 'baseline') {
					// No pod to reject: restricted rejects none, without asking.
					const restricted = (await podsOf(context, name))?.length === 0 ? {level: 'restricted' as const, answered: true, violations: [], other: []} : await trial(context, name, 'restricted');
					if (restricted.answered && restricted.violations.length === 0 && restricted.other.length === 0) {
						analyses.set(name, {namespace: ns, enforce, safest: 'restricted', trials: [restricted]});
						statuses.push('warn');
						fixTargets.push(name);
						found.push(namespaceEvidence(name, say.code('ev.couldTighten')));
						return;
					}
				}
				statuses.push('pass');
				return;
			}
			const analysis = await analyse(context, ns);
			analyses.set(name, analysis);
			if (analysis.error) {
				statuses.push('unknown');
				reasons.push(verbatim('pod-security.reason.error', analysis.error));
				found.push(namespaceEvidence(name, say.code('ev.noEnforceUnjudged', {enforce: enforce ?? say('unset')})));
				return;
			}
			statuses.push('fail');
			const restricted = analysis.trials.find(item => item.level === 'restricted');
			const baseline = analysis.trials.find(item => item.level === 'baseline');
			const current = enforce ? say('enforceValue', {value: enforce}) : say('unset');
			found.push(namespaceEvidence(name, analysis.safest
				? say.code('ev.noEnforceSafe', {enforce: current, level: analysis.safest})
				: say.code('ev.noEnforceBlocked', {enforce: current})));
			if (baseline && baseline.violations.length > 0) {
				found.push(...violationEvidence(name, baseline));
			}
			if (restricted) {
				const breaksBaseline = new Set(baseline?.violations.map(violation => violation.pod));
				found.push(...violationEvidence(name, {...restricted, violations: restricted.violations.filter(violation => !breaksBaseline.has(violation.pod))}));
				if (baseline) {
					found.push(...restrictedToo(name, baseline, restricted));
				}
			}
			found.push(...(await templateEvidence(context, ns)).evidence);
			fixTargets.push(name);
		});
		found.sort((a, b) => `${a.namespace ?? a.name}/${a.kind === 'Namespace' ? '' : a.name}`.localeCompare(`${b.namespace ?? b.name}/${b.kind === 'Namespace' ? '' : b.name}`));
		if (namespaces.length === 0) {
			return noWorkloadNamespaces();
		}
		const status = worst(statuses);
		const verdict: Verdict = {
			status,
			severity: status === 'fail' ? 'high' : status === 'warn' ? 'low' : 'info',
			evidence: found,
			...because(reasons),
			fixTargets: fixTargets.sort(),
		};
		analysed.set(verdict, analyses);
		return verdict;
	},
	async planFix(context, verdict, options): Promise<FixPlan> {
		const notes: string[] = [];
		const forced = options.options?.['level'];
		if (forced !== undefined && forced !== 'baseline' && forced !== 'restricted') {
			throw new UserError(t('fix.error.badOption', {name: 'level', value: forced, expected: say('option.levels')}), 2);
		}
		const targets = chooseTargets(verdict.fixTargets ?? [], options, notes);
		const namespaces = new Map((await workloadNamespaces(context)).map(ns => [ns.metadata.name, ns]));
		const changes: Change[] = [];
		for (const name of targets) {
			const ns = namespaces.get(name);
			if (!ns) {
				continue;
			}
			// The probe that produced this verdict has already run these dry-runs; reuse them.
			const analysis = analysed.get(verdict)?.get(name) ?? await analyse(context, ns);
			const labels: Record<string, string> = {};
			const enforce = ns.metadata.labels?.[label.enforce];
			const chosen = (forced as 'baseline' | 'restricted' | undefined) ?? analysis.safest;
			if (chosen && (strength[enforce ?? 'privileged'] ?? 0) < strength[chosen]!) {
				labels[label.enforce] = chosen;
			}
			if (!chosen) {
				const blocking = analysis.trials.find(item => item.level === 'baseline')?.violations.map(violation => violation.pod).join(', ') ?? '';
				notes.push(say('note.heldBack', {namespace: name, pods: blocking}));
			} else if (forced && forced !== analysis.safest) {
				const trialResult = analysis.trials.find(item => item.level === forced);
				const pods = trialResult?.violations.map(violation => violation.pod).join(', ') ?? '';
				notes.push(say('note.forced', {namespace: name, level: forced, pods}));
			} else if (chosen) {
				notes.push(say('note.chosen', {namespace: name, level: chosen}));
			}
			for (const key of [label.warn, label.audit]) {
				if (ns.metadata.labels?.[key] !== 'restricted') {
					labels[key] = 'restricted';
				}
			}
			if (Object.keys(labels).length === 0) {
				continue;
			}
			const description = Object.entries(labels).map(([key, value]) => `${key}=${value}`).join(', ');
			changes.push({
				action: 'patch',
				ref: {apiVersion: 'v1', kind: 'Namespace', name},
				patch: {metadata: {labels}},
				resourceVersion: ns.metadata.resourceVersion,
				summary: say('change', {namespace: name, labels: description}),
			});
		}
		return {checkId: 'pod-security', changes, notes};
	},
	async impact(context, plan) {
		const items: ImpactItem[] = [];
		for (const change of plan.changes) {
			const labels = change.action === 'patch' ? (change.patch['metadata'] as {labels?: Record<string, string>} | undefined)?.labels : undefined;
			const level = labels?.[label.enforce] as Level | undefined;
			if (change.action !== 'patch' || !level) {
				continue;
			}
			const namespace = change.ref.name;
			// Running pods: the label's own dry-run names them.
			const running = await trial(context, namespace, level);
			for (const violation of running.violations) {
				items.push({effect: 'breaks', object: `Pod ${namespace}/${violation.pod}`, phrase: say.code('impact.pod', {level, violations: violation.violations})});
			}
			// Templates: no pod of theirs may be running, so the API server judges a pod built from each.
			const templates = await workloadTemplates(context, namespace);
			if (plan.options?.['judge-templates'] !== 'scratch') {
				// A preview writes nothing: judging a template by a level the namespace does not have yet
				// needs a namespace that has it, so that is only done when the operator asks for it.
				for (const template of templates) {
					items.push(itemFor('unknown', {kind: template.kind, metadata: {namespace, name: template.name}} as never, say.code('impact.templateNotAsked', {level})));
				}
				continue;
			}
			const ns = (await workloadNamespaces(context)).find(item => item.metadata.name === namespace);
			const version = ns?.metadata.labels?.['pod-security.kubernetes.io/enforce-version'];
			const {judged, error} = await judgeTemplates(context, templates, {[label.enforce]: level, ...version ? {'pod-security.kubernetes.io/enforce-version': version} : {}});
			if (error) {
				items.push({effect: 'unknown', object: `Namespace ${namespace}`, phrase: say.code('impact.templatesUnjudged', {level, detail: error})});
			}
			for (const {template, refused, detail} of judged) {
				const object = {kind: template.kind, metadata: {namespace, name: template.name}} as never;
				if (refused === true) {
					items.push(itemFor('breaks', object, say.code('impact.template', {level, detail})));
				} else if (refused === undefined) {
					items.push(itemFor('unknown', object, say.code('impact.templateUnjudged', {level, detail})));
				}
			}
			// Restricted refuses some template: say whether baseline would keep them all (and the running pods) admissible.
			const refusedTemplates = judged.filter(item => item.refused === true).map(item => item.template);
			if (level === 'restricted' && refusedTemplates.length > 0 && running.violations.length === 0) {
				const baseline = await judgeTemplates(context, refusedTemplates, {[label.enforce]: 'baseline', ...version ? {'pod-security.kubernetes.io/enforce-version': version} : {}});
				if (!baseline.error && baseline.judged.every(item => item.refused === false)) {
					items.push({effect: 'note', object: `Namespace ${namespace}`, phrase: say.code('impact.baselineKeeps')});
				}
			}
		}
		return items;
	},
};
