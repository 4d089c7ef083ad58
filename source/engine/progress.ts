// What the operator has done with the guide on one cluster, remembered between sessions: which
// checks were reviewed (opened in the walk), fixed (the journal entry), accepted (and why), which
// manual steps they marked done (by whom, when, with an optional note), and where they stopped.
// One file per cluster (its server URL and kubeconfig cluster name, hashed into the name) in the
// user's state directory, mode 0600 in a 0700 directory. Like the journal it is replaced
// atomically under a lock across processes, so two walks never lose each other's marks. A mark
// is the operator's word, never a probe's: nothing here changes a verdict.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {UserError} from '../kube/errors.js';
import {t} from '../messages/catalog.js';
import {stateDir} from '../paths.js';
import {lockStateFile, reasonOf, writeStateFile, type StateFileErrors} from './state-file.js';
import type {Check, ManualStep} from './types.js';
import {tableOf} from './words.js';

/** A manual step marked done. */
export interface StepMark {
	by: string;
	at: string;
	note?: string | undefined;
}

export interface ProgressData {
	version: 1;
	server: string;
	cluster: string;
	/** Checks opened in the walk, with when they were last opened. */
	reviewed: Record<string, {at: string}>;
	/** Checks fixed through kubectl harden, with the journal entry of the fix. */
	fixed: Record<string, {entry: number; at: string}>;
	/** Checks whose risk the operator accepted, and why. */
	accepted: Record<string, {reason: string; by: string; at: string}>;
	/** Manual steps marked done, by check id, then step id. */
	marks: Record<string, Record<string, StepMark>>;
	/** Where the operator was last: a section, and the check when one was open. */
	stopped: {section: string; check?: string | undefined; at: string} | null;
}

export function emptyProgress(server: string, cluster: string): ProgressData {
	return {version: 1, server, cluster, reviewed: {}, fixed: {}, accepted: {}, marks: {}, stopped: null};
}

/** The progress file of a cluster: readable host and port, then a hash of the server URL and the cluster's name. */
export function progressFile(server: string, cluster: string, dir = path.join(stateDir(), 'progress')): string {
	let readable = 'cluster';
	try {
		const url = new URL(server);
		readable = `${url.hostname}_${url.port || (url.protocol === 'http:' ? '80' : '443')}`;
	} catch {
		// A server that is no URL still gets its own file, by the hash alone.
	}
	const hash = crypto.createHash('sha256').update(`${server}\n${cluster}`).digest('hex').slice(0, 16);
	return path.join(dir, `${readable.replaceAll(/[^\w.-]/g, '_')}-${hash}.json`);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The shape a progress file must have; the first thing wrong with it, or undefined. */
function problemOf(data: unknown): string | undefined {
	if (!isRecord(data)) {
		return 'not a JSON object';
	}
	if (data['version'] !== 1) {
		return `version ${JSON.stringify(data['version'])} is not 1`;
	}
	for (const field of ['reviewed', 'fixed', 'accepted', 'marks']) {
		if (!isRecord(data[field])) {
			return `"${field}" is not an object`;
		}
	}
	for (const steps of Object.values(data['marks'] as Record<string, unknown>)) {
		if (!isRecord(steps) || !Object.values(steps).every(mark => isRecord(mark) && typeof mark['by'] === 'string' && typeof mark['at'] === 'string')) {
			return '"marks" holds an entry that is not a mark';
		}
	}
	if (data['stopped'] !== null && !(isRecord(data['stopped']) && typeof data['stopped']['section'] === 'string')) {
		return '"stopped" is neither null nor a place';
	}
	return undefined;
}

export class ProgressStore {
	readonly file: string;
	readonly server: string;
	readonly cluster: string;

	constructor(server: string, cluster: string, file = progressFile(server, cluster)) {
		this.server = server;
		this.cluster = cluster;
		this.file = file;
	}

	/** The progress recorded so far (empty when there is no file yet). A damaged file is an error naming it; it is never changed. */
	read(): ProgressData {
		let text: string;
		try {
			text = fs.readFileSync(this.file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				return emptyProgress(this.server, this.cluster);
			}
			throw new UserError(t('progress.error.unreadable', {file: this.file, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message}));
		}
		let data: unknown;
		try {
			data = JSON.parse(text);
		} catch (error) {
			throw new UserError(t('progress.error.damaged', {file: this.file, reason: (error as Error).message}));
		}
		const problem = problemOf(data);
		if (problem) {
			throw new UserError(t('progress.error.damaged', {file: this.file, reason: problem}));
		}
		return data as ProgressData;
	}

	/** Reads, changes and writes the file under the lock; returns what was written. */
	update(change: (data: ProgressData) => void, waitMs = 15_000): ProgressData {
		try {
			fs.mkdirSync(path.dirname(this.file), {recursive: true, mode: 0o700});
		} catch (error) {
			throw this.errors.write(reasonOf(error));
		}
		const release = this.lock(waitMs);
		try {
			const data = this.read();
			change(data);
			this.write(data);
			return data;
		} finally {
			release();
		}
	}

	private write(data: ProgressData): void {
		writeStateFile(this.file, data, this.errors);
	}

	private lock(waitMs: number): () => void {
		return lockStateFile(this.file, waitMs, this.errors);
	}

	/** How this file's troubles are said. */
	private get errors(): StateFileErrors {
		return {
			write: reason => new UserError(t('progress.error.write', {file: this.file, reason})),
			locked: () => new UserError(t('progress.error.locked', {file: this.file})),
		};
	}

	/** Marks a manual step done (again: the newest mark wins), or unmarks it with `done` false. */
	mark(check: string, step: string, done: boolean, mark: StepMark): ProgressData {
		return this.update(data => {
			const steps = {...data.marks[check]};
			if (done) {
				steps[step] = mark.note ? {by: mark.by, at: mark.at, note: mark.note} : {by: mark.by, at: mark.at};
			} else {
				delete steps[step];
			}
			if (Object.keys(steps).length > 0) {
				data.marks[check] = steps;
			} else {
				delete data.marks[check];
			}
		});
	}

	/** The operator opened a check (or only a section): reviewed, and where they stopped. */
	visit(section: string, check: string | undefined, at = new Date().toISOString()): ProgressData {
		return this.update(data => {
			if (check) {
				data.reviewed[check] = {at};
			}
			data.stopped = {section, ...(check ? {check} : {}), at};
		});
	}

	fixed(check: string, entry: number, at = new Date().toISOString()): ProgressData {
		return this.update(data => {
			data.fixed[check] = {entry, at};
		});
	}

	/** A fix undone: the check is no longer recorded as fixed by that entry. */
	unfixed(check: string, entry: number): ProgressData {
		return this.update(data => {
			if (data.fixed[check]?.entry === entry) {
				delete data.fixed[check];
			}
		});
	}

	accepted(check: string, risk: {reason: string; by: string; at: string}): ProgressData {
		return this.update(data => {
			data.accepted[check] = risk;
		});
	}
}

/** The words of a manual step in the language in use (its key in the check's words). */
export function stepText(check: Check, step: ManualStep): string {
	const table = tableOf(check.words) as unknown as Record<string, string | undefined>;
	return table[step.text] ?? (check.words.en as unknown as Record<string, string | undefined>)[step.text] ?? step.text;
}

/** How many of a check's steps are marked done (steps no longer in the check do not count). */
export function stepsDone(check: Check, progress: ProgressData | undefined): number {
	const marks = progress?.marks[check.id] ?? {};
	return (check.steps ?? []).filter(step => marks[step.id]).length;
}

/** The progress of the checks run, as reports carry it: apart from the verdicts, which it never changes. */
export interface ProgressReport {
	/** The file it was read from. */
	file: string;
	reviewed: Array<{check: string; at: string}>;
	fixed: Array<{check: string; entry: number; at: string}>;
	accepted: Array<{check: string; reason: string; by: string; at: string}>;
	marks: Array<{check: string; step: string; by: string; at: string; note: string | null}>;
	stopped: {section: string; check: string | null; at: string} | null;
}

/** The progress of the given checks, in their order (marks in their steps' order), for the reports. */
export function progressReport(data: ProgressData, checks: Check[], file: string): ProgressReport {
	const ids = checks.map(check => check.id);
	return {
		file,
		reviewed: ids.filter(id => data.reviewed[id]).map(id => ({check: id, at: data.reviewed[id]!.at})),
		fixed: ids.filter(id => data.fixed[id]).map(id => ({check: id, ...data.fixed[id]!})),
		accepted: ids.filter(id => data.accepted[id]).map(id => ({check: id, ...data.accepted[id]!})),
		marks: checks.flatMap(check => (check.steps ?? []).flatMap(step => {
			const mark = data.marks[check.id]?.[step.id];
			return mark ? [{check: check.id, step: step.id, by: mark.by, at: mark.at, note: mark.note ?? null}] : [];
		})),
		stopped: data.stopped ? {section: data.stopped.section, check: data.stopped.check ?? null, at: data.stopped.at} : null,
	};
}

/** The progress data a report carries, back as data (for the Markdown report rendered from JSON). */
export function progressFromReport(report: ProgressReport, server: string, cluster: string): ProgressData {
	const data = emptyProgress(server, cluster);
	for (const item of report.reviewed) {
		data.reviewed[item.check] = {at: item.at};
	}
	for (const item of report.fixed) {
		data.fixed[item.check] = {entry: item.entry, at: item.at};
	}
	for (const item of report.accepted) {
		data.accepted[item.check] = {reason: item.reason, by: item.by, at: item.at};
	}
	for (const item of report.marks) {
		data.marks[item.check] = {...data.marks[item.check], [item.step]: item.note === null ? {by: item.by, at: item.at} : {by: item.by, at: item.at, note: item.note}};
	}
	data.stopped = report.stopped ? {section: report.stopped.section, ...(report.stopped.check ? {check: report.stopped.check} : {}), at: report.stopped.at} : null;
	return data;
}

/**
 * Records progress for a command whose own work is done whatever the progress file says (a fix
 * applied, an undo): an unreadable or damaged file is left as it is, and the command goes on.
 */
export function rememberQuietly(client: {server: string; target: {clusterName: string}}, work: (store: ProgressStore) => unknown): void {
	try {
		work(new ProgressStore(client.server, client.target.clusterName));
	} catch {
		// The journal holds the fix; the progress file is only the walk's memory of it.
	}
}
