// The local record of every fix applied, one file per cluster in the user's state directory
// (mode 0600). Each change is written down before it is made, so a fix can always be undone
// or, when it stopped halfway, rolled back. Secret data is never written here.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type {KubeObject, ObjectRef} from '../kube/objects.js';
import {stateDir} from '../paths.js';

export type ChangeState = 'pending' | 'done' | 'rolled-back' | 'undone';

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

export type EntryStatus = 'applying' | 'applied' | 'rolled-back' | 'failed' | 'undone' | 'partly-undone';

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
	changes: JournalChange[];
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
		try {
			return JSON.parse(fs.readFileSync(this.file, 'utf8')) as JournalFile;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				return {server: this.server, entries: []};
			}
			throw error;
		}
	}

	private write(data: JournalFile): void {
		fs.mkdirSync(path.dirname(this.file), {recursive: true, mode: 0o700});
		const temporary = `${this.file}.${process.pid}.tmp`;
		fs.writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`, {mode: 0o600});
		fs.chmodSync(temporary, 0o600);
		fs.renameSync(temporary, this.file);
	}

	entries(): JournalEntry[] {
		return this.read().entries;
	}

	get(id: number): JournalEntry | undefined {
		return this.entries().find(entry => entry.id === id);
	}

	/** The newest entry that is applied and not yet undone. */
	latestUndoable(): JournalEntry | undefined {
		return this.entries().filter(entry => entry.status === 'applied' || entry.status === 'partly-undone').at(-1);
	}

	accepted(): AcceptedRisk[] {
		return this.read().accepted ?? [];
	}

	/** Records (or replaces) the accepted risk of a check. */
	accept(risk: AcceptedRisk): void {
		const data = this.read();
		data.accepted = [...(data.accepted ?? []).filter(item => item.checkId !== risk.checkId), risk];
		this.write(data);
	}

	begin(fields: Omit<JournalEntry, 'id' | 'createdAt' | 'updatedAt' | 'status' | 'changes'>): JournalEntry {
		const data = this.read();
		const now = new Date().toISOString();
		const entry: JournalEntry = {...fields, id: (data.entries.at(-1)?.id ?? 0) + 1, createdAt: now, updatedAt: now, status: 'applying', changes: []};
		data.entries.push(entry);
		this.write(data);
		return entry;
	}

	save(entry: JournalEntry): void {
		const data = this.read();
		entry.updatedAt = new Date().toISOString();
		const index = data.entries.findIndex(existing => existing.id === entry.id);
		if (index === -1) {
			data.entries.push(entry);
		} else {
			data.entries[index] = entry;
		}
		this.write(data);
	}
}

const volatileMetadata = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/** An object as it can be written back: no server-owned metadata, and never Secret data. */
export function restorableCopy(object: KubeObject): {object: KubeObject; restorable: boolean} {
	const metadata = Object.fromEntries(Object.entries(object.metadata).filter(([key]) => !volatileMetadata.includes(key))) as KubeObject['metadata'];
	if (object.kind === 'Secret') {
		// Never the data. A service-account token Secret can still be recreated from its metadata:
		// the token controller issues it a new token (the deleted one stays invalid).
		const type = object['type'];
		return {object: {apiVersion: object.apiVersion, kind: object.kind, metadata, type}, restorable: type === 'kubernetes.io/service-account-token'};
	}
	const {status: _status, ...rest} = object;
	return {object: {...rest, metadata}, restorable: true};
}
