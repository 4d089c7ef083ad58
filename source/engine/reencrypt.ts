// Guide section 4.6, the step after encryption is switched on: what was stored before stays
// stored as it was until it is written again. This rewrites every Secret unchanged (a replace
// with the object as read), so the API server stores it through its first provider. The
// content does not change, so there is nothing to undo; the progress is kept in a file next to
// the journal so an interrupted run goes on where it stopped. No Secret value is kept anywhere.
import fs from 'node:fs';
import path from 'node:path';
import type {KubeClient} from '../kube/client.js';
import {isKubeError} from '../kube/errors.js';
import {listPath, objectPath, type KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import {missingPermissions, permissionFor, permissionText} from './access.js';
import {fieldManager} from './fix.js';
import {journalPath} from './journal.js';
import {forEachLimited, requestConcurrency} from './limit.js';
import type {Verdict} from './types.js';

export interface ReencryptProgress {
	/** Secrets rewritten (this run and earlier interrupted runs). */
	done: number;
	/** Secrets rewritten earlier, skipped this run. */
	resumed: number;
	/** Secrets that changed or vanished while being rewritten (their new version is stored encrypted anyway). */
	raced: number;
	failed: Array<{secret: string; error: string}>;
	/** Secrets listed so far (the total is known only at the end of a large list). */
	seen: number;
	finished: boolean;
}

interface State {
	server: string;
	startedAt: string;
	/** uids of Secrets rewritten: not names, never values. */
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

export interface ReencryptOptions {
	/** Where progress is kept (default: next to the cluster's journal). */
	stateFile?: string;
	pageSize?: number;
	onProgress?: (progress: ReencryptProgress) => void;
	/** Stop after the current page (the next run resumes). */
	signal?: AbortSignal;
}

/** Missing permissions to list and replace Secrets in every namespace, in words; empty when none are missing. */
export async function reencryptPermissions(client: KubeClient): Promise<string[]> {
	const missing = await missingPermissions(client, [
		permissionFor('list', {apiVersion: 'v1', kind: 'Secret', name: ''}),
		permissionFor('update', {apiVersion: 'v1', kind: 'Secret', name: ''}),
	]);
	return missing.map(permissionText);
}

/** Writes a Secret back as it was read (a replace, with its resourceVersion as the precondition). */
function rewrite(client: KubeClient, secret: KubeObject, dryRun: boolean): Promise<unknown> {
	const path = objectPath({apiVersion: 'v1', kind: 'Secret', namespace: secret.metadata.namespace, name: secret.metadata.name});
	return client.request({method: 'PUT', path, query: {dryRun: dryRun ? 'All' : undefined, fieldManager}, body: {...secret, apiVersion: 'v1', kind: 'Secret'}});
}

/**
 * Rewrites every Secret in place, page by page, a bounded number at a time. The first write
 * of a run is a server-side dry-run, so a refusal (permission, admission) stops it before
 * anything is written.
 */
export async function reencryptSecrets(client: KubeClient, options: ReencryptOptions = {}): Promise<ReencryptProgress> {
	const file = options.stateFile ?? progressPath(client.server);
	const state = readState(file, client.server);
	const done = new Set(state.done);
	const progress: ReencryptProgress = {done: done.size, resumed: 0, raced: 0, failed: [], seen: 0, finished: false};
	let checked = false;
	for await (const page of client.pages<KubeObject>(listPath('v1', 'Secret'), {limit: options.pageSize ?? 100})) {
		progress.seen += page.length;
		const todo = page.filter(secret => {
			if (done.has(secret.metadata.uid ?? '')) {
				progress.resumed++;
				return false;
			}
			return true;
		});
		if (!checked && todo.length > 0) {
			const [first] = todo;
			await rewrite(client, first!, true);
			checked = true;
		}
		await forEachLimited(todo, requestConcurrency, async secret => {
			const name = `${secret.metadata.namespace}/${secret.metadata.name}`;
			try {
				await rewrite(client, secret, false);
			} catch (error) {
				if (isKubeError(error, 'conflict') || isKubeError(error, 'not-found')) {
					// Written (or deleted) by someone else since the list: stored through the new provider already.
					progress.raced++;
				} else if (isKubeError(error)) {
					progress.failed.push({secret: name, error: error.message});
					return;
				} else {
					throw error;
				}
			}
			done.add(secret.metadata.uid ?? name);
			progress.done++;
		});
		// Values were only ever in memory; let them go with the page.
		page.length = 0;
		writeState(file, {...state, done: [...done]});
		options.onProgress?.({...progress});
		if (options.signal?.aborted) {
			return progress;
		}
	}
	progress.finished = progress.failed.length === 0;
	if (progress.finished) {
		fs.rmSync(file, {force: true});
	}
	options.onProgress?.({...progress});
	return progress;
}

export function progressText(progress: ReencryptProgress): string {
	return t(progress.finished ? 'reencrypt.finished' : 'reencrypt.progress', {done: progress.done, seen: progress.seen, resumed: progress.resumed, raced: progress.raced, failed: progress.failed.length});
}

/**
 * Whether encryption-at-rest's verdict shows an encryption configuration loaded that is not
 * identity alone: seen encrypting, or not yet seen only because nothing was written since the
 * API server started.
 */
export function encryptionConfirmed(verdict: Verdict): boolean {
	return verdict.facts?.['encryptionLoaded'] === true;
}
