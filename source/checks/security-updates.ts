// 4.7 Security updates. The API server says which release it runs (GET /version) and every Node
// says which kubelet it runs (status.nodeInfo.kubeletVersion); both are judged against a table
// of Kubernetes minor releases that ships with the tool (source/data/kubernetes-releases.json,
// written by scripts/release-table.mjs from the Go module proxy's k8s.io/kubernetes tags).
// The machine running the check need not reach the internet; the verdict says how old the table is.
import type {V1NodeStatus} from '@kubernetes/client-node';
import releases from '../data/kubernetes-releases.json' with {type: 'json'};
import {type Check, type Evidence, type Status, type Verdict, statusOrder, worst} from '../engine/types.js';
import {type Words, sayer, type Phrase, line, because, joinIn, translation} from '../engine/words.js';
import {currentLanguage} from '../messages/catalog.js';
import {guideUrl} from '../facts/util.js';
import {isKubeError} from '../kube/errors.js';
import type {KubeObject} from '../kube/objects.js';

const securityPage = 'https://kubernetes.io/docs/reference/issues-security/security/';

const en = {
	title: 'The cluster runs a supported, patched Kubernetes release',
	risk: 'Each Kubernetes minor release gets patch releases, security fixes included, for about 14 months. A control plane or kubelet past that date keeps every flaw found since; one behind the latest patch of its minor keeps flaws that are already fixed and publicly documented.',
	attack: 'An attacker reads the published advisories, asks the API server for its version (GET /version answers any authenticated client, often anonymous ones too) and uses an exploit for a flaw this cluster never received the fix for.',
	fix: 'Nothing to change through the API: an upgrade replaces the control-plane and node software.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: `Upgrade the control plane first, then the nodes, one minor release at a time (a patch release of the same minor can be applied directly). kubeadm: kubeadm upgrade plan, then kubeadm upgrade apply v1.X.Y on the first control-plane node and kubeadm upgrade node on the others; then node by node: kubectl drain <node> --ignore-daemonsets, upgrade the kubeadm, kubelet and kubectl packages, kubeadm upgrade node, restart the kubelet, kubectl uncordon <node>. Managed control planes are upgraded by the provider when asked (aws eks update-cluster-version, gcloud container clusters upgrade <cluster> --master, az aks upgrade --control-plane-only), then their node pools. To learn of security releases as they come out, join the kubernetes-security-announce group (https://groups.google.com/g/kubernetes-security-announce; the guide names the broader kubernetes-announce list). To report a vulnerability you found, follow ${securityPage} (privately, never in a public issue).`,
	link: `${guideUrl}#receiving-alerts-for-security-updates-and-reporting-vulnerabilities`,
	unparsed: 'version "{version}" is not understood',
	'ev.current': '{version}: the latest patch of {minor} (supported until {endOfSupport})',
	'ev.aheadOfTable': '{version}: newer than {latest}, the latest patch of {minor} the table knows (supported until {endOfSupport})',
	'ev.behind': '{version}: behind {latest}, the latest patch of {minor}, released {date} (table from {generated}, {age} days old)',
	'ev.ended': '{version}: {minor} reached its end of support on {endOfSupport} ({released} release + {months} months) and gets no more security fixes',
	'ev.older': '{version}: older than every release in the table; the oldest there, {minor}, reached its end of support on {endOfSupport}',
	'ev.olderSupported': '{version}: older than every release in the table (the oldest there is {minor})',
	'ev.newer': '{version}: newer than every release in the table (the newest there is {minor}), so its patch level cannot be judged',
	'ev.refused': 'refused: {error}',
	'ev.kubelet': 'kubelet {version}: {problems}',
	'ev.kubeletGood': 'same minor as the API server, latest patch of {minor}',
	'ev.kubeletCurrent': 'latest patch of {minor}',
	'ev.kubeletNewer': 'newer than the API server ({server}): a kubelet must never be newer than the control plane',
	'ev.kubeletTooOld': '{skew} minor releases older than the API server ({server}): at most 3 are supported',
	'ev.kubeletOlderOne': 'one minor release older than the API server ({server}): within the supported skew; upgrade it next',
	'ev.kubeletOlder': '{skew} minor releases older than the API server ({server}): within the supported skew; upgrade it next',
	'ev.kubeletBehind': 'behind {latest}, the latest patch of {minor}',
	'ev.kubeletEnded': '{minor} reached its end of support on {endOfSupport}',
	'ev.kubeletOlderThanTable': 'older than every release in the table (the oldest there, {minor}, reached its end of support on {endOfSupport})',
	'ev.kubeletNewerThanTable': 'newer than every release in the table (the newest there is {minor}), so its patch level cannot be judged',
	'ev.noKubeletVersion': 'no kubelet version reported (the kubelet has not posted its status)',
	'ev.moreNodes': '(also on {nodes})',
	'ev.andMore': '{names} and {count} more nodes',
	'reason.pass': 'The API server and the kubelets of all {nodes} nodes run a supported release at its latest patch.',
	'reason.upgrade': 'Upgrade what the evidence names: the control plane first, then the nodes, one minor release at a time.',
	'reason.versionRefused': 'The API server\'s version could not be read ({error}), so the control plane is not judged.',
	'reason.nodesRefused': 'The nodes could not be listed ({error}), so the kubelets\' versions are not known.',
	'reason.noNodes': 'There are no Node objects, so no kubelet version to judge.',
	'reason.table': 'Judged against the release table shipped with kubectl-harden (table from {generated}, {age} days old; end of support is taken as the .0 release date + {months} months, per Kubernetes\' support policy).',
	'reason.stale': 'The table may be out of date; upgrade kubectl-harden.',
	'step.plan': 'See what runs now and which upgrades are available; read the changelog of the target release for anything you must change first.',
	'step.controlPlane': 'Upgrade the control plane first, one minor release at a time. kubeadm: upgrade the kubeadm package, then kubeadm upgrade apply on the first control-plane node and kubeadm upgrade node on the others. A managed control plane is upgraded by its provider when asked (the last three lines: EKS, GKE, AKS).',
	'step.nodes': 'Then node by node: drain it, upgrade the kubeadm, kubelet and kubectl packages with the distribution\'s package manager, run kubeadm upgrade node, restart the kubelet and uncordon it. Managed node pools are upgraded through the provider.',
	'step.subscribe': 'Join the kubernetes-security-announce group (https://groups.google.com/g/kubernetes-security-announce) to learn of security releases as they come out.',
	'step.report': `Know how to report a vulnerability you find: privately, as ${securityPage} describes, never in a public issue.`,
	'step.verify': 'Check that the API server and every kubelet now report the new version, then run this check again.',
} as const;

const zh = translation(en)({
	title: '叢集執行仍受支援且已修補的 Kubernetes 版本',
	risk: '每個 Kubernetes 次要版本約有 14 個月會收到修補版本（包括安全修正）。超過這個期限的控制平面或 kubelet，會留著之後發現的所有漏洞；落後於該次要版本最新修補的，則留著已經修好且公開記載的漏洞。',
	attack: '攻擊者閱讀公開的安全公告，向 API 伺服器詢問它的版本（GET /version 對任何已認證的客戶端都會回答，往往對匿名者也是），再利用這個叢集從未收到修正的漏洞。',
	fix: '這項不能透過 API 修改：升級會替換控制平面和節點上的軟體。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: `先升級控制平面，再升級節點，一次升一個次要版本（同一次要版本的修補版本可以直接套用）。kubeadm：先執行 kubeadm upgrade plan，然後在第一個控制平面節點執行 kubeadm upgrade apply v1.X.Y，在其他控制平面節點執行 kubeadm upgrade node；接著逐一處理節點：kubectl drain <node> --ignore-daemonsets，升級 kubeadm、kubelet 和 kubectl 套件，kubeadm upgrade node，重新啟動 kubelet，kubectl uncordon <node>。託管的控制平面在提出要求時由供應商升級（aws eks update-cluster-version、gcloud container clusters upgrade <cluster> --master、az aks upgrade --control-plane-only），之後再升級節點池。若要在安全版本發布時就得知，請加入 kubernetes-security-announce 群組（https://groups.google.com/g/kubernetes-security-announce；指南提到的是範圍更廣的 kubernetes-announce 清單）。若要通報你發現的漏洞，請依照 ${securityPage} 的說明（私下通報，絕不要發在公開的 issue 中）。`,
	link: en.link,
	unparsed: '無法理解版本 "{version}"',
	'ev.current': '{version}：{minor} 的最新修補版本（支援至 {endOfSupport}）',
	'ev.aheadOfTable': '{version}：比表格所知 {minor} 的最新修補版本 {latest} 還新（支援至 {endOfSupport}）',
	'ev.behind': '{version}：落後於 {minor} 的最新修補版本 {latest}（發布於 {date}；表格產生於 {generated}，已有 {age} 天）',
	'ev.ended': '{version}：{minor} 已於 {endOfSupport} 結束支援（{released} 發布日 + {months} 個月），不再收到安全修正',
	'ev.older': '{version}：比表格中所有版本都舊；表格中最舊的 {minor} 已於 {endOfSupport} 結束支援',
	'ev.olderSupported': '{version}：比表格中所有版本都舊（表格中最舊的是 {minor}）',
	'ev.newer': '{version}：比表格中所有版本都新（表格中最新的是 {minor}），因此無法判斷它的修補程度',
	'ev.refused': '被拒絕：{error}',
	'ev.kubelet': 'kubelet {version}：{problems}',
	'ev.kubeletGood': '與 API 伺服器同一個次要版本，且是 {minor} 的最新修補版本',
	'ev.kubeletCurrent': '{minor} 的最新修補版本',
	'ev.kubeletNewer': '比 API 伺服器（{server}）還新：kubelet 絕不能比控制平面新',
	'ev.kubeletTooOld': '比 API 伺服器（{server}）舊 {skew} 個次要版本：最多只支援相差 3 個',
	'ev.kubeletOlderOne': '比 API 伺服器（{server}）舊一個次要版本：在支援的版本差距內；接下來升級它',
	'ev.kubeletOlder': '比 API 伺服器（{server}）舊 {skew} 個次要版本：在支援的版本差距內；接下來升級它',
	'ev.kubeletBehind': '落後於 {minor} 的最新修補版本 {latest}',
	'ev.kubeletEnded': '{minor} 已於 {endOfSupport} 結束支援',
	'ev.kubeletOlderThanTable': '比表格中所有版本都舊（表格中最舊的 {minor} 已於 {endOfSupport} 結束支援）',
	'ev.kubeletNewerThanTable': '比表格中所有版本都新（表格中最新的是 {minor}），因此無法判斷它的修補程度',
	'ev.noKubeletVersion': '沒有回報 kubelet 版本（kubelet 尚未發布它的狀態）',
	'ev.moreNodes': '（{nodes} 也是）',
	'ev.andMore': '{names} 及另外 {count} 個節點',
	'reason.pass': 'API 伺服器和全部 {nodes} 個節點的 kubelet，都執行受支援版本的最新修補版本。',
	'reason.upgrade': '升級證據中列出的元件：先控制平面，再節點，一次一個次要版本。',
	'reason.versionRefused': '無法讀取 API 伺服器的版本（{error}），因此不判斷控制平面。',
	'reason.nodesRefused': '無法列出節點（{error}），因此不知道 kubelet 的版本。',
	'reason.noNodes': '沒有任何 Node 物件，因此沒有 kubelet 版本可判斷。',
	'reason.table': '依 kubectl-harden 附帶的版本表格判斷（表格產生於 {generated}，已有 {age} 天；依 Kubernetes 的支援政策，支援終止日以 .0 版本發布日 + {months} 個月計）。',
	'reason.stale': '表格可能已經過時；請升級 kubectl-harden。',
	'step.plan': '查看目前執行的版本和可用的升級；閱讀目標版本的變更紀錄，找出必須事先調整的地方。',
	'step.controlPlane': '先升級控制平面，一次一個次要版本。kubeadm：先升級 kubeadm 套件，然後在第一個控制平面節點執行 kubeadm upgrade apply，在其他控制平面節點執行 kubeadm upgrade node。託管的控制平面在提出要求時由供應商升級（最後三行：EKS、GKE、AKS）。',
	'step.nodes': '然後逐一處理節點：先排空（drain），用發行版的套件管理工具升級 kubeadm、kubelet 和 kubectl 套件，執行 kubeadm upgrade node，重新啟動 kubelet，再恢復排程（uncordon）。託管的節點池則透過供應商升級。',
	'step.subscribe': '加入 kubernetes-security-announce 群組（https://groups.google.com/g/kubernetes-security-announce），在安全版本發布時就得知。',
	'step.report': `事先知道如何通報你發現的漏洞：依照 ${securityPage} 的說明私下通報，絕不要發在公開的 issue 中。`,
	'step.verify': '確認 API 伺服器和每個 kubelet 現在都回報新版本，然後再執行一次這項檢查。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('security-updates', words);

export interface MinorRelease {
	/** `1.37` */
	minor: string;
	/** Date of the .0 release, `YYYY-MM-DD`. */
	released: string;
	/** `1.37.2` */
	latestPatch: string;
	latestPatchDate: string;
	/** The .0 date plus `supportMonths`. */
	endOfSupport: string;
}

export interface ReleaseTable {
	/** When the table was written, `YYYY-MM-DD`. */
	generated: string;
	source: string;
	supportPolicy: string;
	supportMonths: number;
	/** Newest first. */
	minors: MinorRelease[];
}

export const releaseTable: ReleaseTable = releases;

/** A table older than this many days may miss patch releases; the verdict says so. */
export const staleTableDays = 120;

/** The versions a verdict names: at most this many nodes by name per kubelet version. */
const namedNodes = 3;

export interface Version {
	major: number;
	minor: number;
	patch: number;
}

/**
 * The semver core of a Kubernetes version string. Providers append their own build to it
 * (`v1.30.4-eks-a737599`, `v1.30.4-gke.1348000`, `v1.29.5+k3s1`); only `v1.30.4` counts.
 */
export function parseVersion(text: string | undefined): Version | undefined {
	const match = /^v?(\d+)\.(\d+)\.(\d+)(?:$|[-+.])/.exec((text ?? '').trim());
	return match ? {major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3])} : undefined;
}

function minorNumber(row: MinorRelease): number {
	return Number(row.minor.split('.')[1]);
}

function patchNumber(row: MinorRelease): number {
	return Number(row.latestPatch.split('.')[2]);
}

function isoDay(date: Date): string {
	return date.toISOString().slice(0, 10);
}

/** Whole days from a `YYYY-MM-DD` date to `today`. */
export function daysSince(day: string, today: Date): number {
	return Math.floor((today.getTime() - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
}

export type TableVerdict =
	| {kind: 'current'; row: MinorRelease; ahead: boolean}
	| {kind: 'behind'; row: MinorRelease}
	| {kind: 'ended'; row: MinorRelease}
	| {kind: 'older'; row: MinorRelease; ended: boolean}
	| {kind: 'newer'; row: MinorRelease};

/** Where one version stands in the table on `today`. */
export function placeVersion(version: Version, table: ReleaseTable, today: Date): TableVerdict | undefined {
	if (version.major !== 1 || table.minors.length === 0) {
		return undefined;
	}
	const rows = [...table.minors].sort((a, b) => minorNumber(b) - minorNumber(a));
	const newest = rows[0]!;
	const oldest = rows.at(-1)!;
	const row = rows.find(item => minorNumber(item) === version.minor);
	if (!row) {
		if (version.minor > minorNumber(newest)) {
			return {kind: 'newer', row: newest};
		}
		// Released before the oldest minor in the table, so its support ended no later than that one's.
		return {kind: 'older', row: oldest, ended: isoDay(today) > oldest.endOfSupport};
	}
	if (isoDay(today) > row.endOfSupport) {
		return {kind: 'ended', row};
	}
	if (version.patch < patchNumber(row)) {
		return {kind: 'behind', row};
	}
	return {kind: 'current', row, ahead: version.patch > patchNumber(row)};
}

function tableAge(table: ReleaseTable, today: Date) {
	return {generated: table.generated, age: daysSince(table.generated, today), months: table.supportMonths};
}

/** The control plane's version against the table: the status and the evidence line's text. */
export function judgeServer(text: string, table: ReleaseTable, today: Date): {status: Status} & ReturnType<typeof line> {
	const version = parseVersion(text);
	const place = version && placeVersion(version, table, today);
	if (!place) {
		return {status: 'unknown', ...say.line('unparsed', {version: text})};
	}
	const {row} = place;
	const facts = {version: text, minor: row.minor, latest: row.latestPatch, endOfSupport: row.endOfSupport, released: `${row.minor}.0`, date: row.latestPatchDate, ...tableAge(table, today)};
	switch (place.kind) {
		case 'current': {
			return {status: 'pass', ...say.line(place.ahead ? 'ev.aheadOfTable' : 'ev.current', facts)};
		}
		case 'behind': {
			return {status: 'warn', ...say.line('ev.behind', facts)};
		}
		case 'ended': {
			return {status: 'fail', ...say.line('ev.ended', facts)};
		}
		case 'older': {
			return place.ended
				? {status: 'fail', ...say.line('ev.older', facts)}
				: {status: 'warn', ...say.line('ev.olderSupported', facts)};
		}
		case 'newer': {
			return {status: 'unknown', ...say.line('ev.newer', facts)};
		}
	}
}

/** One kubelet version against the API server's (version skew) and against the table. */
export function judgeKubelet(text: string, server: Version | undefined, serverText: string, table: ReleaseTable, today: Date): {status: Status; problems: Phrase[]} {
	const version = parseVersion(text);
	if (!version) {
		return {status: 'unknown', problems: [text ? say.code('unparsed', {version: text}) : say.code('ev.noKubeletVersion')]};
	}
	const parts: Array<{status: Status; problem: Phrase}> = [];
	if (server && server.major === version.major) {
		const skew = server.minor - version.minor;
		if (skew < 0) {
			parts.push({status: 'fail', problem: say.code('ev.kubeletNewer', {server: serverText})});
		} else if (skew > 3) {
			parts.push({status: 'fail', problem: say.code('ev.kubeletTooOld', {skew, server: serverText})});
		} else if (skew > 0) {
			parts.push({status: 'warn', problem: say.code(skew === 1 ? 'ev.kubeletOlderOne' : 'ev.kubeletOlder', {skew, server: serverText})});
		}
	}
	const place = placeVersion(version, table, today);
	if (!place) {
		parts.push({status: 'unknown', problem: say.code('unparsed', {version: text})});
	} else {
		const facts = {minor: place.row.minor, latest: place.row.latestPatch, endOfSupport: place.row.endOfSupport};
		switch (place.kind) {
			case 'behind': {
				parts.push({status: 'warn', problem: say.code('ev.kubeletBehind', facts)});
				break;
			}
			case 'ended': {
				parts.push({status: 'fail', problem: say.code('ev.kubeletEnded', facts)});
				break;
			}
			case 'older': {
				parts.push({status: place.ended ? 'fail' : 'warn', problem: say.code('ev.kubeletOlderThanTable', facts)});
				break;
			}
			case 'newer': {
				parts.push({status: 'unknown', problem: say.code('ev.kubeletNewerThanTable', facts)});
				break;
			}
			case 'current': {
				break;
			}
		}
	}
	if (parts.length === 0) {
		const minor = `${version.major}.${version.minor}`;
		return {status: 'pass', problems: [server ? say.code('ev.kubeletGood', {minor}) : say.code('ev.kubeletCurrent', {minor})]};
	}
	return {status: worst(parts.map(part => part.status)), problems: parts.map(part => part.problem)};
}

export interface VersionFacts {
	/** The API server's gitVersion, or why it could not be read. */
	server: {version: string} | {error: string};
	/** Each node's reported kubelet version, or why the nodes could not be listed. */
	nodes: Array<{name: string; kubeletVersion: string}> | {error: string};
}

/** The whole verdict, from what the cluster said, a table and a day: no I/O, so tests fix all three. */
export function judgeVersions(facts: VersionFacts, table: ReleaseTable, today: Date): Verdict {
	const parts: Array<{status: Status; evidence: Evidence[]}> = [];
	const reasons: Phrase[] = [];
	let server: Version | undefined;
	let serverText = '';
	if ('error' in facts.server) {
		parts.push({status: 'unknown', evidence: []});
		reasons.push(say.code('reason.versionRefused', {error: facts.server.error}));
	} else {
		serverText = facts.server.version;
		server = parseVersion(serverText);
		const judged = judgeServer(serverText, table, today);
		parts.push({status: judged.status, evidence: [{kind: 'Request', name: 'GET /version', detail: judged.detail, code: judged.code, params: judged.params}]});
	}
	let nodeCount = 0;
	if (Array.isArray(facts.nodes)) {
		nodeCount = facts.nodes.length;
		if (nodeCount === 0) {
			parts.push({status: 'unknown', evidence: []});
			reasons.push(say.code('reason.noNodes'));
		}
		const byVersion = new Map<string, string[]>();
		for (const node of [...facts.nodes].sort((a, b) => a.name.localeCompare(b.name))) {
			const names = byVersion.get(node.kubeletVersion);
			if (names) {
				names.push(node.name);
			} else {
				byVersion.set(node.kubeletVersion, [node.name]);
			}
		}
		const groups = [...byVersion].map(([version, names]) => ({version, names, ...judgeKubelet(version, server, serverText, table, today)}));
		// The worst first; within a status, the version most nodes run.
		groups.sort((a, b) => statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status) || b.names.length - a.names.length || a.version.localeCompare(b.version));
		for (const group of groups) {
			const [first, ...others] = group.names;
			const more = others.length === 0
				? []
				: [say.code('ev.moreNodes', {nodes: others.length > namedNodes + 1 ? say('ev.andMore', {names: others.slice(0, namedNodes).join(', '), count: others.length - namedNodes}) : others.join(', ')})];
			const detail = group.version
				? line([say.code('ev.kubelet', {version: group.version, problems: group.problems.map(problem => problem.text).join(joinIn(currentLanguage()))}), ...more], ' ')
				// Without a version there is one problem: the kubelet states none, or an unreadable one.
				: line([...group.problems, ...more], ' ');
			parts.push({status: group.status, evidence: [{kind: 'Node', name: first!, ...detail}]});
		}
	} else {
		parts.push({status: 'unknown', evidence: []});
		reasons.push(say.code('reason.nodesRefused', {error: facts.nodes.error}));
	}
	const status = worst(parts.map(part => part.status));
	if (status === 'pass') {
		reasons.push(say.code('reason.pass', {nodes: nodeCount}));
	} else if (status === 'fail' || status === 'warn') {
		reasons.unshift(say.code('reason.upgrade'));
	}
	const age = tableAge(table, today);
	reasons.push(say.code('reason.table', age));
	if (age.age > staleTableDays) {
		reasons.push(say.code('reason.stale'));
	}
	return {
		status,
		severity: status === 'fail' ? 'high' : status === 'pass' ? 'info' : 'medium',
		evidence: parts.flatMap(part => part.evidence),
		...because(reasons),
	};
}

export const securityUpdates: Check = {
	id: 'security-updates',
	section: '4.7',
	words,
	steps: [
		{id: 'plan', text: 'step.plan', command: 'kubectl version\nkubectl get nodes\nkubeadm upgrade plan'},
		{id: 'controlPlane', text: 'step.controlPlane', command: 'kubeadm upgrade apply v1.X.Y\nkubeadm upgrade node\naws eks update-cluster-version --name <cluster> --kubernetes-version 1.X\ngcloud container clusters upgrade <cluster> --master --cluster-version 1.X\naz aks upgrade --resource-group <resource-group> --name <cluster> --kubernetes-version 1.X.Y --control-plane-only'},
		{id: 'nodes', text: 'step.nodes', command: 'kubectl drain <node> --ignore-daemonsets\nkubeadm upgrade node\nsystemctl daemon-reload\nsystemctl restart kubelet\nkubectl uncordon <node>'},
		{id: 'subscribe', text: 'step.subscribe'},
		{id: 'report', text: 'step.report'},
		{id: 'verify', text: 'step.verify', command: "kubectl version\nkubectl get nodes -o 'custom-columns=NAME:.metadata.name,KUBELET:.status.nodeInfo.kubeletVersion'"},
	],
	seeIt: [
		'kubectl version',
		'kubectl get --raw /version',
		"kubectl get nodes -o 'custom-columns=NAME:.metadata.name,KUBELET:.status.nodeInfo.kubeletVersion'",
	],
	async probe(context) {
		const server = await context.snapshot.once('server-version', async (): Promise<VersionFacts['server']> => {
			try {
				const {body} = await context.snapshot.request<{gitVersion?: string}>({path: '/version'});
				return {version: body.gitVersion ?? ''};
			} catch (error) {
				if (!isKubeError(error)) {
					throw error;
				}
				return {error: error.message};
			}
		});
		let nodes: VersionFacts['nodes'];
		try {
			nodes = (await context.snapshot.listAll('v1', 'Node')).map((node: KubeObject) => ({
				name: node.metadata.name,
				kubeletVersion: (node['status'] as V1NodeStatus | undefined)?.nodeInfo?.kubeletVersion ?? '',
			}));
		} catch (error) {
			if (!isKubeError(error)) {
				throw error;
			}
			nodes = {error: error.message};
		}
		return judgeVersions({server, nodes}, releaseTable, new Date());
	},
};
