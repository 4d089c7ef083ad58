// A stand-in for a kubelet's HTTPS API, for the node proxy to reach. The test cluster runs no
// kubelet, and nothing else can answer /configz, so this serves a KubeletConfiguration of the
// test's choosing. Everything between the check and it is real: the API server's node proxy
// finds the node's address and port in its status and connects over TLS.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type {KubeClient} from '../../source/kube/client.js';
import {objectPath, type KubeObject} from '../../source/kube/objects.js';
import {markReady} from '../../source/testing/sandbox.js';
import {create} from './checks.js';
import {tempDir} from './cluster.js';

/** An address the API server will proxy to (it refuses loopback and link-local ones). */
export function proxyableAddress(): string | undefined {
	for (const addresses of Object.values(os.networkInterfaces())) {
		for (const address of addresses ?? []) {
			if (address.family === 'IPv4' && !address.internal && !address.address.startsWith('169.254.')) {
				return address.address;
			}
		}
	}
	return undefined;
}

export interface StandIn {
	address: string;
	port: number;
	requests: string[];
	close(): Promise<void>;
}

export async function kubeletStandIn(config: Record<string, unknown>): Promise<StandIn> {
	const address = proxyableAddress();
	if (!address) {
		throw new Error('this machine has no non-loopback IPv4 address for the API server to proxy to');
	}
	const dir = tempDir();
	execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '1', '-subj', '/CN=kubelet-stand-in'], {cwd: dir, stdio: 'ignore'});
	const requests: string[] = [];
	const server = https.createServer({key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem'))}, (request, response) => {
		requests.push(request.url ?? '');
		if (request.url === '/configz') {
			response.writeHead(200, {'Content-Type': 'application/json'});
			response.end(JSON.stringify({kubeletconfig: config}));
			return;
		}
		response.writeHead(404);
		response.end();
	});
	await new Promise<void>(resolve => server.listen(0, address, resolve));
	const port = (server.address() as {port: number}).port;
	return {address, port, requests, close: () => new Promise(resolve => server.close(() => resolve()))};
}

/** A Node whose status points the node proxy at the given kubelet (or nowhere). */
export async function nodeAt(client: KubeClient, name: string, kubelet: {address: string; port: number} | undefined, labels: Record<string, string> = {}): Promise<void> {
	await create(client, {apiVersion: 'v1', kind: 'Node', metadata: {name, labels}});
	const current = await client.get<KubeObject>(objectPath({apiVersion: 'v1', kind: 'Node', name}));
	current['status'] = kubelet
		? {addresses: [{type: 'InternalIP', address: kubelet.address}], daemonEndpoints: {kubeletEndpoint: {Port: kubelet.port}}}
		: {};
	await client.request({method: 'PUT', path: `${objectPath({apiVersion: 'v1', kind: 'Node', name})}/status`, body: current});
	await markReady(client, name);
}
