// The one way this program talks to an API server. Credentials, TLS material and auth
// plugins come from @kubernetes/client-node's KubeConfig; requests go out through node's
// https with one keep-alive agent, so every call (resources, /version, /metrics, node proxy
// paths) shares the same credentials, timeout, impersonation and error wording.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import {threadId} from 'node:worker_threads';
import {t} from '../messages/catalog.js';
import {formatDuration} from './duration.js';
import {KubeError, UserError, type KubeErrorCode, type RequestTarget} from './errors.js';
import type {KubeTarget} from './kubeconfig.js';

export interface Impersonation {
	user: string;
	groups?: string[] | undefined;
}

export interface ClientOptions {
	/** Per-request time limit in milliseconds for reads; 0 means none. */
	timeoutMs: number;
	/** The same for writes (create, patch, delete); the read limit when unset. */
	writeTimeoutMs?: number | undefined;
	impersonate?: Impersonation | undefined;
	/** Requests in flight at once (default 8). */
	maxInFlight?: number;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface ApiRequest {
	method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	path: string;
	query?: Query;
	body?: unknown;
	contentType?: string;
	/** Return the body as text instead of parsing JSON (for /metrics). */
	text?: boolean;
	/** Statuses that are answers rather than errors (the body is returned as is). */
	acceptStatus?: number[];
	/** An Accept header of the caller's own (for example metadata-only lists). */
	accept?: string;
}

export interface ApiResponse<T> {
	status: number;
	body: T;
	/** Messages from the API server's `Warning` headers (admission warnings and the like). */
	warnings: string[];
}

export interface ListOptions {
	labelSelector?: string;
	fieldSelector?: string;
	/** Page size (default 500). */
	limit?: number;
	/** Only each object's metadata (a PartialObjectMetadataList): no spec, no data, no token. */
	metadataOnly?: boolean;
}

export interface ObjectList<T> {
	items: T[];
	resourceVersion: string | undefined;
}

interface Connection {
	server: URL;
	agent: http.Agent;
	baseHeaders: Record<string, string>;
	/** Refreshes the Authorization header for auth plugins (exec, oidc) whose tokens expire. */
	refreshAuth: (() => Promise<Record<string, string>>) | undefined;
	/**
	 * Set when a request got no answer at all (not even headers) within its limit: the server
	 * is stalled. Until a request succeeds, reads fail at once with the same timeout, except one
	 * trial read per time limit; so a stalled server shows as "timed out" after one limit, not
	 * after one limit per request. Writes are always sent.
	 */
	stall: {at: number; trialAt: number} | undefined;
}

const tlsCodes = /CERT|SSL|TLS|SIGNATURE|ISSUER|ALTNAME/;
/** HARDEN_TRACE=<file>: a line per answered request is appended there (for the benchmarks). */
const trace = process.env['HARDEN_TRACE'];
const refusedCodes = new Set(['ECONNREFUSED']);
const abortedCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

export function describeTarget(method: string, path: string, query: Query = {}): RequestTarget {
	const [rawPath] = path.split('?');
	const segments = (rawPath ?? '').split('/').filter(Boolean).map(decodeURIComponent);
	let rest: string[] | undefined;
	let group = '';
	if (segments[0] === 'api' && segments.length >= 2) {
		rest = segments.slice(2);
	} else if (segments[0] === 'apis' && segments.length >= 3) {
		group = segments[1]!;
		rest = segments.slice(3);
	}
	if (!rest || rest.length === 0) {
		return {verb: method.toLowerCase(), resource: rawPath ?? path};
	}
	let namespace: string | undefined;
	if (rest[0] === 'namespaces' && rest.length >= 3) {
		namespace = rest[1];
		rest = rest.slice(2);
	}
	const [plural, name, subresource] = rest;
	const resource = `${plural}${subresource ? `/${subresource}` : ''}${group ? `.${group}` : ''}`;
	const verbs: Record<string, string> = {GET: name ? 'get' : 'list', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: name ? 'delete' : 'deletecollection'};
	const verb = query['watch'] ? 'watch' : verbs[method] ?? method.toLowerCase();
	return {verb, resource, namespace, name};
}

function scopeText(target: RequestTarget): string {
	if (target.namespace) {
		return t('kube.scope.namespace', {namespace: target.namespace});
	}
	return target.resource.startsWith('/') ? '' : t('kube.scope.cluster');
}

function parseWarnings(header: string | string[] | undefined): string[] {
	if (!header) {
		return [];
	}
	const values = Array.isArray(header) ? header : [header];
	const out: string[] = [];
	for (const value of values) {
		// RFC 7234: 299 - "text" (several may be joined by commas)
		for (const match of value.matchAll(/\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/g)) {
			out.push(match[1]!.replaceAll(/\\(.)/g, '$1'));
		}
	}
	return out;
}

export class KubeClient {
	readonly server: string;
	readonly timeoutMs: number;
	readonly writeTimeoutMs: number;
	readonly impersonate: Impersonation | undefined;
	readonly target: KubeTarget;
	private readonly connection: Connection;
	private readonly maxInFlight: number;
	private inFlight = 0;
	private readonly waiting: Array<() => void> = [];
	private readonly anonymousMode: boolean;

	private constructor(target: KubeTarget, connection: Connection, options: ClientOptions, anonymous: boolean) {
		this.target = target;
		this.server = target.server;
		this.connection = connection;
		this.timeoutMs = options.timeoutMs;
		this.writeTimeoutMs = options.writeTimeoutMs ?? options.timeoutMs;
		this.impersonate = options.impersonate;
		this.maxInFlight = options.maxInFlight ?? 8;
		this.anonymousMode = anonymous;
	}

	static async connect(target: KubeTarget, options: ClientOptions): Promise<KubeClient> {
		let server: URL;
		try {
			server = new URL(target.server);
		} catch {
			throw new UserError(t('kube.error.unreachable', {server: target.server, reason: 'the address is not a URL'}));
		}
		const tlsOptions: https.RequestOptions = {};
		try {
			await target.kc.applyToHTTPSOptions(tlsOptions);
		} catch (error) {
			if (server.protocol === 'http:' && /HTTP protocol is not allowed/.test((error as Error).message)) {
				// client-node refuses plain HTTP unless TLS verification is switched off: a TLS matter, not the credentials.
				throw new UserError(t('kube.error.plainHttp', {server: target.server}));
			}
			throw new UserError(t('kubeconfig.error.credentials', {user: target.userName, reason: (error as Error).message}));
		}
		const headers = Object.fromEntries(Object.entries(tlsOptions.headers ?? {}).map(([key, value]) => [key, String(value)]));
		if (tlsOptions.auth) {
			headers['Authorization'] = `Basic ${Buffer.from(tlsOptions.auth).toString('base64')}`;
		}
		const agentOptions: https.AgentOptions = {
			keepAlive: true,
			maxSockets: options.maxInFlight ?? 8,
			ca: tlsOptions.ca,
			cert: tlsOptions.cert,
			key: tlsOptions.key,
			servername: tlsOptions.servername,
		};
		if (tlsOptions.rejectUnauthorized === false) {
			agentOptions.rejectUnauthorized = false;
		}
		const agent = server.protocol === 'http:' ? new http.Agent({keepAlive: true, maxSockets: options.maxInFlight ?? 8}) : new https.Agent(agentOptions);
		const user = target.user;
		const refreshAuth = user.exec || user.authProvider
			? async () => {
				const fresh: https.RequestOptions = {};
				await target.kc.applyToHTTPSOptions(fresh);
				return Object.fromEntries(Object.entries(fresh.headers ?? {}).map(([key, value]) => [key, String(value)]));
			}
			: undefined;
		return new KubeClient(target, {server, agent, baseHeaders: headers, refreshAuth, stall: undefined}, options, false);
	}

	/** The same server, acting as another identity (impersonation headers). */
	as(impersonate: Impersonation | undefined): KubeClient {
		return new KubeClient(this.target, this.connection, {timeoutMs: this.timeoutMs, writeTimeoutMs: this.writeTimeoutMs, impersonate, maxInFlight: this.maxInFlight}, this.anonymousMode);
	}

	/** The same server with no credentials at all: what an anonymous caller sees. */
	anonymous(): KubeClient {
		const {server, agent} = this.connection;
		const bare = server.protocol === 'http:'
			? new http.Agent({keepAlive: false})
			: new https.Agent({
				ca: (agent as https.Agent).options.ca,
				servername: (agent as https.Agent).options.servername,
				rejectUnauthorized: (agent as https.Agent).options.rejectUnauthorized,
			});
		return new KubeClient(this.target, {server, agent: bare, baseHeaders: {}, refreshAuth: undefined, stall: undefined}, {timeoutMs: this.timeoutMs, writeTimeoutMs: this.writeTimeoutMs, maxInFlight: this.maxInFlight}, true);
	}

	get identityText(): string {
		return this.impersonate ? t('kube.identity.named', {user: this.impersonate.user}) : t('kube.identity.you');
	}

	close(): void {
		this.connection.agent.destroy();
	}

	private async slot(): Promise<() => void> {
		if (this.inFlight >= this.maxInFlight) {
			await new Promise<void>(resolve => {
				this.waiting.push(resolve);
			});
		}
		this.inFlight++;
		return () => {
			this.inFlight--;
			this.waiting.shift()?.();
		};
	}

	async request<T = any>(request: ApiRequest): Promise<ApiResponse<T>> {
		const release = await this.slot();
		try {
			return await this.send<T>(request);
		} finally {
			release();
		}
	}

	private async send<T>(request: ApiRequest): Promise<ApiResponse<T>> {
		const method = request.method ?? 'GET';
		const target = describeTarget(method, request.path, request.query);
		const url = new URL(this.connection.server.href.replace(/\/+$/, '') + request.path);
		for (const [key, value] of Object.entries(request.query ?? {})) {
			if (value !== undefined) {
				url.searchParams.set(key, String(value));
			}
		}
		const headers: Record<string, string | string[]> = {
			...this.connection.baseHeaders,
			...(this.connection.refreshAuth ? await this.connection.refreshAuth() : {}),
			Accept: request.accept ?? (request.text ? 'text/plain, */*' : 'application/json'),
			'User-Agent': 'kubectl-harden',
		};
		if (this.impersonate) {
			headers['Impersonate-User'] = this.impersonate.user;
			if (this.impersonate.groups && this.impersonate.groups.length > 0) {
				headers['Impersonate-Group'] = this.impersonate.groups;
			}
		}
		let payload: Buffer | undefined;
		if (request.body !== undefined) {
			payload = Buffer.from(typeof request.body === 'string' ? request.body : JSON.stringify(request.body));
			headers['Content-Type'] = request.contentType ?? 'application/json';
			headers['Content-Length'] = String(payload.length);
		}
		const transport = url.protocol === 'http:' ? http : https;
		const read = method === 'GET';
		const limit = read ? this.timeoutMs : this.writeTimeoutMs;
		const stall = this.connection.stall;
		if (read && stall && limit > 0) {
			const now = Date.now();
			if (now - stall.trialAt < limit) {
				throw this.error('timeout', target, undefined, undefined, limit);
			}
			stall.trialAt = now;
		}
		const began = trace ? performance.now() : 0;
		const {status, text, warningHeader} = await new Promise<{status: number; text: string; warningHeader: string | string[] | undefined}>((resolve, reject) => {
			let timedOut = false;
			let answered = false;
			let settled = false;
			const finish = (error: KubeError | undefined, value?: {status: number; text: string; warningHeader: string | string[] | undefined}) => {
				if (settled) {
					return;
				}
				settled = true;
				clearTimeout(timer);
				if (error) {
					reject(error);
				} else {
					resolve(value!);
				}
			};
			// One place turns every way a request can end early into the operator's words.
			const failed = (error: NodeJS.ErrnoException) => {
				if (timedOut) {
					if (!answered && limit > 0) {
						this.connection.stall ??= {at: Date.now(), trialAt: Date.now()};
					}
					finish(this.error('timeout', target, undefined, undefined, limit));
				} else {
					finish(this.transportError(error, target));
				}
			};
			const req = transport.request(url, {method, headers, agent: this.connection.agent}, response => {
				answered = true;
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					this.connection.stall = undefined;
					finish(undefined, {status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), warningHeader: response.headers['warning']});
				});
				response.on('error', failed);
				response.on('close', () => {
					if (!response.complete) {
						failed(Object.assign(new Error('aborted'), {code: 'ECONNRESET'}));
					}
				});
			});
			const timer = limit > 0
				? setTimeout(() => {
					timedOut = true;
					req.destroy(Object.assign(new Error('timeout'), {code: 'ETIMEDOUT'}));
				}, limit)
				: undefined;
			req.on('error', failed);
			req.end(payload);
		});
		if (trace) {
			// Benchmarks read which requests a run made: method, path, status, bytes, milliseconds and
			// the thread that sent it (0 is the main thread, which draws the walk); never a body.
			fs.appendFileSync(trace, `${method} ${url.pathname}${url.search} ${status} ${text.length} ${(performance.now() - began).toFixed(1)} thread=${threadId}\n`);
		}
		const warnings = parseWarnings(warningHeader);
		if (status >= 400 && !request.acceptStatus?.includes(status)) {
			throw this.statusError(status, text, target);
		}
		if (request.text) {
			return {status, body: text as T, warnings};
		}
		try {
			return {status, body: (text ? JSON.parse(text) : undefined) as T, warnings};
		} catch {
			if (request.acceptStatus?.includes(status)) {
				return {status, body: text as T, warnings};
			}
			throw this.error('bad-response', target, status);
		}
	}

	private error(code: KubeErrorCode, target: RequestTarget, status?: number, detail?: string, limit = this.timeoutMs): KubeError {
		const parameters = {
			server: this.server,
			verb: target.verb,
			resource: target.resource,
			name: target.name ?? '',
			scope: scopeText(target),
			identity: this.identityText,
			timeout: formatDuration(limit),
			status: status ?? '',
			detail: detail ?? '',
			reason: detail ?? '',
		};
		const ids: Record<KubeErrorCode, Parameters<typeof t>[0]> = {
			unreachable: 'kube.error.unreachable',
			'connection-refused': 'kube.error.connectionRefused',
			aborted: 'kube.error.aborted',
			tls: this.connection.server.protocol === 'http:' ? 'kube.error.tlsOverHttp' : 'kube.error.tls',
			unauthorized: 'kube.error.unauthorized',
			forbidden: 'kube.error.forbidden',
			timeout: 'kube.error.timeout',
			'not-found': 'kube.error.notFound',
			conflict: 'kube.error.conflict',
			invalid: 'kube.error.invalid',
			gone: 'kube.error.gone',
			server: 'kube.error.server',
			'bad-response': 'kube.error.badResponse',
		};
		return new KubeError(code, t(ids[code], parameters), target, status, detail);
	}

	private transportError(error: NodeJS.ErrnoException, target: RequestTarget): KubeError {
		const code = error.code ?? '';
		const reason = code ? `${code}${error.message && !error.message.includes(code) ? ` (${error.message})` : ''}` : error.message;
		const kind: KubeErrorCode = tlsCodes.test(code) ? 'tls' : refusedCodes.has(code) ? 'connection-refused' : abortedCodes.has(code) || error.message === 'aborted' ? 'aborted' : 'unreachable';
		return this.error(kind, target, undefined, reason);
	}

	private statusError(status: number, text: string, target: RequestTarget): KubeError {
		if (this.connection.server.protocol === 'http:' && status === 400 && text.includes('HTTP request to an HTTPS server')) {
			return this.error('tls', target, status, text.trim());
		}
		let detail = text.trim().slice(0, 500);
		try {
			const parsed = JSON.parse(text) as {message?: string};
			if (parsed.message) {
				detail = parsed.message;
			}
		} catch {}
		const codes: Record<number, KubeErrorCode> = {401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 410: 'gone', 422: 'invalid', 400: 'invalid', 504: 'timeout'};
		const code = codes[status] ?? 'server';
		if (code === 'forbidden' && this.impersonate && /impersonat/i.test(detail)) {
			const as = [this.impersonate.user, ...(this.impersonate.groups ?? [])].join('", "');
			return new KubeError(code, t('kube.error.impersonationForbidden', {as, detail}), {verb: 'impersonate', resource: 'users'}, status, detail);
		}
		if (code === 'forbidden' && !/ cannot \S+ (resource|path)/.test(detail)) {
			// Refused by admission (Pod Security, a webhook, a policy), not by RBAC: say so.
			return new KubeError(code, t('kube.error.refused', {verb: target.verb, resource: target.resource, scope: scopeText(target), detail}), target, status, detail);
		}
		return this.error(code, target, status, detail);
	}

	async get<T = any>(path: string, query?: Query): Promise<T> {
		return (await this.request<T>({path, query})).body;
	}

	/** Pages through a collection (`limit` + `continue`), yielding one page of items at a time. */
	async * pages<T = any>(path: string, options: ListOptions = {}): AsyncGenerator<T[], string | undefined> {
		let continueToken: string | undefined;
		let resourceVersion: string | undefined;
		do {
			const {body} = await this.request<{items?: T[]; metadata?: {continue?: string; resourceVersion?: string}}>({
				path,
				query: {limit: options.limit ?? 500, continue: continueToken, labelSelector: options.labelSelector, fieldSelector: options.fieldSelector},
				accept: options.metadataOnly ? 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1, application/json' : undefined,
			});
			resourceVersion ??= body.metadata?.resourceVersion;
			continueToken = body.metadata?.continue || undefined;
			yield body.items ?? [];
		} while (continueToken);
		return resourceVersion;
	}

	/** Every object of a collection, read page by page. */
	async list<T = any>(path: string, options: ListOptions = {}): Promise<ObjectList<T>> {
		const items: T[] = [];
		const iterator = this.pages<T>(path, options);
		let step = await iterator.next();
		while (!step.done) {
			items.push(...step.value);
			step = await iterator.next();
		}
		return {items, resourceVersion: step.value};
	}
}
