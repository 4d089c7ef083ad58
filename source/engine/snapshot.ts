// One read-only view of the cluster per probe run. A collection that several checks need is
// listed once (page by page) and shared; a collection no check asks for is never listed.
// When the run is limited to one namespace (-n), namespaced collections are read there only.
import type {KubeClient} from '../kube/client.js';
import {listPath, objectPath, type KubeObject} from '../kube/objects.js';

export interface SnapshotStats {
	/** Collections listed (each once per run). */
	lists: number;
	/** API requests made for those lists (pages). */
	requests: number;
	objects: number;
}

export class Snapshot {
	readonly client: KubeClient;
	/** Set when the run is limited to one namespace. */
	readonly namespace: string | undefined;
	readonly stats: SnapshotStats = {lists: 0, requests: 0, objects: 0};
	private readonly cache = new Map<string, Promise<KubeObject[]>>();
	private readonly facts = new Map<string, Promise<unknown>>();
	private readonly pageSize: number;

	constructor(client: KubeClient, namespace?: string, pageSize = 500) {
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
				items.push(item);
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
		let entry = this.facts.get(key) as Promise<T> | undefined;
		if (!entry) {
			entry = work();
			this.facts.set(key, entry);
		}
		return entry;
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
						items.push({...item, apiVersion, kind});
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
				return [object];
			})();
			this.cache.set(key, entry);
		}
		return entry;
	}

	/** Objects of a namespaced kind grouped by namespace. */
	async byNamespace(apiVersion: string, kind: string): Promise<Map<string, KubeObject[]>> {
		const groups = new Map<string, KubeObject[]>();
		for (const object of await this.list(apiVersion, kind)) {
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
}
