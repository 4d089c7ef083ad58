// Guide section 4.6, the step after encryption is switched on: what was stored before stays
// stored as it was until it is written again. This rewrites every object of each resource type
// the encryption configuration covers, unchanged (a replace with the object as read), so the
// API server stores it through the first provider the configuration names for its type. The
// content does not change, so there is nothing to undo; the progress is kept in a file next to
// the journal so an interrupted run goes on where it stopped. No object's content (a Secret's
// values above all) is kept anywhere: only uids are written, and only names are shown.
//
// Which types the configuration covers cannot be read through the API (the file lives on the
// control-plane nodes). What can: the API server's /metrics names, per resource, the provider
// every value written to (or read from) storage went through
// (apiserver_storage_transformation_operations_total{resource=...}); only resources the
// configuration covers are counted there. So the types rewritten are those named with
// --resources, or by default Secrets, ConfigMaps and every custom resource (what
// `kubectl harden write encryption-config` covers) plus every resource /metrics shows going
// through an encrypting provider. Rewriting a type the configuration does not cover is
// harmless: the API server skips a write whose stored bytes would not change.
import fs from 'node:fs';
import path from 'node:path';
import type {KubeClient} from '../kube/client.js';
import {isKubeError, UserError} from '../kube/errors.js';
import type {KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import {parseMetrics} from '../facts/metrics.js';
import {missingPermissions, permissionText, type Permission} from './access.js';
import {fieldManager} from './fix.js';
import {journalPath} from './journal.js';
import {forEachLimited, requestConcurrency} from './limit.js';
import type {Verdict} from './types.js';

/** A resource type to rewrite, as the API serves it. */
export interface ResourceType {
	/** `secrets`, `configmaps`, `widgets.example.com`: as EncryptionConfiguration and /metrics name it. */
	name: string;
	group: string;
	version: string;
	resource: string;
	kind: string;
	namespaced: boolean;
}

/** Where the list of types came from, for the operator. */
export type ResourceSource = 'flag' | 'default';

export interface ResourceChoice {
	types: ResourceType[];
	source: ResourceSource;
	/** Resources /metrics shows stored through an encrypting provider (`secrets: k8s:enc:secretbox:v1`). */
	seen: Array<{name: string; providers: string[]}>;
	/** Custom resources could not be listed (the default then holds Secrets and ConfigMaps, and what /metrics shows). */
	customError?: string | undefined;
}

export interface ReencryptProgress {
	/** Objects rewritten (this run and earlier interrupted runs). */
	done: number;
	/** Objects rewritten earlier, skipped this run. */
	resumed: number;
	/** Objects that changed or vanished while being rewritten (their new version is stored through the new provider anyway). */
	raced: number;
	failed: Array<{object: string; error: string}>;
	/** Objects listed so far (the total is known only at the end of a large list). */
	seen: number;
	/** The type being rewritten now, and objects rewritten per type (this run). */
	resource: string | undefined;
	byResource: Record<string, number>;
	finished: boolean;
}

interface State {
	server: string;
	startedAt: string;
	/** uids of objects rewritten: not names, never values. */
	done: string[];
}

export function progressPath(server: string, dir?: string): string {
	return journalPath(server, dir).replace(/\.json$/, '.reencrypt.json');
}

function readState(file: string, server: string): State {
	try {
		const state = JSON.parse(fs.readFileSync(file, 'utf8')) as State;
		if (state.server === server && Array.isArray(state.done)) {
			return state;
		}
	} catch {}
	return {server, startedAt: new Date().toISOString(), done: []};
}

function writeState(file: string, state: State): void {
	fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	const aside = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(aside, JSON.stringify(state), {mode: 0o600});
	fs.renameSync(aside, file);
}

const builtIn: Record<string, ResourceType> = {
	secrets: {name: 'secrets', group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true},
	configmaps: {name: 'configmaps', group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true},
};

function apiVersionOf(type: ResourceType): string {
	return type.group ? `${type.group}/${type.version}` : type.version;
}

function collectionOf(type: ResourceType, namespace?: string): string {
	const prefix = type.group ? `/apis/${type.group}/${type.version}` : `/api/${type.version}`;
	return namespace && type.namespaced ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${type.resource}` : `${prefix}/${type.resource}`;
}

interface Crd {
	spec?: {group?: string; scope?: string; names?: {plural?: string; kind?: string}; versions?: Array<{name: string; served?: boolean; storage?: boolean}>};
}

/** Every custom resource type, at its storage version where that is served (else the first served one). */
async function customTypes(client: KubeClient): Promise<ResourceType[]> {
	const types: ResourceType[] = [];
	for await (const page of client.pages<Crd>('/apis/apiextensions.k8s.io/v1/customresourcedefinitions')) {
		for (const crd of page) {
			const {group, names, scope, versions = []} = crd.spec ?? {};
			const version = versions.find(item => item.storage && item.served) ?? versions.find(item => item.served);
			if (group && names?.plural && names.kind && version) {
				types.push({name: `${names.plural}.${group}`, group, version: version.name, resource: names.plural, kind: names.kind, namespaced: scope !== 'Cluster'});
			}
		}
	}
	return types;
}

interface DiscoveryList {
	resources?: Array<{name: string; kind: string; namespaced: boolean; verbs?: string[]}>;
}

/** A type by its name (`events`, `deployments.apps`, `widgets.example.com`), as discovery shows it; undefined when not served. */
async function discover(client: KubeClient, name: string): Promise<ResourceType | undefined> {
	const known = builtIn[name];
	if (known) {
		return known;
	}
	const dot = name.indexOf('.');
	const resource = dot < 0 ? name : name.slice(0, dot);
	const group = dot < 0 ? '' : name.slice(dot + 1);
	try {
		let version = 'v1';
		if (group) {
			const {body} = await client.request<{preferredVersion?: {version?: string}}>({path: `/apis/${group}`});
			version = body.preferredVersion?.version ?? '';
		}
		const {body} = await client.request<DiscoveryList>({path: group ? `/apis/${group}/${version}` : '/api/v1'});
		const found = (body.resources ?? []).find(item => item.name === resource);
		if (!found || !(found.verbs ?? []).includes('list') || !(found.verbs ?? []).includes('update')) {
			return undefined;
		}
		return {name, group, version, resource, kind: found.kind, namespaced: found.namespaced};
	} catch (error) {
		if (isKubeError(error, 'not-found')) {
			return undefined;
		}
		throw error;
	}
}

/** Resources /metrics shows going to (or coming from) storage through an encrypting provider, with the providers. */
export async function encryptedInMetrics(client: KubeClient): Promise<Array<{name: string; providers: string[]}>> {
	let text: string;
	try {
		text = (await client.request<string>({path: '/metrics', text: true})).body;
	} catch (error) {
		if (isKubeError(error)) {
			return [];
		}
		throw error;
	}
	const byResource = new Map<string, Set<string>>();
	for (const sample of parseMetrics(text, line => line.startsWith('apiserver_storage_transformation_operations_total{'))) {
		const resource = sample.labels['resource'];
		const prefix = sample.labels['transformer_prefix'] ?? '';
		if (resource && prefix.startsWith('k8s:enc:') && sample.value > 0) {
			const providers = byResource.get(resource) ?? new Set();
			providers.add(prefix.replace(/:$/, ''));
			byResource.set(resource, providers);
		}
	}
	return [...byResource].map(([name, providers]) => ({name, providers: [...providers].sort()})).sort((a, b) => a.name.localeCompare(b.name));
}

/** `--resources secrets,configmaps --resources widgets.example.com` as a list of names. */
export function resourceNames(values: string[] | undefined): string[] | undefined {
	if (values === undefined || values.length === 0) {
		return undefined;
	}
	const names = values.flatMap(value => value.split(',')).map(name => name.trim().toLowerCase()).filter(Boolean);
	for (const name of names) {
		if (!/^[a-z\d][a-z\d-]*(\.[a-z\d][a-z\d.-]*)?$/.test(name)) {
			throw new UserError(t('guide.reencrypt.badResource', {value: name}), 2);
		}
	}
	if (names.length === 0) {
		throw new UserError(t('guide.reencrypt.badResource', {value: values.join(',')}), 2);
	}
	return [...new Set(names)];
}

/**
 * The types to rewrite: those named (`--resources`), each looked up in discovery (one the API
 * server does not serve, or that cannot be listed and updated, is an error); else Secrets,
 * ConfigMaps, every custom resource and whatever /metrics shows stored encrypted.
 */
export async function chooseResources(client: KubeClient, requested: string[] | undefined): Promise<ResourceChoice> {
	const seen = await encryptedInMetrics(client);
	if (requested) {
		const types: ResourceType[] = [];
		for (const name of requested) {
			const type = await discover(client, name);
			if (!type) {
				throw new UserError(t('guide.reencrypt.unknownResource', {value: name}), 2);
			}
			types.push(type);
		}
		return {types, source: 'flag', seen};
	}
	const types = new Map<string, ResourceType>(Object.values(builtIn).map(type => [type.name, type]));
	let customError: string | undefined;
	try {
		for (const type of await customTypes(client)) {
			types.set(type.name, type);
		}
	} catch (error) {
		if (!isKubeError(error)) {
			throw error;
		}
		customError = error.message;
	}
	for (const {name} of seen) {
		if (!types.has(name)) {
			const type = await discover(client, name);
			if (type) {
				types.set(name, type);
			}
		}
	}
	return {types: [...types.values()], source: 'default', seen, customError};
}

/** What the rewrite will be made of, for the operator: the types and where the list came from. */
export function choiceText(choice: ResourceChoice): string {
	const names = choice.types.map(type => type.name).join(', ');
	const seen = choice.seen.length > 0 ? choice.seen.map(item => `${item.name} (${item.providers.join(', ')})`).join(', ') : t('guide.reencrypt.seenNone');
	const lines = [t(choice.source === 'flag' ? 'guide.reencrypt.typesFlag' : 'guide.reencrypt.typesDefault', {resources: names, seen})];
	if (choice.customError) {
		lines.push(t('guide.reencrypt.noCustom', {error: choice.customError}));
	}
	return lines.join(' ');
}

/** Missing permissions to list and replace each type in every namespace, in words; empty when none are missing. */
export async function reencryptPermissions(client: KubeClient, types: ResourceType[] = [builtIn['secrets']!]): Promise<string[]> {
	const wanted: Permission[] = types.flatMap(type => ['list', 'update'].map(verb => ({verb, group: type.group, resource: type.resource})));
	const missing = await missingPermissions(client, wanted);
	return missing.map(permissionText);
}

/** How many objects of each type there are now (metadata only, page by page). */
export async function countObjects(client: KubeClient, types: ResourceType[]): Promise<Array<{type: ResourceType; count: number}>> {
	const counts: Array<{type: ResourceType; count: number}> = [];
	for (const type of types) {
		let count = 0;
		for await (const page of client.pages<unknown>(collectionOf(type), {metadataOnly: true})) {
			count += page.length;
		}
		counts.push({type, count});
	}
	return counts;
}

export function countsText(counts: Array<{type: ResourceType; count: number}>): string {
	return counts.map(({type, count}) => `${type.name} ${count}`).join(', ');
}

/** Writes an object back as it was read (a replace, with its resourceVersion as the precondition). */
function rewrite(client: KubeClient, type: ResourceType, object: KubeObject, dryRun: boolean): Promise<unknown> {
	const path = `${collectionOf(type, object.metadata.namespace)}/${encodeURIComponent(object.metadata.name)}`;
	return client.request({method: 'PUT', path, query: {dryRun: dryRun ? 'All' : undefined, fieldManager}, body: {...object, apiVersion: apiVersionOf(type), kind: type.kind}});
}

function objectName(type: ResourceType, object: KubeObject): string {
	return `${type.name} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
}

export interface ReencryptOptions {
	/** Where progress is kept (default: next to the cluster's journal). */
	stateFile?: string;
	pageSize?: number;
	onProgress?: (progress: ReencryptProgress) => void;
	/** Stop after the current page (the next run resumes). */
	signal?: AbortSignal;
}

/**
 * Rewrites every object of the given types in place, type by type, page by page, a bounded
 * number at a time. The first write of each type in a run is a server-side dry-run, so a
 * refusal (permission, admission, validation) stops the run before anything of that type is
 * written.
 */
export async function reencrypt(client: KubeClient, types: ResourceType[], options: ReencryptOptions = {}): Promise<ReencryptProgress> {
	const file = options.stateFile ?? progressPath(client.server);
	const state = readState(file, client.server);
	const done = new Set(state.done);
	const progress: ReencryptProgress = {done: done.size, resumed: 0, raced: 0, failed: [], seen: 0, resource: undefined, byResource: {}, finished: false};
	for (const type of types) {
		progress.resource = type.name;
		progress.byResource[type.name] ??= 0;
		let checked = false;
		for await (const page of client.pages<KubeObject>(collectionOf(type), {limit: options.pageSize ?? 100})) {
			progress.seen += page.length;
			const todo = page.filter(object => {
				if (done.has(object.metadata.uid ?? '')) {
					progress.resumed++;
					return false;
				}
				return true;
			});
			if (!checked && todo.length > 0) {
				await rewrite(client, type, todo[0]!, true);
				checked = true;
			}
			await forEachLimited(todo, requestConcurrency, async object => {
				try {
					await rewrite(client, type, object, false);
				} catch (error) {
					if (isKubeError(error, 'conflict') || isKubeError(error, 'not-found')) {
						// Written (or deleted) by someone else since the list: stored through the new provider already.
						progress.raced++;
					} else if (isKubeError(error)) {
						progress.failed.push({object: objectName(type, object), error: error.message});
						return;
					} else {
						throw error;
					}
				}
				done.add(object.metadata.uid ?? objectName(type, object));
				progress.done++;
				progress.byResource[type.name]!++;
			});
			// Contents were only ever in memory; let them go with the page.
			page.length = 0;
			writeState(file, {...state, done: [...done]});
			options.onProgress?.({...progress, byResource: {...progress.byResource}});
			if (options.signal?.aborted) {
				return progress;
			}
		}
	}
	progress.resource = undefined;
	progress.finished = progress.failed.length === 0;
	if (progress.finished) {
		fs.rmSync(file, {force: true});
	}
	options.onProgress?.({...progress, byResource: {...progress.byResource}});
	return progress;
}

export function progressText(progress: ReencryptProgress): string {
	const params = {done: progress.done, seen: progress.seen, resumed: progress.resumed, raced: progress.raced, failed: progress.failed.length, resource: progress.resource ?? '', types: Object.entries(progress.byResource).map(([name, count]) => `${name} ${count}`).join(', ')};
	return t(progress.finished ? 'guide.reencrypt.finished' : 'guide.reencrypt.progress', params);
}

export function failureText(failure: {object: string; error: string}): string {
	return t('guide.reencrypt.failedOne', failure);
}

/**
 * Whether encryption-at-rest's verdict shows an encryption configuration loaded that is not
 * identity alone: seen encrypting, or not yet seen only because nothing was written since the
 * API server started.
 */
export function encryptionConfirmed(verdict: Verdict): boolean {
	return verdict.facts?.['encryptionLoaded'] === true;
}
