// 4.7 Security updates. The API server says which release it runs (GET /version) and every Node
// says which kubelet it runs (status.nodeInfo.kubeletVersion); both are judged against a table
// of Kubernetes minor releases that ships with the tool (source/data/kubernetes-releases.json,
// written by scripts/release-table.mjs from the Go module proxy's k8s.io/kubernetes tags).
// The machine running the check need not reach the internet; the verdict says how old the table is.
import releases from '../data/kubernetes-releases.json' with {type: 'json'};
import {isKubeError} from '../kube/errors.js';
import type {KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import type {Check, Evidence, Status, Verdict} from '../engine/types.js';
import {statusOrder, worst} from '../engine/types.js';

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
export function judgeServer(text: string, table: ReleaseTable, today: Date): {status: Status; detail: string} {
	const version = parseVersion(text);
	const place = version && placeVersion(version, table, today);
	if (!place) {
		return {status: 'unknown', detail: t('check.security-updates.unparsed', {version: text})};
	}
	const {row} = place;
	const facts = {version: text, minor: row.minor, latest: row.latestPatch, endOfSupport: row.endOfSupport, released: `${row.minor}.0`, date: row.latestPatchDate, ...tableAge(table, today)};
	switch (place.kind) {
		case 'current': {
			return {status: 'pass', detail: t(place.ahead ? 'check.security-updates.ev.aheadOfTable' : 'check.security-updates.ev.current', facts)};
		}
		case 'behind': {
			return {status: 'warn', detail: t('check.security-updates.ev.behind', facts)};
		}
		case 'ended': {
			return {status: 'fail', detail: t('check.security-updates.ev.ended', facts)};
		}
		case 'older': {
			return place.ended
				? {status: 'fail', detail: t('check.security-updates.ev.older', facts)}
				: {status: 'warn', detail: t('check.security-updates.ev.olderSupported', facts)};
		}
		case 'newer': {
			return {status: 'unknown', detail: t('check.security-updates.ev.newer', facts)};
		}
	}
}

/** One kubelet version against the API server's (version skew) and against the table. */
export function judgeKubelet(text: string, server: Version | undefined, serverText: string, table: ReleaseTable, today: Date): {status: Status; problems: string[]} {
	const version = parseVersion(text);
	if (!version) {
		return {status: 'unknown', problems: [text ? t('check.security-updates.unparsed', {version: text}) : t('check.security-updates.ev.noKubeletVersion')]};
	}
	const parts: Array<{status: Status; problem: string}> = [];
	if (server && server.major === version.major) {
		const skew = server.minor - version.minor;
		if (skew < 0) {
			parts.push({status: 'fail', problem: t('check.security-updates.ev.kubeletNewer', {server: serverText})});
		} else if (skew > 3) {
			parts.push({status: 'fail', problem: t('check.security-updates.ev.kubeletTooOld', {skew, server: serverText})});
		} else if (skew > 0) {
			parts.push({status: 'warn', problem: t(skew === 1 ? 'check.security-updates.ev.kubeletOlderOne' : 'check.security-updates.ev.kubeletOlder', {skew, server: serverText})});
		}
	}
	const place = placeVersion(version, table, today);
	if (!place) {
		parts.push({status: 'unknown', problem: t('check.security-updates.unparsed', {version: text})});
	} else {
		const facts = {minor: place.row.minor, latest: place.row.latestPatch, endOfSupport: place.row.endOfSupport};
		switch (place.kind) {
			case 'behind': {
				parts.push({status: 'warn', problem: t('check.security-updates.ev.kubeletBehind', facts)});
				break;
			}
			case 'ended': {
				parts.push({status: 'fail', problem: t('check.security-updates.ev.kubeletEnded', facts)});
				break;
			}
			case 'older': {
				parts.push({status: place.ended ? 'fail' : 'warn', problem: t('check.security-updates.ev.kubeletOlderThanTable', facts)});
				break;
			}
			case 'newer': {
				parts.push({status: 'unknown', problem: t('check.security-updates.ev.kubeletNewerThanTable', facts)});
				break;
			}
			case 'current': {
				break;
			}
		}
	}
	if (parts.length === 0) {
		const minor = `${version.major}.${version.minor}`;
		return {status: 'pass', problems: [server ? t('check.security-updates.ev.kubeletGood', {minor}) : t('check.security-updates.ev.kubeletCurrent', {minor})]};
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
	const reasons: string[] = [];
	let server: Version | undefined;
	let serverText = '';
	if ('error' in facts.server) {
		parts.push({status: 'unknown', evidence: []});
		reasons.push(t('check.security-updates.reason.versionRefused', {error: facts.server.error}));
	} else {
		serverText = facts.server.version;
		server = parseVersion(serverText);
		const judged = judgeServer(serverText, table, today);
		parts.push({status: judged.status, evidence: [{kind: 'Request', name: 'GET /version', detail: judged.detail}]});
	}
	let nodeCount = 0;
	if (Array.isArray(facts.nodes)) {
		nodeCount = facts.nodes.length;
		if (nodeCount === 0) {
			parts.push({status: 'unknown', evidence: []});
			reasons.push(t('check.security-updates.reason.noNodes'));
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
				? ''
				: ` ${t('check.security-updates.ev.moreNodes', {nodes: others.length > namedNodes + 1 ? t('check.security-updates.ev.andMore', {names: others.slice(0, namedNodes).join(', '), count: others.length - namedNodes}) : others.join(', ')})}`;
			const detail = group.version
				? t('check.security-updates.ev.kubelet', {version: group.version, problems: group.problems.join('; ')})
				: group.problems.join('; ');
			parts.push({status: group.status, evidence: [{kind: 'Node', name: first!, detail: `${detail}${more}`}]});
		}
	} else {
		parts.push({status: 'unknown', evidence: []});
		reasons.push(t('check.security-updates.reason.nodesRefused', {error: facts.nodes.error}));
	}
	const status = worst(parts.map(part => part.status));
	if (status === 'pass') {
		reasons.push(t('check.security-updates.reason.pass', {nodes: nodeCount}));
	} else if (status === 'fail' || status === 'warn') {
		reasons.unshift(t('check.security-updates.reason.upgrade'));
	}
	const age = tableAge(table, today);
	reasons.push(t('check.security-updates.reason.table', age));
	if (age.age > staleTableDays) {
		reasons.push(t('check.security-updates.reason.stale'));
	}
	return {
		status,
		severity: status === 'fail' ? 'high' : status === 'pass' ? 'info' : 'medium',
		evidence: parts.flatMap(part => part.evidence),
		reason: reasons.join(' '),
	};
}

export const securityUpdates: Check = {
	id: 'security-updates',
	section: '4.7',
	async probe(context) {
		const server = await context.snapshot.once('server-version', async (): Promise<VersionFacts['server']> => {
			try {
				const body = await context.client.get<{gitVersion?: string}>('/version');
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
				kubeletVersion: (node['status'] as {nodeInfo?: {kubeletVersion?: string}} | undefined)?.nodeInfo?.kubeletVersion ?? '',
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
