// The fix pipeline. Every fix goes through the same steps, in this order, and no check can skip
// one: plan (exact objects), permission (SelfSubjectAccessReview per write), server-side
// dry-run (validation, admission and Warning headers), apply on request (own field manager,
// refused if an object changed since it was planned), journal before each write, roll back
// what was written if a later write fails, and re-probe to show the new verdict.
import {isDeepStrictEqual} from 'node:util';
import type {KubeClient} from '../kube/client.js';
import {isKubeError, KubeError} from '../kube/errors.js';
import {collectionPath, objectPath, refOf, refText, type KubeObject, type ObjectRef} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import {missingPermissions, permissionFor, type Permission} from './access.js';
import {restorableCopy, type Journal, type JournalChange, type JournalEntry} from './journal.js';
import {Snapshot} from './snapshot.js';
import type {Change, Check, CheckContext, FixOptions, FixPlan, Verdict} from './types.js';

export const fieldManager = 'kubectl-harden';

export function changeRef(change: Change): ObjectRef {
	return change.action === 'create' ? refOf(change.object) : change.ref;
}

export function permissionsFor(plan: FixPlan): Permission[] {
	return plan.changes.map(change => permissionFor(change.action, changeRef(change)));
}

export interface DryRunResult {
	change: Change;
	ok: boolean;
	/** The API server's Warning headers for this write. */
	warnings: string[];
	error?: string | undefined;
}

export interface Preview {
	checkId: string;
	verdict: Verdict;
	plan: FixPlan;
	/** Writes the identity may not make; when any, nothing was dry-run. */
	missing: Permission[];
	dryRun: DryRunResult[];
	/** True when there is something to change, it is allowed, and every dry-run passed. */
	ok: boolean;
}

/** A context for a new probe: same client and identity, a fresh snapshot. */
export function freshContext(context: CheckContext): CheckContext {
	return {...context, snapshot: new Snapshot(context.client, context.namespace)};
}

/** Sends one write; `dryRun` asks the server to run validation and admission and store nothing. */
export async function write(client: KubeClient, change: Change, dryRun: boolean): Promise<{object: KubeObject | undefined; warnings: string[]}> {
	const query = {dryRun: dryRun ? 'All' : undefined};
	if (change.action === 'create') {
		const {body, warnings} = await client.request<KubeObject>({
			method: 'POST',
			path: collectionPath(change.object.apiVersion, change.object.kind, change.object.metadata.namespace),
			query: {...query, fieldManager},
			body: change.object,
		});
		return {object: body, warnings};
	}
	if (change.action === 'patch') {
		const patch = withResourceVersion(change.patch, change.resourceVersion);
		const {body, warnings} = await client.request<KubeObject>({
			method: 'PATCH',
			path: objectPath(change.ref),
			query: {...query, fieldManager},
			body: patch,
			contentType: 'application/merge-patch+json',
		});
		return {object: body, warnings};
	}
	const {warnings} = await client.request({
		method: 'DELETE',
		path: objectPath(change.ref),
		query,
		// With a body, the API server reads DeleteOptions from it alone: dryRun must be in it too.
		body: {apiVersion: 'v1', kind: 'DeleteOptions', dryRun: dryRun ? ['All'] : undefined, preconditions: change.resourceVersion ? {resourceVersion: change.resourceVersion} : undefined},
	});
	return {object: undefined, warnings};
}

function withResourceVersion(patch: Record<string, unknown>, resourceVersion: string | undefined): Record<string, unknown> {
	if (!resourceVersion) {
		return patch;
	}
	const metadata = (patch['metadata'] ?? {}) as Record<string, unknown>;
	return {...patch, metadata: {...metadata, resourceVersion}};
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The parts of `object` a merge patch touches, as a merge patch itself: applying the projection
 * of the old object puts back exactly what the patch changed (null removes what was absent).
 */
export function project(object: unknown, patch: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const source = isPlainObject(object) ? object : {};
	for (const [key, value] of Object.entries(patch)) {
		const current = source[key];
		out[key] = isPlainObject(value) && isPlainObject(current) ? project(current, value) : current ?? null;
	}
	return out;
}

export async function planFor(check: Check, context: CheckContext, options: FixOptions): Promise<{verdict: Verdict; plan: FixPlan}> {
	if (!check.planFix) {
		throw new KubeFixError(t('fix.error.noFix', {check: check.id}));
	}
	const verdict = await check.probe(context);
	const plan = await check.planFix(context, verdict, options);
	return {verdict, plan};
}

export class KubeFixError extends Error {}

export async function preview(check: Check, context: CheckContext, options: FixOptions): Promise<Preview> {
	const {verdict, plan} = await planFor(check, context, options);
	if (plan.changes.length === 0) {
		return {checkId: check.id, verdict, plan, missing: [], dryRun: [], ok: false};
	}
	const missing = await missingPermissions(context.client, permissionsFor(plan));
	if (missing.length > 0) {
		return {checkId: check.id, verdict, plan, missing, dryRun: [], ok: false};
	}
	const dryRun: DryRunResult[] = [];
	for (const change of plan.changes) {
		try {
			const {warnings} = await write(context.client, change, true);
			dryRun.push({change, ok: true, warnings});
		} catch (error) {
			if (!isKubeError(error)) {
				throw error;
			}
			dryRun.push({change, ok: false, warnings: [], error: error.message});
		}
	}
	return {checkId: check.id, verdict, plan, missing, dryRun, ok: dryRun.every(result => result.ok)};
}

export interface ApplyResult {
	ok: boolean;
	entry: JournalEntry;
	/** What went wrong, when ok is false. */
	error?: string | undefined;
	/** Writes undone because a later one failed. */
	rolledBack: string[];
	/** Writes that could not be undone in the rollback (the operator must look). */
	rollbackFailures: string[];
	/** The verdict of a fresh probe after the fix. */
	verdict?: Verdict | undefined;
	/** The findings this fix addressed that the fresh probe no longer reports, and those it still does. */
	resolved: string[];
	remaining: string[];
}

/** The object as it is now, or undefined when it does not exist. */
export async function readObject(client: KubeClient, ref: ObjectRef): Promise<KubeObject | undefined> {
	try {
		return await client.get<KubeObject>(objectPath(ref));
	} catch (error) {
		if (isKubeError(error, 'not-found')) {
			return undefined;
		}
		throw error;
	}
}

/**
 * Applies a previewed plan. Each change is journaled before it is written; an object that
 * changed since the plan stops the fix, and whatever was already written is rolled back.
 */
export async function apply(check: Check, context: CheckContext, previewed: Preview, journal: Journal, options: FixOptions = {}): Promise<ApplyResult> {
	if (!previewed.ok) {
		throw new KubeFixError(t('fix.error.notReady'));
	}
	const {client} = context;
	const entry = journal.begin({
		checkId: check.id,
		server: client.server,
		context: client.target.contextName ?? null,
		user: context.identity.username,
		targets: options.targets ?? [],
		options: options.options ?? {},
		summary: previewed.plan.changes.map(change => change.summary),
	});
	const done: JournalChange[] = [];
	try {
		for (const change of previewed.plan.changes) {
			const ref = changeRef(change);
			const existing = await readObject(client, ref);
			const record: JournalChange = {action: change.action, ref, state: 'pending'};
			if (change.action === 'create') {
				if (existing) {
					throw new KubeFixError(t('fix.error.appeared', {object: refText(ref)}));
				}
			} else {
				if (!existing) {
					throw new KubeFixError(t('fix.error.vanished', {object: refText(ref)}));
				}
				if (change.resourceVersion && existing.metadata.resourceVersion !== change.resourceVersion) {
					throw new KubeFixError(t('fix.error.changedSincePlan', {object: refText(ref)}));
				}
				if (change.action === 'patch') {
					record.patch = change.patch;
					record.before = project(existing, change.patch);
				} else {
					const copy = restorableCopy(existing);
					record.object = copy.object;
					record.restorable = copy.restorable;
				}
				record.uid = existing.metadata.uid;
			}
			entry.changes.push(record);
			journal.save(entry);
			const {object} = await write(client, change, false);
			record.state = 'done';
			if (object) {
				record.uid = object.metadata.uid;
				record.resourceVersion = object.metadata.resourceVersion;
				if (change.action === 'patch') {
					record.after = project(object, change.patch);
				}
			}
			done.push(record);
			journal.save(entry);
		}
	} catch (error) {
		if (!(error instanceof KubeError) && !(error instanceof KubeFixError)) {
			throw error;
		}
		const rollback = await reverse(client, done, 'rolled-back');
		for (const change of entry.changes) {
			if (change.state === 'pending') {
				change.state = 'rolled-back';
			}
		}
		entry.status = rollback.failures.length > 0 ? 'failed' : 'rolled-back';
		entry.error = error.message;
		journal.save(entry);
		return {ok: false, entry, error: error.message, rolledBack: rollback.undone, rollbackFailures: rollback.failures, resolved: [], remaining: []};
	}
	entry.status = 'applied';
	journal.save(entry);
	const verdict = await check.probe(freshContext(context));
	const addressed = options.targets && options.targets.length > 0 ? options.targets : previewed.verdict.fixTargets ?? [];
	const still = new Set(verdict.fixTargets ?? []);
	return {
		ok: true,
		entry,
		rolledBack: [],
		rollbackFailures: [],
		verdict,
		resolved: addressed.filter(name => !still.has(name)),
		remaining: addressed.filter(name => still.has(name)),
	};
}

/** Reverts journaled changes, newest first, marking each one reverted; failures are collected, not thrown. */
async function reverse(client: KubeClient, changes: JournalChange[], state: 'rolled-back' | 'undone'): Promise<{undone: string[]; failures: string[]}> {
	const undone: string[] = [];
	const failures: string[] = [];
	for (const change of [...changes].reverse()) {
		const text = refText(change.ref);
		try {
			await undoOne(client, change);
			change.state = state;
			undone.push(text);
		} catch (error) {
			if (!(error instanceof KubeError) && !(error instanceof KubeFixError)) {
				throw error;
			}
			failures.push(`${text}: ${error.message}`);
		}
	}
	return {undone, failures};
}

async function undoOne(client: KubeClient, change: JournalChange): Promise<void> {
	if (change.action === 'create') {
		try {
			await client.request({
				method: 'DELETE',
				path: objectPath(change.ref),
				body: {apiVersion: 'v1', kind: 'DeleteOptions', preconditions: change.uid ? {uid: change.uid} : undefined},
			});
		} catch (error) {
			if (!isKubeError(error, 'not-found')) {
				throw error;
			}
		}
		return;
	}
	if (change.action === 'patch') {
		const existing = await readObject(client, change.ref);
		if (!existing) {
			throw new KubeFixError(t('fix.error.vanished', {object: refText(change.ref)}));
		}
		await client.request({
			method: 'PATCH',
			path: objectPath(change.ref),
			query: {fieldManager},
			body: withResourceVersion(change.before as Record<string, unknown>, existing.metadata.resourceVersion),
			contentType: 'application/merge-patch+json',
		});
		return;
	}
	if (!change.restorable || !change.object) {
		throw new KubeFixError(t('fix.error.notRestorable', {object: refText(change.ref)}));
	}
	await client.request({
		method: 'POST',
		path: collectionPath(change.ref.apiVersion, change.ref.kind, change.ref.namespace),
		query: {fieldManager},
		body: change.object,
	});
}

export interface Drift {
	object: string;
	why: string;
}

/** How each change of an entry compares with the cluster now; empty when nothing moved. */
export async function drift(client: KubeClient, entry: JournalEntry): Promise<Drift[]> {
	const out: Drift[] = [];
	for (const change of entry.changes.filter(change => change.state === 'done')) {
		const object = refText(change.ref);
		const now = await readObject(client, change.ref);
		if (change.action === 'create') {
			if (!now) {
				out.push({object, why: t('undo.drift.gone')});
			} else if (now.metadata.uid !== change.uid) {
				out.push({object, why: t('undo.drift.replaced')});
			} else if (now.metadata.resourceVersion !== change.resourceVersion) {
				out.push({object, why: t('undo.drift.modified')});
			}
		} else if (change.action === 'patch') {
			if (!now) {
				out.push({object, why: t('undo.drift.gone')});
			} else if (!isDeepStrictEqual(project(now, change.patch ?? {}), change.after)) {
				out.push({object, why: t('undo.drift.fieldsChanged')});
			}
		} else if (now) {
			out.push({object, why: t('undo.drift.recreated')});
		}
	}
	return out;
}

export interface UndoResult {
	ok: boolean;
	entry: JournalEntry;
	/** Why undo stopped before changing anything. */
	drift: Drift[];
	undone: string[];
	failures: string[];
}

/**
 * Puts back what an applied fix changed. If anything changed since the fix, nothing is
 * touched unless `force` is set.
 */
export async function undo(client: KubeClient, journal: Journal, entry: JournalEntry, force = false): Promise<UndoResult> {
	const moved = await drift(client, entry);
	if (moved.length > 0 && !force) {
		return {ok: false, entry, drift: moved, undone: [], failures: []};
	}
	const {undone, failures} = await reverse(client, entry.changes.filter(change => change.state === 'done'), 'undone');
	entry.status = failures.length > 0 ? 'partly-undone' : 'undone';
	journal.save(entry);
	return {ok: failures.length === 0, entry, drift: moved, undone, failures};
}
