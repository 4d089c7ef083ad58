// Real nodes for the test cluster: kube-controller-manager, kube-scheduler and three hollow
// nodes (the kubelet's own code over a fake container runtime; scripts/hollow-node), each in a
// network namespace of its own, joined by a bridge on an address of the benchmarking range
// 198.18.0.0/15 that this run creates and removes. The API server listens on the bridge, so
// the nodes reach it and it reaches each node's kubelet through the node proxy (which refuses
// loopback addresses). Needs root (network namespaces) and the binaries that
// scripts/build-node-bins.sh builds.
import {execFile} from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {promisify} from 'node:util';
import type {KubeObject} from '../kube/objects.js';
import {buildScript} from './build.js';

const run = promisify(execFile);

export type NodeKind = 'careless' | 'default' | 'hardened';

export interface NodeInfo {
	name: string;
	kind: NodeKind;
	ip: string;
	netns: string;
	/** Labelled node-role.kubernetes.io/control-plane. */
	controlPlane: boolean;
}

export interface NodeNetwork {
	bridge: string;
	/** The bridge's address: where the API server listens and the nodes find it. */
	hostIp: string;
	namespaces: string[];
	links: string[];
}

/** One node to start: its name, its kubelet's configuration, and what else the node carries. */
export interface NodeSpec {
	name: string;
	kind: NodeKind;
	/** Labelled node-role.kubernetes.io/control-plane (by the admin: NodeRestriction forbids the kubelet). */
	controlPlane: boolean;
	/** The providerID the kubelet reports (default kubemark://<name>). */
	providerID?: string | undefined;
	/** Static pods in the kubelet's manifest directory; the kubelet mirrors them into the API, as kubeadm's control plane. */
	staticPods?: KubeObject[] | undefined;
}

/** The test cluster's nodes: one careless kubelet, one as the defaults give, one hardened (the control plane). */
export const nodeKinds: NodeSpec[] = [
	{kind: 'careless', name: 'node-careless', controlPlane: false},
	{kind: 'default', name: 'node-default', controlPlane: false},
	{kind: 'hardened', name: 'node-hardened', controlPlane: true},
];

/** The KubeletConfiguration laid over kubemark's own defaults (which are the careless legacy ones). */
export function kubeletConfig(node: NodeSpec, clientCaFile: string, home: string): string {
	const {kind} = node;
	// Kept inside the node's own directory: nothing is written to the machine's /usr/libexec.
	const base = ['apiVersion: kubelet.config.k8s.io/v1beta1', 'kind: KubeletConfiguration', `volumePluginDir: ${home}/volume-plugins`, `staticPodPath: ${home}/manifests`,
		...node.providerID ? [`providerID: ${JSON.stringify(node.providerID)}`] : []];
	if (kind === 'careless') {
		return [...base,
			'authentication:', '  anonymous: {enabled: true}', '  webhook: {enabled: false}', `  x509: {clientCAFile: ${clientCaFile}}`,
			'authorization: {mode: AlwaysAllow}',
			'readOnlyPort: 10255', 'seccompDefault: false', 'protectKernelDefaults: false', 'rotateCertificates: false', ''].join('\n');
	}
	const secure = [
		'authentication:', '  anonymous: {enabled: false}', '  webhook: {enabled: true}', `  x509: {clientCAFile: ${clientCaFile}}`,
		'authorization: {mode: Webhook}',
		'readOnlyPort: 0', 'rotateCertificates: true',
	];
	return [...base, ...secure, ...kind === 'hardened' ? ['seccompDefault: true', 'protectKernelDefaults: true'] : [], ''].join('\n');
}

/** The directory holding kube-controller-manager, kube-scheduler and hollow-node, building them on first use. */
export function nodeBinaries(log: (line: string) => void): Promise<string> {
	return buildScript('build-node-bins.sh', 'the node binaries', log);
}

/** Why nodes cannot be had on this machine, or undefined when they can. */
export async function nodesUnavailable(): Promise<string | undefined> {
	if (process.getuid?.() !== 0) {
		return 'network namespaces need root';
	}
	try {
		await run('ip', ['netns', 'list']);
	} catch (error) {
		return `the ip command (iproute2) does not work here: ${(error as Error).message}`;
	}
	return undefined;
}

async function ip(...args: string[]): Promise<void> {
	await run('ip', args);
}

/** A /24 of 198.18.0.0/15 that no interface on this machine uses yet. */
async function freeSubnet(): Promise<number> {
	const {stdout} = await run('ip', ['-o', '-4', 'addr']);
	for (let attempt = 0; attempt < 50; attempt++) {
		const third = 1 + crypto.randomInt(250);
		if (!stdout.includes(` 198.18.${third}.`)) {
			return third;
		}
	}
	throw new Error('no free /24 in 198.18.0.0/16 for the test nodes');
}

/**
 * Removes what an earlier run left when it could not clean up (killed outright): node network
 * namespaces of this project (hn<id><n>) older than ten minutes that no process runs in, and
 * their bridge. A run that is still starting its nodes is younger than that, so it is left alone.
 */
export async function sweepStaleNetworks(now = Date.now()): Promise<string[]> {
	const swept: string[] = [];
	let names: string[];
	try {
		names = fs.readdirSync('/run/netns').filter(name => /^hn[0-9a-f]{6}\d+$/.test(name));
	} catch {
		return swept;
	}
	const ids = new Set<string>();
	for (const name of names) {
		const age = now - fs.statSync(path.join('/run/netns', name)).mtimeMs;
		const {stdout} = await run('ip', ['netns', 'pids', name]).catch(() => ({stdout: 'unknown'}));
		if (age > 600_000 && stdout.trim() === '') {
			await ip('netns', 'del', name).catch(() => {});
			ids.add(name.slice(2, 8));
			swept.push(name);
		}
	}
	for (const id of ids) {
		if (!fs.readdirSync('/run/netns').some(name => name.startsWith(`hn${id}`))) {
			await ip('link', 'del', `hb${id}`).catch(() => {});
		}
	}
	return swept;
}

/** Creates the bridge (host side) and one namespace with a veth per node. */
export async function createNetwork(count: number): Promise<{network: NodeNetwork; ips: string[]}> {
	await sweepStaleNetworks();
	const id = crypto.randomBytes(3).toString('hex');
	const third = await freeSubnet();
	const bridge = `hb${id}`;
	const network: NodeNetwork = {bridge, hostIp: `198.18.${third}.1`, namespaces: [], links: [bridge]};
	const ips: string[] = [];
	try {
		await ip('link', 'add', 'name', bridge, 'type', 'bridge');
		await ip('addr', 'add', `${network.hostIp}/24`, 'dev', bridge);
		await ip('link', 'set', bridge, 'up');
		for (let index = 0; index < count; index++) {
			const netns = `hn${id}${index}`;
			const link = `hv${id}${index}`;
			const address = `198.18.${third}.${11 + index}`;
			await ip('netns', 'add', netns);
			network.namespaces.push(netns);
			await ip('link', 'add', link, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns);
			network.links.push(link);
			await ip('link', 'set', link, 'master', bridge, 'up');
			await ip('-n', netns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
			await ip('-n', netns, 'link', 'set', 'eth0', 'up');
			await ip('-n', netns, 'link', 'set', 'lo', 'up');
			ips.push(address);
		}
	} catch (error) {
		await removeNetwork(network);
		throw error;
	}
	return {network, ips};
}

/** Removes the namespaces, veth links and bridge; whatever is already gone is skipped. */
export async function removeNetwork(network: NodeNetwork): Promise<void> {
	for (const netns of network.namespaces) {
		await ip('netns', 'del', netns).catch(() => {});
	}
	for (const link of [...network.links].reverse()) {
		await ip('link', 'del', link).catch(() => {});
	}
}

/** Waits until every named node reports Ready (its kubelet registered and is heartbeating). */
export async function waitForNodes(get: (path: string) => Promise<string>, names: string[], timeoutMs = 90_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		try {
			const list = JSON.parse(await get('/api/v1/nodes')) as {items?: Array<{metadata: {name: string}; status?: {conditions?: Array<{type: string; status: string}>}}>};
			const ready = new Set((list.items ?? []).filter(node => node.status?.conditions?.some(condition => condition.type === 'Ready' && condition.status === 'True')).map(node => node.metadata.name));
			last = [...ready].join(', ');
			if (names.every(name => ready.has(name))) {
				return;
			}
		} catch {}
		await new Promise(resolve => setTimeout(resolve, 250));
	}
	throw new Error(`the nodes were not Ready within ${timeoutMs / 1000}s (ready: ${last || 'none'})`);
}

export function writeFile(dir: string, name: string, text: string): string {
	const file = path.join(dir, name);
	fs.writeFileSync(file, text, {mode: 0o600});
	return file;
}
