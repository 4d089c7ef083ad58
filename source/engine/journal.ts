// The local record of every fix applied, one file per cluster in the user's state directory
// (mode 0600). It is a write-ahead log: each change (a fix's write, a rollback's or an undo's
// revert) is written down as intended before it is sent and as done after, so whatever stops
// the program, the next command can tell what landed and put it back. One process writes at a
// time (a lock across processes), and every write replaces the file atomically. Nothing from
// a Secret's values is ever written here (see redact.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {UserError} from '../kube/errors.js';
import type {KubeObject, ObjectRef} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import {stateDir} from '../paths.js';
import {lockStateFile, reasonOf, writeStateFile, type StateFileErrors} from './state-file.js';
import {redact, restoresWhole} from './redact.js';

/**
 * pending: about to be sent, or sent with no answer (it may have landed); done: the server
 * made it; not-applied: it did not land; reverting: its revert is being sent; rolled-back and
 * undone: put back (by the fix's own rollback, or by undo); lost: a deletion that cannot be put
 * back (a Secret's data is never recorded).
 */
export type ChangeState = 'pending' | 'done' | 'not-applied' | 'reverting' | 'rolled-back' | 'undone' | 'lost';

export interface JournalChange {
	action: 'create' | 'patch' | 'delete';
	ref: ObjectRef;
	state: ChangeState;
	/** create: the object made (uid, resourceVersion) so undo can tell whether it changed since. */
	uid?: string | undefined;
	resourceVersion?: string | undefined;
	/** patch: the fields the patch set, as they were before and as the fix left them. */
	patch?: Record<string, unknown> | undefined;
	before?: unknown;
	after?: unknown;
	/** delete: the object as it was (Secrets: metadata only, and restorable is false). */
	object?: KubeObject | undefined;
	restorable?: boolean | undefined;
}

/**
 * applying, rolling-back and undoing: a process is writing (its owner); the others are final
 * until an undo. interrupted: its process was stopped while writing, and the next command
 * checked against the cluster which of its changes had landed.
 */
export type EntryStatus = 'applying' | 'applied' | 'rolling-back' | 'rolled-back' | 'failed' | 'undoing' | 'undone' | 'partly-undone' | 'interrupted';

/** The process writing an entry right now. */
export interface Owner {
	pid: number;
	host: string;
}

export interface JournalEntry {
	id: number;
	checkId: string;
	createdAt: string;
	updatedAt: string;
	server: string;
	context: string | null;
	/** Who applied it, as the API server named them. */
	user: string;
	targets: string[];
	options: Record<string, string>;
	summary: string[];
	status: EntryStatus;
	error?: string | undefined;
	/** Set while a process writes this entry's changes; a dead owner means it was interrupted. */
	owner?: Owner | undefined;
	changes: JournalChange[];
}

const writingStatuses: EntryStatus[] = ['applying', 'rolling-back', 'undoing'];

/** Changes that may be in the cluster now: done, or sent with no known outcome. */
export function leftToRevert(entry: JournalEntry): JournalChange[] {
	return entry.changes.filter(change => change.state === 'done' || change.state === 'pending' || change.state === 'reverting');
}

export function isWriting(entry: JournalEntry): boolean {
	return writingStatuses.includes(entry.status);
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** An entry marked as being written whose process is gone (killed, crashed, power lost). */
export function isStale(entry: JournalEntry, now = Date.now()): boolean {
	if (!isWriting(entry)) {
		return false;
	}
	if (!entry.owner) {
		return true;
	}
	if (entry.owner.host === os.hostname()) {
		return entry.owner.pid !== process.pid && !alive(entry.owner.pid);
	}
	// Written from another machine sharing this state directory: trust it for an hour.
	return now - Date.parse(entry.updatedAt) > 3_600_000;
}

/** Entries the operator should look at: stopped halfway, failed, or with changes still in place after a rollback. */
export function needsAttention(entry: JournalEntry): boolean {
	return isStale(entry) || (!isWriting(entry) && entry.status !== 'applied' && leftToRevert(entry).length > 0);
}

export function owner(): Owner {
	return {pid: process.pid, host: os.hostname()};
}

/** A finding the operator chose to live with, and why. */
export interface AcceptedRisk {
	checkId: string;
	reason: string;
	user: string;
	at: string;
}

interface JournalFile {
	server: string;
	entries: JournalEntry[];
	accepted?: AcceptedRisk[];
}

export function journalPath(server: string, dir = path.join(stateDir(), 'journal')): string {
	const url = new URL(server);
	const readable = `${url.hostname}_${url.port || (url.protocol === 'http:' ? '80' : '443')}`.replaceAll(/[^\w.-]/g, '_');
	const hash = crypto.createHash('sha256').update(server).digest('hex').slice(0, 8);
	return path.join(dir, `${readable}-${hash}.json`);
}

export class Journal {
	readonly file: string;
	readonly server: string;

	constructor(server: string, file = journalPath(server)) {
		this.server = server;
		this.file = file;
	}

	private read(): JournalFile {
		let text: string;
		try {
			text = fs.readFileSync(this.file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				return {server: this.server, entries: []};
			}
			throw new UserError(t('journal.error.unreadable', {file: this.file, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message}));
		}
		let data: JournalFile;
		try {
			data = JSON.parse(text) as JournalFile;
		} catch (error) {
			throw new UserError(t('journal.error.corrupt', {file: this.file, reason: (error as Error).message}));
		}
		if (typeof data !== 'object' || data === null || !Array.isArray(data.entries)) {
			throw new UserError(t('journal.error.corrupt', {file: this.file, reason: 'it has no list of entries'}));
		}
		return data;
	}

	private write(data: JournalFile): void {
		writeStateFile(this.file, data, this.errors);
	}

	/**
	 * Reads, changes and writes the file while holding the lock, so two processes never lose
	 * each other's entries. Waits up to `waitMs` for another writer.
	 */
	private update<T>(change: (data: JournalFile) => T, waitMs = 15_000): T {
		try {
			fs.mkdirSync(path.dirname(this.file), {recursive: true, mode: 0o700});
		} catch (error) {
			throw this.errors.write(reasonOf(error));
		}
		const release = this.lock(waitMs);
		try {
			const data = this.read();
			const result = change(data);
			this.write(data);
			return result;
		} finally {
			release();
		}
	}

	private lock(waitMs: number): () => void {
		return lockStateFile(this.file, waitMs, this.errors);
	}

	/** How this file's troubles are said. */
	private get errors(): StateFileErrors {
		return {
			write: reason => new UserError(t('journal.error.write', {file: this.file, reason})),
			locked: () => new UserError(t('journal.error.locked', {file: this.file})),
		};
	}

	entries(): JournalEntry[] {
		return this.read().entries;
	}

	get(id: number): JournalEntry | undefined {
		return this.entries().find(entry => entry.id === id);
	}

	/**
	 * The newest entry with anything left in the cluster to revert (applied, failed, interrupted,
	 * partly undone), unless another process is writing it right now.
	 */
	latestUndoable(): JournalEntry | undefined {
		return this.entries().filter(entry => leftToRevert(entry).length > 0 && (!isWriting(entry) || isStale(entry))).at(-1);
	}

	/** Entries whose process was stopped while writing them. */
	stale(): JournalEntry[] {
		return this.entries().filter(entry => isStale(entry));
	}

	accepted(): AcceptedRisk[] {
		return this.read().accepted ?? [];
	}

	/** Records (or replaces) the accepted risk of a check. */
	accept(risk: AcceptedRisk): void {
		this.update(data => {
			data.accepted = [...(data.accepted ?? []).filter(item => item.checkId !== risk.checkId), risk];
		});
	}

	begin(fields: Omit<JournalEntry, 'id' | 'createdAt' | 'updatedAt' | 'status' | 'changes' | 'owner'>): JournalEntry {
		return this.update(data => {
			const now = new Date().toISOString();
			const last = data.entries.reduce((most, entry) => Math.max(most, entry.id), 0);
			const entry: JournalEntry = {...fields, id: last + 1, createdAt: now, updatedAt: now, status: 'applying', owner: owner(), changes: []};
			data.entries.push(structuredClone(entry));
			return entry;
		});
	}

	save(entry: JournalEntry): void {
		entry.updatedAt = new Date().toISOString();
		const copy = structuredClone(entry);
		this.update(data => {
			const index = data.entries.findIndex(existing => existing.id === entry.id);
			if (index === -1) {
				data.entries.push(copy);
			} else {
				data.entries[index] = copy;
			}
		});
	}
}

/** An object as it can be written back (redacted: a Secret keeps its metadata only), and whether that restores it whole. */
export function restorableCopy(object: KubeObject): {object: KubeObject; restorable: boolean} {
	const copy = redact(object);
	// A service-account token Secret can still be recreated from its metadata: the token
	// controller fills it in again (with the same token: see fix.ts UndoLimit). Other Secrets cannot.
	return {object: copy, restorable: restoresWhole(object) || copy['type'] === 'kubernetes.io/service-account-token'};
}
