// 4.7 Security updates. The API server says which release it runs (GET /version) and every Node
// says which kubelet it runs (status.nodeInfo.kubeletVersion); both are judged against a table
// of Kubernetes minor releases that ships with the tool (source/data/kubernetes-releases.json,
// written by scripts/release-table.mjs from the Go module proxy's k8s.io/kubernetes tags).
// The machine running the check need not reach the internet; the verdict says how old the table is.
import type {V1NodeStatus} from '@kubernetes/client-node';
import releases from '../data/kubernetes-releases.json' with {type: 'json'};
import {type Check, type Evidence, type Status, type Verdict, statusOrder, worst} from '../engine/types.js';
import {type Words, sayer, type Phrase, line, because} from '../engine/words.js';
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
} as const;

export const words: Words<typeof en> = {en};
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
				? line([say.code('ev.kubelet', {version: group.version, problems: group.problems.map(problem => problem.text).join('; ')}), ...more], ' ')
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
