// A TLS proxy on loopback between the command under test and the real API server, so a fault
// test can hold a request at an exact point of a fix (to send a signal there, or to kill the
// API server while a write is on its way), stall answers, or cut connections. It terminates
// TLS with the test cluster's own serving certificate and forwards every request as the
// cluster's admin; nothing is mocked: every answer that gets through is the API server's.
import fs from 'node:fs';
import https from 'node:https';
import type net from 'node:net';
import path from 'node:path';
import {stringify as toYaml} from 'yaml';
import type {ClusterInfo} from '../../source/testing/cluster.js';
import {tempDir} from './cluster.js';

export interface Seen {
	method: string;
	path: string;
	/** A real write (not a dry-run, not a read). */
	write: boolean;
	/** When it arrived (Date.now()). */
	at: number;
	status?: number;
}

/** pass: forward; stall: accept the request and never answer; stall-body: send headers and part of the body, then nothing; cut: close the connection. */
export type Mode = 'pass' | 'stall' | 'stall-body' | 'cut';

export interface Proxy {
	url: string;
	/** A kubeconfig that points at the proxy (admin credentials, the cluster's CA). */
	kubeconfig: string;
	/** Every request seen, in order, with the API server's status once answered. */
	seen: Seen[];
	mode: Mode;
	/**
	 * Holds the first request matching `when` (seen after this call) until `release` is
	 * called; resolves with it once it is being held.
	 */
	hold(when: (request: Seen, index: number) => boolean): Promise<Seen>;
	/** Lets the held request go on (or, with 'cut', closes its connection instead: it never reaches the API server). */
	release(then?: 'pass' | 'cut'): void;
	/** Real writes answered so far. */
	writesDone(): number;
	close(): Promise<void>;
}

const isWrite = (method: string, url: string) => method !== 'GET' && !/[?&]dryRun=All/.test(url) && !url.includes('/apis/authorization.k8s.io/') && !url.includes('/apis/authentication.k8s.io/');

export async function startProxy(info: ClusterInfo): Promise<Proxy> {
	const read = (file: string) => fs.readFileSync(path.join(info.dir, file));
	const upstream = new URL(info.server);
	const agent = new https.Agent({ca: read('ca.crt'), cert: read('admin.crt'), key: read('admin.key'), keepAlive: true});
	const sockets = new Set<{destroy: () => void}>();
	let holding: {when: (request: Seen, index: number) => boolean; found: (request: Seen) => void} | undefined;
	let releaseHeld: Array<(then: 'pass' | 'cut') => void> = [];
	const state = {mode: 'pass' as Mode};
	const seen: Seen[] = [];

	const server = https.createServer({key: read('apiserver.key'), cert: read('apiserver.crt')}, (request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', async () => {
			const url = request.url ?? '/';
			const record: Seen = {method: request.method ?? 'GET', path: url, write: isWrite(request.method ?? 'GET', url), at: Date.now()};
			const index = seen.push(record) - 1;
			if (holding && holding.when(record, index)) {
				const {found} = holding;
				holding = undefined;
				const then = await new Promise<'pass' | 'cut'>(resolve => {
					releaseHeld.push(resolve);
					found(record);
				});
				if (then === 'cut') {
					request.socket.destroy();
					return;
				}
			}
			if (state.mode === 'stall') {
				return;
			}
			if (state.mode === 'cut') {
				request.socket.destroy();
				return;
			}
			if (state.mode === 'stall-body') {
				response.writeHead(200, {'Content-Type': 'application/json'});
				response.write('{"kind":"');
				return;
			}
			const headers = {...request.headers, host: upstream.host};
			delete headers['authorization'];
			const forward = https.request({host: upstream.hostname, port: upstream.port, method: request.method, path: url, headers, agent}, answer => {
				record.status = answer.statusCode;
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(response);
			});
			// The API server is gone: the client sees its connection break, as it would.
			forward.on('error', () => request.socket.destroy());
			forward.end(Buffer.concat(chunks));
		});
	});
	server.on('connection', (socket: net.Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	const url = `https://127.0.0.1:${port}`;
	const kubeconfig = path.join(tempDir(), 'proxy.kubeconfig');
	fs.writeFileSync(kubeconfig, toYaml({
		apiVersion: 'v1',
		kind: 'Config',
		clusters: [{name: 'proxied', cluster: {server: url, 'certificate-authority-data': read('ca.crt').toString('base64')}}],
		users: [{name: 'admin', user: {'client-certificate-data': read('admin.crt').toString('base64'), 'client-key-data': read('admin.key').toString('base64')}}],
		contexts: [{name: 'proxied', context: {cluster: 'proxied', user: 'admin'}}],
		'current-context': 'proxied',
	}), {mode: 0o600});

	const release = (then: 'pass' | 'cut' = 'pass') => {
		const waiting = releaseHeld;
		releaseHeld = [];
		for (const resolve of waiting) {
			resolve(then);
		}
	};
	return {
		url,
		kubeconfig,
		seen,
		get mode() {
			return state.mode;
		},
		set mode(value: Mode) {
			state.mode = value;
		},
		hold(when) {
			return new Promise<Seen>(resolve => {
				holding = {when, found: resolve};
			});
		},
		release,
		writesDone: () => seen.filter(request => request.write && request.status !== undefined && request.status < 300).length,
		async close() {
			release('cut');
			for (const socket of sockets) {
				socket.destroy();
			}
			agent.destroy();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}
