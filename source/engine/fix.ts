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
import {UserError} from '../kube/errors.js';
import {isStale, isWriting, leftToRevert, owner, restorableCopy, type ChangeState, type Journal, type JournalChange, type JournalEntry} from './journal.js';
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

/** What undo cannot give back whole: a deleted Secret's data is never recorded. */
export interface UndoLimit {
	object: string;
	/**
	 * same-token: recreated without its data, then the token controller fills in the very same
	 * token (a legacy token holds no issue time or id), so the deleted token works again;
	 * lost: cannot be recreated.
	 */
	what: 'same-token' | 'lost';
}

export interface Preview {
	checkId: string;
	verdict: Verdict;
	plan: FixPlan;
	/** Deletions undo cannot fully restore (empty: undo restores everything). */
	undoLimits: UndoLimit[];
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
 * What a created object holds that its creator chose, whole: every top-level field but
 * apiVersion, kind, metadata and status, and its labels and annotations. Comparing this before
 * and after tells a change by someone from a controller updating the status.
 */
export function chosenContent(object: KubeObject): Record<string, unknown> {
	const {apiVersion: _a, kind: _k, metadata, status: _s, ...content} = object;
	return {...content, labels: metadata.labels ?? null, annotations: metadata.annotations ?? null};
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
	// A target that is neither a finding nor anything the plan acts on (a typo, an object that
	// is already fine) would make a plan of nothing and read as success while the check fails.
	const findings = verdict.fixTargets ?? [];
	const touched = (name: string) => plan.changes.some(change => {
		const ref = changeRef(change);
		return name === (ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name) || name === ref.name || name === ref.namespace;
	});
	const strangers = (options.targets ?? []).filter(name => !findings.includes(name) && !touched(name));
	if (strangers.length > 0 && findings.length > 0) {
		throw new UserError(t('fix.error.notTargets', {check: check.id, targets: strangers.join(', '), valid: findings.join(', ')}), 2);
	}
	return {verdict, plan};
}

export class KubeFixError extends Error {}

/** The operator asked to stop (a signal, or quitting the walk): no write starts after this. */
export class Interrupted extends Error {
	readonly by: string;

	constructor(by: string) {
		super(t('fix.error.interrupted', {by}));
		this.by = by;
	}
}

/** How a caller steers a fix or an undo that is writing. */
export interface WriteControl {
	/** Once aborted, no further write starts; a fix then rolls back what it wrote. Its reason names who asked. */
	signal?: AbortSignal | undefined;
	/** Called with the journal entry as soon as it exists, and after each step. */
	onStep?: ((entry: JournalEntry) => void) | undefined;
}

function stopIfAsked(control: WriteControl): void {
	if (control.signal?.aborted) {
		throw new Interrupted(String(control.signal.reason ?? 'request'));
	}
}

function reason(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Deletions among the planned changes that undo cannot give back whole (read now: only the Secret's type is kept). */
async function undoLimits(client: KubeClient, plan: FixPlan): Promise<UndoLimit[]> {
	const out: UndoLimit[] = [];
	for (const change of plan.changes) {
		if (change.action !== 'delete' || change.ref.kind !== 'Secret') {
			continue;
		}
		const type = (await readObject(client, change.ref).catch(() => undefined))?.['type'];
		out.push({object: refText(change.ref), what: type === 'kubernetes.io/service-account-token' ? 'same-token' : 'lost'});
	}
	return out;
}

export async function preview(check: Check, context: CheckContext, options: FixOptions): Promise<Preview> {
	const {verdict, plan} = await planFor(check, context, options);
	plan.options ??= options.options ?? {};
	if (plan.changes.length === 0) {
		return {checkId: check.id, verdict, plan, undoLimits: [], missing: [], dryRun: [], ok: false};
	}
	const limits = await undoLimits(context.client, plan);
	const missing = await missingPermissions(context.client, permissionsFor(plan));
	if (missing.length > 0) {
		return {checkId: check.id, verdict, plan, undoLimits: limits, missing, dryRun: [], ok: false};
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
	return {checkId: check.id, verdict, plan, undoLimits: limits, missing, dryRun, ok: dryRun.every(result => result.ok)};
}

export interface ApplyResult {
	ok: boolean;
	entry: JournalEntry;
	/** What went wrong, when ok is false. */
	error?: string | undefined;
	/** Set when the operator stopped the fix (the signal's or key's name). */
	interrupted?: string | undefined;
	/** Writes undone because a later one failed or the operator stopped the fix. */
	rolledBack: string[];
	/** Writes that could not be undone in the rollback (undo can finish them later). */
	rollbackFailures: string[];
	/** Problems writing the journal itself (the cluster was still put back where possible). */
	journalFailures: string[];
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

/** A journal writer that never throws: what it could not write is collected for the operator. */
function recorder(journal: Journal, control: WriteControl): {save: (entry: JournalEntry) => void; failures: string[]} {
	const failures: string[] = [];
	return {
		failures,
		save(entry) {
			try {
				journal.save(entry);
			} catch (error) {
				if (!failures.includes(reason(error))) {
					failures.push(reason(error));
				}
			}
			control.onStep?.(entry);
		},
	};
}

/** True when the server answered and so certainly stored nothing (a broken connection or a gateway timeout may have). */
function certainlyNotStored(error: unknown): boolean {
	return isKubeError(error) && error.status !== undefined && error.status !== 504 && error.status < 500;
}

/**
 * Applies a previewed plan. Each change is journaled as intended before it is written and as
 * done after. Whatever stops it after the first write (an API error of any kind, a broken
 * connection, a time-out, a journal that cannot be written, an object that changed since the
 * plan, or the operator through `control.signal`) rolls back what was written.
 */
export async function apply(check: Check, context: CheckContext, previewed: Preview, journal: Journal, options: FixOptions = {}, control: WriteControl = {}): Promise<ApplyResult> {
	if (!previewed.ok) {
		throw new KubeFixError(t('fix.error.notReady'));
	}
	stopIfAsked(control);
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
	control.onStep?.(entry);
	let failure: unknown;
	try {
		for (const change of previewed.plan.changes) {
			stopIfAsked(control);
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
					if (ref.kind === 'Secret' && Object.keys(change.patch).some(key => key !== 'metadata')) {
						throw new KubeFixError(t('fix.error.secretPatch', {object: refText(ref)}));
					}
					record.patch = change.patch;
					record.before = project(existing, change.patch);
				} else {
					const copy = restorableCopy(existing);
					record.object = copy.object;
					record.restorable = copy.restorable;
				}
				record.uid = existing.metadata.uid;
			}
			// The read above may have waited on a slow server: look again before writing.
			stopIfAsked(control);
			entry.changes.push(record);
			// Write-ahead: if this cannot be recorded, nothing is sent.
			journal.save(entry);
			control.onStep?.(entry);
			let object: KubeObject | undefined;
			try {
				({object} = await write(client, change, false));
			} catch (error) {
				if (certainlyNotStored(error)) {
					record.state = 'not-applied';
				}
				throw error;
			}
			record.state = 'done';
			if (object) {
				record.uid = object.metadata.uid;
				record.resourceVersion = object.metadata.resourceVersion;
				if (change.action === 'patch') {
					record.after = project(object, change.patch);
				} else if (change.action === 'create' && object.kind !== 'Secret') {
					// What the fix made, as the server stored it (drift compares this, not the version).
					record.after = chosenContent(object);
				}
			}
			journal.save(entry);
			control.onStep?.(entry);
		}
		// Stopped after the last write but before the fix was reported applied: it is rolled back too.
		stopIfAsked(control);
	} catch (error) {
		failure = error;
	}
	if (failure !== undefined) {
		const interrupted = failure instanceof Interrupted ? failure.by : undefined;
		const rollback = await rollBack(client, journal, entry, reason(failure), control);
		return {ok: false, entry, error: reason(failure), interrupted, rolledBack: rollback.reverted, rollbackFailures: rollback.failures, journalFailures: rollback.journalFailures, resolved: [], remaining: []};
	}
	entry.status = 'applied';
	entry.owner = undefined;
	journal.save(entry);
	control.onStep?.(entry);
	const verdict = await check.probe(freshContext(context));
	const addressed = options.targets && options.targets.length > 0 ? options.targets : previewed.verdict.fixTargets ?? [];
	const still = new Set(verdict.fixTargets ?? []);
	return {
		ok: true,
		entry,
		rolledBack: [],
		rollbackFailures: [],
		journalFailures: [],
		verdict,
		resolved: addressed.filter(name => !still.has(name)),
		remaining: addressed.filter(name => still.has(name)),
	};
}

/** Puts back what a stopped fix wrote. The rollback itself is not interrupted by the operator. */
async function rollBack(client: KubeClient, journal: Journal, entry: JournalEntry, why: string, control: WriteControl): Promise<{reverted: string[]; failures: string[]; journalFailures: string[]}> {
	const record = recorder(journal, control);
	entry.status = 'rolling-back';
	entry.error = why;
	record.save(entry);
	const {reverted, failures} = await revert(client, entry, 'rolled-back', record.save, undefined);
	entry.status = leftToRevert(entry).length > 0 ? 'failed' : 'rolled-back';
	entry.owner = undefined;
	record.save(entry);
	return {reverted, failures, journalFailures: record.failures};
}

/**
 * Finds out from the cluster whether a change whose outcome is not known landed: a write sent
 * with no answer (pending), or a revert sent with no answer (reverting). Returns the state the
 * change is really in. Throws when the cluster cannot be read.
 */
export async function settleChange(client: KubeClient, change: JournalChange, revertedAs: ChangeState = 'undone'): Promise<ChangeState> {
	const now = await readObject(client, change.ref);
	const ours = now !== undefined && (change.uid === undefined || now.metadata.uid === change.uid);
	if (change.state === 'pending') {
		if (change.action === 'create') {
			// It did not exist when the fix began; if it exists now with our field manager, it is ours.
			const managed = (now?.metadata.managedFields as Array<{manager?: string}> | undefined)?.some(field => field.manager === fieldManager);
			if (now && managed) {
				change.uid = now.metadata.uid;
				change.resourceVersion = now.metadata.resourceVersion;
				return 'done';
			}
			return 'not-applied';
		}
		if (change.action === 'patch') {
			if (now && isDeepStrictEqual(project(now, change.patch ?? {}), change.patch)) {
				change.after = project(now, change.patch ?? {});
				return 'done';
			}
			return 'not-applied';
		}
		return ours ? 'not-applied' : 'done';
	}
	if (change.state === 'reverting') {
		if (change.action === 'create') {
			return ours ? 'done' : revertedAs;
		}
		if (change.action === 'patch') {
			return now && isDeepStrictEqual(project(now, change.patch ?? {}), change.before) ? revertedAs : 'done';
		}
		return now ? revertedAs : 'done';
	}
	return change.state;
}

/**
 * Reverts, newest first, every change that may be in the cluster. Each revert is recorded as
 * intended before it is sent and as done after. A change whose outcome was not known is first
 * looked up in the cluster. Failures are collected, not thrown. With `signal`, stops before the
 * next revert once it is aborted.
 */
async function revert(client: KubeClient, entry: JournalEntry, state: 'rolled-back' | 'undone', save: (entry: JournalEntry) => void, signal: AbortSignal | undefined): Promise<{reverted: string[]; failures: string[]; interrupted?: string}> {
	const reverted: string[] = [];
	const failures: string[] = [];
	for (const change of [...leftToRevert(entry)].reverse()) {
		if (signal?.aborted) {
			return {reverted, failures, interrupted: String(signal.reason ?? 'request')};
		}
		const text = refText(change.ref);
		try {
			if (change.state !== 'done') {
				change.state = await settleChange(client, change, state);
				save(entry);
				if (change.state !== 'done') {
					continue;
				}
			}
			if (change.action === 'delete' && (!change.restorable || !change.object)) {
				// Said in the preview: a deleted Secret other than a service-account token cannot come back.
				change.state = 'lost';
				save(entry);
				throw new KubeFixError(t('fix.error.notRestorable', {object: text}));
			}
			change.state = 'reverting';
			save(entry);
			try {
				await undoOne(client, change);
			} catch (error) {
				if (certainlyNotStored(error) || error instanceof KubeFixError) {
					change.state = 'done';
				}
				throw error;
			}
			change.state = state;
			save(entry);
			reverted.push(text);
		} catch (error) {
			failures.push(`${text}: ${reason(error)}`);
		}
	}
	return {reverted, failures};
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
			} else if (change.after !== undefined
				? !isDeepStrictEqual(chosenContent(now), change.after)
				: now.metadata.resourceVersion !== change.resourceVersion) {
				// What the fix wrote, compared field by field: a controller updating the object's
				// status (a ResourceQuota's usage) is not someone changing it.
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
	journalFailures: string[];
	/** Set when the operator stopped the undo before it finished. */
	interrupted?: string | undefined;
}

/**
 * Puts back what a fix left in the cluster: an applied fix, or what a failed, interrupted or
 * partly undone one still has there. If anything changed since the fix, nothing is touched
 * unless `force` is set.
 */
export async function undo(client: KubeClient, journal: Journal, entry: JournalEntry, force = false, control: WriteControl = {}): Promise<UndoResult> {
	if (isWriting(entry) && !isStale(entry)) {
		throw new UserError(t('undo.error.busy', {entry: entry.id, pid: entry.owner?.pid ?? '?'}));
	}
	if (isStale(entry)) {
		await settleInterrupted(client, journal, entry);
	}
	const moved = await drift(client, entry);
	if (moved.length > 0 && !force) {
		return {ok: false, entry, drift: moved, undone: [], failures: [], journalFailures: []};
	}
	const record = recorder(journal, control);
	entry.status = 'undoing';
	entry.owner = owner();
	record.save(entry);
	const {reverted, failures, interrupted} = await revert(client, entry, 'undone', record.save, control.signal);
	const left = leftToRevert(entry).length;
	entry.status = left > 0 || entry.changes.some(change => change.state === 'lost') ? 'partly-undone' : 'undone';
	entry.owner = undefined;
	record.save(entry);
	return {ok: failures.length === 0 && left === 0, entry, drift: moved, undone: reverted, failures, journalFailures: record.failures, interrupted};
}

/**
 * An entry whose process was stopped while writing it: looks up in the cluster which of its
 * changes are really there (those it had not finished, and those a rollback may have reverted
 * without being able to record it), and marks it interrupted. Changes that cannot be looked up now
 * (the API server is down) keep their unknown state; undo looks again.
 */
export async function settleInterrupted(client: KubeClient, journal: Journal, entry: JournalEntry): Promise<{landed: number; unknown: number}> {
	let unknown = 0;
	const revertedAs = entry.status === 'undoing' ? 'undone' : 'rolled-back';
	for (const change of entry.changes) {
		if (change.state === 'pending' || change.state === 'reverting' || change.state === 'done') {
			// A change recorded as done may since have been reverted by a rollback that could not be recorded.
			const asked = change.state === 'done' ? {...change, state: 'reverting' as const} : change;
			try {
				change.state = await settleChange(client, asked, revertedAs);
			} catch {
				if (change.state !== 'done') {
					unknown++;
				}
			}
		}
	}
	entry.status = 'interrupted';
	entry.error ??= t('journal.interruptedWhy');
	entry.owner = undefined;
	journal.save(entry);
	return {landed: leftToRevert(entry).length - unknown, unknown};
}

/** Settles every entry left half-written by a process that is gone; returns them. */
export async function recoverInterrupted(client: KubeClient, journal: Journal): Promise<Array<{entry: JournalEntry; landed: number; unknown: number}>> {
	const out: Array<{entry: JournalEntry; landed: number; unknown: number}> = [];
	for (const entry of journal.stale()) {
		out.push({entry, ...await settleInterrupted(client, journal, entry)});
	}
	return out;
}
