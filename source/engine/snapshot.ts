// One read-only view of the cluster per probe run: everything a check reads goes through it.
// A collection that several checks need is listed once (page by page) and shared; a collection
// no check asks for is never listed. When the run is limited to one namespace (-n), namespaced
// collections are read there only. Reads that are not lists (/version, /metrics, access reviews,
// the node proxy, dry-runs as another identity, the TLS handshake) go through `request` and
// `servingCertificate`, so a fixture (engine/fixture.ts) can answer every one of them.
import type {ApiRequest, ApiResponse, Impersonation, KubeClient} from '../kube/client.js';
import {listPath, objectPath, type KubeObject} from '../kube/objects.js';
import {project, slimMetadata} from '../kube/projections.js';
import {servingCertificate, type ServingCertificate} from '../facts/certificates.js';

export interface SnapshotStats {
	/** Collections listed (each once per run). */
	lists: number;
	/** API requests made for those lists (pages). */
	requests: number;
	objects: number;
}

/** What a probe may know of the kubeconfig in use (names, the server, how TLS is set up). */
export {listPath};

export interface ProbeTarget {
	server: string;
	contextName: string | undefined;
	clusterName: string;
	userName: string;
	cluster: {skipTLSVerify?: boolean | undefined; caData?: string | undefined; caFile?: string | undefined; tlsServerName?: string | undefined};
	user: {certData?: string | undefined; certFile?: string | undefined};
}

/** Who a request is sent as: the operator (default), nobody (no credentials), or another identity. */
export type RequestAs = 'operator' | 'anonymous' | Impersonation;

/** The read-only view of the cluster the checks probe: live, or a fixture built from plain objects. */
export interface Snapshot {
	/** Set when the run is limited to one namespace. */
	readonly namespace: string | undefined;
	readonly stats: SnapshotStats;
	readonly target: ProbeTarget;
	list(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[]>;
	listAll(apiVersion: string, kind: string): Promise<KubeObject[]>;
	/** Whole objects of a kind in one namespace narrowed by a field selector (data included: bootstrap tokens). */
	select(apiVersion: string, kind: string, namespace: string, fieldSelector: string): Promise<KubeObject[]>;
	metadata(apiVersion: string, kind: string, fieldSelector?: string): Promise<KubeObject[]>;
	namespaces(): Promise<KubeObject[]>;
	byNamespace(apiVersion: string, kind: string): Promise<Map<string, KubeObject[]>>;
	once<T>(key: string, work: () => Promise<T>): Promise<T>;
	/** One request that is not a list: as the operator, without credentials, or as another identity. */
	request<T>(request: ApiRequest, as?: RequestAs): Promise<ApiResponse<T>>;
	/** The API server's serving certificate, from a TLS handshake that verifies and sends nothing. */
	servingCertificate(): Promise<ServingCertificate>;
}

/** The work's promise under `key`, started the first time it is asked for: the same for every implementation. */
export function once<T>(facts: Map<string, Promise<unknown>>, key: string, work: () => Promise<T>): Promise<T> {
	let entry = facts.get(key) as Promise<T> | undefined;
	if (!entry) {
		entry = work();
		facts.set(key, entry);
	}
	return entry;
}

/** Lists grouped by namespace: the same for every implementation. */
export async function groupByNamespace(objects: KubeObject[]): Promise<Map<string, KubeObject[]>> {
	const groups = new Map<string, KubeObject[]>();
	for (const object of objects) {
		const ns = object.metadata.namespace ?? '';
		let group = groups.get(ns);
		if (!group) {
			group = [];
			groups.set(ns, group);
		}
		group.push(object);
	}
	return groups;
}

/**
 * Objects per list page. Small pages keep what is parsed at once small: a page is parsed whole
 * and then cut down to its projection, so at 20,000 pods pages of 500 held about 430 MB at the
 * peak and pages of 100 about 250 MB (with the launcher's young-generation limit), in the same
 * time on this project's 2-CPU machine (README, "How it holds up on a large cluster").
 */
export const listPageSize = 100;

/** The live snapshot: reads the cluster through the operator's client. */
export class LiveSnapshot implements Snapshot {
	readonly client: KubeClient;
	/** Set when the run is limited to one namespace. */
	readonly namespace: string | undefined;
	readonly stats: SnapshotStats = {lists: 0, requests: 0, objects: 0};
	private readonly cache = new Map<string, Promise<KubeObject[]>>();
	private readonly facts = new Map<string, Promise<unknown>>();
	private readonly pageSize: number;

	constructor(client: KubeClient, namespace?: string, pageSize = listPageSize) {
		this.client = client;
		this.namespace = namespace;
		this.pageSize = pageSize;
	}

	/**
	 * Every object of a kind in the run's scope: the whole cluster, or the -n namespace for
	 * namespaced kinds. `namespace` reads one other namespace explicitly (kube-system facts).
	 */
	list(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[]> {
		const scope = namespace ?? this.namespace;
		const key = `${apiVersion}/${kind}@${scope ?? '*'}`;
		let entry = this.cache.get(key);
		if (!entry) {
			entry = this.read(apiVersion, kind, scope);
			this.cache.set(key, entry);
		}
		return entry;
	}

	private async read(apiVersion: string, kind: string, namespace: string | undefined): Promise<KubeObject[]> {
		const path = listPath(apiVersion, kind, namespace);
		this.stats.lists++;
		const items: KubeObject[] = [];
		for await (const page of this.client.pages<KubeObject>(path, {limit: this.pageSize})) {
			this.stats.requests++;
			for (const item of page) {
				// Lists omit apiVersion and kind on items; put them back so objects are self-describing.
				item.apiVersion ??= apiVersion;
				item.kind ??= kind;
				// Only what the checks read is kept (kube/projections.ts); the rest of the page goes with it.
				items.push(project(item));
			}
		}
		this.stats.objects += items.length;
		return items;
	}

	/** Every object of a kind across the whole cluster, whatever the run's scope (cluster-wide facts). */
	listAll(apiVersion: string, kind: string): Promise<KubeObject[]> {
		const key = `${apiVersion}/${kind}@*`;
		let entry = this.cache.get(key);
		if (!entry) {
			entry = this.read(apiVersion, kind, undefined);
			this.cache.set(key, entry);
		}
		return entry;
	}

	/**
	 * A fact several checks need (the control plane's flags, the kubelets' configuration),
	 * worked out once per run and shared.
	 */
	once<T>(key: string, work: () => Promise<T>): Promise<T> {
		return once(this.facts, key, work);
	}

	/**
	 * Only the metadata of every object of a kind in scope, optionally narrowed by a field
	 * selector: for Secrets, what a check needs without ever reading a value.
	 */
	metadata(apiVersion: string, kind: string, fieldSelector?: string): Promise<KubeObject[]> {
		const scope = this.namespace;
		const key = `${apiVersion}/${kind}@${scope ?? '*'}:metadata:${fieldSelector ?? ''}`;
		let entry = this.cache.get(key);
		if (!entry) {
			entry = (async () => {
				this.stats.lists++;
				const items: KubeObject[] = [];
				for await (const page of this.client.pages<KubeObject>(listPath(apiVersion, kind, scope), {limit: this.pageSize, fieldSelector, metadataOnly: true})) {
					this.stats.requests++;
					for (const item of page) {
						items.push({apiVersion, kind, metadata: slimMetadata(item.metadata)});
					}
				}
				this.stats.objects += items.length;
				return items;
			})();
			this.cache.set(key, entry);
		}
		return entry;
	}

	/** The namespaces in scope: all of them, or only the -n namespace. */
	async namespaces(): Promise<KubeObject[]> {
		if (!this.namespace) {
			return this.list('v1', 'Namespace');
		}
		const key = `v1/Namespace:${this.namespace}`;
		let entry = this.cache.get(key);
		if (!entry) {
			entry = (async () => {
				this.stats.requests++;
				const object = await this.client.get<KubeObject>(objectPath({apiVersion: 'v1', kind: 'Namespace', name: this.namespace!}));
				object.apiVersion ??= 'v1';
				object.kind ??= 'Namespace';
				return [project(object)];
			})();
			this.cache.set(key, entry);
		}
		return entry;
	}

	/** Objects of a namespaced kind grouped by namespace (the same objects as `list`, grouped once per run). */
	byNamespace(apiVersion: string, kind: string): Promise<Map<string, KubeObject[]>> {
		return this.once(`byNamespace:${apiVersion}/${kind}@${this.namespace ?? '*'}`, async () => groupByNamespace(await this.list(apiVersion, kind)));
	}

	get target(): ProbeTarget {
		return this.client.target;
	}

	async select(apiVersion: string, kind: string, namespace: string, fieldSelector: string): Promise<KubeObject[]> {
		const items: KubeObject[] = [];
		for await (const page of this.client.pages<KubeObject>(listPath(apiVersion, kind, namespace), {fieldSelector})) {
			for (const item of page) {
				item.apiVersion ??= apiVersion;
				item.kind ??= kind;
				items.push(project(item));
			}
		}
		return items;
	}

	async request<T>(request: ApiRequest, as: RequestAs = 'operator'): Promise<ApiResponse<T>> {
		if (as === 'operator') {
			return this.client.request<T>(request);
		}
		const other = as === 'anonymous' ? this.client.anonymous() : this.client.as(as);
		try {
			return await other.request<T>(request);
		} finally {
			if (as === 'anonymous') {
				other.close();
			}
		}
	}

	servingCertificate(): Promise<ServingCertificate> {
		const {server, cluster} = this.client.target;
		return servingCertificate(server, this.client.timeoutMs, cluster.tlsServerName);
	}
}

/** Today's name of the live snapshot, for the callers that construct one (`new Snapshot(client, namespace)`). */
export const Snapshot = LiveSnapshot;
