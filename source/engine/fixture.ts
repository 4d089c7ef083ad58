// A snapshot built from plain objects, for testing a check's decisions without a cluster: lists
// come from `objects` (filtered by apiVersion, kind and namespace as the API would), and every
// read that is not a list (/version, /metrics, access reviews, the node proxy, dry-runs as
// another identity, the TLS handshake) from a table of fixed answers. A list or request the
// fixture was told to refuse answers 403 Forbidden, as the API server would; a request it has
// no answer for throws, so a test cannot pass on a read it did not set up.
import {describeTarget, type ApiRequest, type ApiResponse, type KubeClient} from '../kube/client.js';
import {KubeError, type KubeErrorCode} from '../kube/errors.js';
import type {KubeObject} from '../kube/objects.js';
import {project} from '../kube/projections.js';
import type {ServingCertificate} from '../facts/certificates.js';
import type {Identity} from './identity.js';
import {groupByNamespace, listPath, once, type ProbeTarget, type RequestAs, type Snapshot, type SnapshotStats} from './snapshot.js';
import type {CheckContext} from './types.js';

/** A fixed answer: a response, or an API error (`forbidden`, `not-found`, ...). */
export type FixtureAnswer =
	| {status?: number; body?: unknown; warnings?: string[]}
	| {error: KubeErrorCode; detail?: string; status?: number};

export interface FixtureData {
	/** Every object the cluster holds; lists filter them. */
	objects?: KubeObject[];
	/**
	 * Lists the identity may not read: `Kind` (everywhere) or `Kind@namespace` (one namespace), for
	 * example `Secret`, `Pod@kube-system`.
	 */
	forbidden?: string[];
	/**
	 * Answers to requests that are not lists, keyed `METHOD path` (`GET /metrics`); without
	 * credentials `anonymous METHOD path`; as another user `as USER METHOD path`. A function
	 * answers from the request (its body, its query).
	 */
	answers?: Record<string, FixtureAnswer | ((request: ApiRequest) => FixtureAnswer)>;
	/** The kubeconfig in use (an https server with a CA unless set). */
	target?: Partial<ProbeTarget>;
	/** The API server's serving certificate, or why the handshake failed. */
	certificate?: ServingCertificate | Error;
	/** The -n namespace. */
	namespace?: string;
}

const defaultTarget: ProbeTarget = {
	server: 'https://fixture.example:6443',
	contextName: 'fixture',
	clusterName: 'fixture',
	userName: 'fixture-admin',
	cluster: {caData: 'fixture-ca'},
	user: {},
};

function forbiddenError(verb: string, path: string, detail?: string): KubeError {
	const target = describeTarget(verb, path);
	const said = detail ?? `${target.resource} is forbidden: User "fixture-admin" cannot ${target.verb} resource "${target.resource}"`;
	return new KubeError('forbidden', `forbidden: fixture-admin may not ${target.verb} ${target.resource}. The API server said: ${said}`, target, 403, said);
}

function answerError(code: KubeErrorCode, verb: string, path: string, detail: string | undefined, status: number | undefined): KubeError {
	if (code === 'forbidden') {
		return forbiddenError(verb, path, detail);
	}
	const target = describeTarget(verb, path);
	return new KubeError(code, `${code}: ${detail ?? `${verb} ${path}`}`, target, status, detail);
}

/** `type=...` and `metadata.name=...` / `metadata.namespace=...`, the field selectors the checks use. */
function matchesFields(object: KubeObject, fieldSelector: string | undefined): boolean {
	if (!fieldSelector) {
		return true;
	}
	return fieldSelector.split(',').every(term => {
		const [field, value] = term.split('=');
		const actual = field === 'type' ? object['type'] : field === 'metadata.name' ? object.metadata.name : field === 'metadata.namespace' ? object.metadata.namespace : undefined;
		return actual === value;
	});
}

export class FixtureSnapshot implements Snapshot {
	readonly namespace: string | undefined;
	readonly stats: SnapshotStats = {lists: 0, requests: 0, objects: 0};
	readonly target: ProbeTarget;
	/** Every request the probes made, `METHOD path` (with `anonymous ` / `as USER ` in front). */
	readonly asked: string[] = [];
	private readonly data: FixtureData;
	private readonly facts = new Map<string, Promise<unknown>>();

	constructor(data: FixtureData) {
		this.data = data;
		this.namespace = data.namespace;
		this.target = {...defaultTarget, ...data.target};
	}

	private refused(kind: string, namespace: string | undefined): boolean {
		const forbidden = this.data.forbidden ?? [];
		return forbidden.includes(kind) || (namespace !== undefined && forbidden.includes(`${kind}@${namespace}`));
	}

	private read(apiVersion: string, kind: string, namespace: string | undefined, fieldSelector?: string): KubeObject[] {
		this.stats.lists++;
		this.stats.requests++;
		if (this.refused(kind, namespace)) {
			throw forbiddenError('GET', listPath(apiVersion, kind, namespace));
		}
		const items = (this.data.objects ?? [])
			.filter(object => object.apiVersion === apiVersion && object.kind === kind && (namespace === undefined || object.metadata.namespace === namespace) && matchesFields(object, fieldSelector))
			// The live snapshot's projections (kube/projections.ts): a check reading a field they drop fails here too.
			.map(object => project(structuredClone(object)));
		this.stats.objects += items.length;
		return items;
	}

	async list(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[]> {
		return this.read(apiVersion, kind, namespace ?? this.namespace);
	}

	async listAll(apiVersion: string, kind: string): Promise<KubeObject[]> {
		return this.read(apiVersion, kind, undefined);
	}

	async select(apiVersion: string, kind: string, namespace: string, fieldSelector: string): Promise<KubeObject[]> {
		return this.read(apiVersion, kind, namespace, fieldSelector);
	}

	async metadata(apiVersion: string, kind: string, fieldSelector?: string): Promise<KubeObject[]> {
		return this.read(apiVersion, kind, this.namespace, fieldSelector).map(({metadata}) => ({apiVersion, kind, metadata}));
	}

	async namespaces(): Promise<KubeObject[]> {
		const all = this.read('v1', 'Namespace', undefined);
		return this.namespace ? all.filter(ns => ns.metadata.name === this.namespace) : all;
	}

	async byNamespace(apiVersion: string, kind: string): Promise<Map<string, KubeObject[]>> {
		return groupByNamespace(await this.list(apiVersion, kind));
	}

	once<T>(key: string, work: () => Promise<T>): Promise<T> {
		return once(this.facts, key, work);
	}

	async request<T>(request: ApiRequest, as: RequestAs = 'operator'): Promise<ApiResponse<T>> {
		const method = request.method ?? 'GET';
		const who = as === 'operator' ? '' : as === 'anonymous' ? 'anonymous ' : `as ${as.user} `;
		const key = `${who}${method} ${request.path}`;
		this.asked.push(key);
		this.stats.requests++;
		const entry = this.data.answers?.[key];
		if (entry === undefined) {
			throw new Error(`the fixture has no answer for ${key}`);
		}
		const answer = typeof entry === 'function' ? entry(request) : entry;
		if ('error' in answer) {
			throw answerError(answer.error, method, request.path, answer.detail, answer.status);
		}
		const status = answer.status ?? 200;
		if (status >= 400 && !(request.acceptStatus ?? []).includes(status)) {
			throw answerError(status === 403 ? 'forbidden' : status === 404 ? 'not-found' : 'server', method, request.path, undefined, status);
		}
		return {status, body: structuredClone(answer.body) as T, warnings: answer.warnings ?? []};
	}

	async servingCertificate(): Promise<ServingCertificate> {
		const certificate = this.data.certificate;
		if (certificate === undefined) {
			throw new Error('the fixture has no serving certificate');
		}
		if (certificate instanceof Error) {
			throw certificate;
		}
		return certificate;
	}
}

/** A client that must not be used: probes read through the snapshot. */
const noClient = new Proxy({}, {
	get(_target, name) {
		throw new Error(`a probe used the client directly (${String(name)}); it must read through the snapshot`);
	},
}) as KubeClient;

export const fixtureIdentity: Identity = {username: 'fixture-admin', uid: undefined, groups: ['system:authenticated'], systemMasters: false, impersonated: false};

/** A check's context over a fixture: the snapshot, an identity, and no client at all. */
export function fixtureContext(data: FixtureData, identity: Partial<Identity> = {}): CheckContext & {snapshot: FixtureSnapshot} {
	return {client: noClient, snapshot: new FixtureSnapshot(data), identity: {...fixtureIdentity, ...identity}, namespace: data.namespace};
}
