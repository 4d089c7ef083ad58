// The non-interactive report (`--report json`). Field names are a public interface: they are
// documented in the README and only ever added to.
import type {KubeClient} from '../kube/client.js';
import {version} from '../version.js';
import {whoAmI, type Identity} from './identity.js';

export interface ClusterInfo {
	server: string;
	context: string | null;
	version: string;
}

export interface Report {
	tool: {name: 'kubectl-harden'; version: string};
	generatedAt: string;
	cluster: ClusterInfo;
	identity: Identity;
}

export async function clusterInfo(client: KubeClient): Promise<ClusterInfo> {
	const serverVersion = await client.get<{gitVersion?: string}>('/version');
	return {server: client.server, context: client.target.contextName ?? null, version: serverVersion.gitVersion ?? 'unknown'};
}

export async function buildReport(client: KubeClient, now: () => Date = () => new Date()): Promise<Report> {
	const [cluster, identity] = await Promise.all([clusterInfo(client), whoAmI(client)]);
	return {tool: {name: 'kubectl-harden', version}, generatedAt: now().toISOString(), cluster, identity};
}
