// SIGINT, SIGTERM and SIGHUP while a fix or an undo writes: the first asks the engine to stop
// before its next write (a fix then rolls back what it wrote); the second says what is still
// being put back; the third quits at once, marking the journal entry interrupted so the next
// command reconciles it. Before anything is written a signal ends the program at once.
import process from 'node:process';
import {leftToRevert, type Journal, type JournalEntry} from './engine/journal.js';
import {refText} from './kube/objects.js';
import {t} from './messages/catalog.js';

const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof signals)[number];

/** The exit code of a program ended by `signal`: 128 + its number, as shells report it. */
export function exitCodeFor(signal: string): number {
	return {SIGINT: 130, SIGTERM: 143, SIGHUP: 129}[signal] ?? 1;
}

export interface Guard {
	/** Aborted (with the signal's name as reason) on the first signal once writing began. */
	signal: AbortSignal;
	/** The engine reports each step of the journal entry it writes. */
	onStep: (entry: JournalEntry) => void;
	/** From now on a signal no longer ends the program at once. */
	writing: () => void;
}

/**
 * Runs `work` with the three signals handled as described above, then restores the defaults.
 * `kind` chooses the words of the first signal.
 */
export async function guardWrites<T>(journal: Journal, kind: 'fix' | 'undo', out: (line: string) => void, work: (guard: Guard) => Promise<T>): Promise<T> {
	const controller = new AbortController();
	let entry: JournalEntry | undefined;
	let writing = false;
	let count = 0;
	const handler = (signal: StopSignal) => {
		count++;
		if (!writing) {
			process.exit(exitCodeFor(signal));
		}
		if (count === 1) {
			out(t(kind === 'fix' ? 'signal.stopping' : 'signal.stoppingUndo', {signal}));
			controller.abort(signal);
			return;
		}
		const id = entry?.id ?? '?';
		const left = entry ? leftToRevert(entry).map(change => refText(change.ref)) : [];
		if (count === 2 && left.length > 0) {
			out(t('signal.rollingBack', {id, objects: left.join(', ')}));
			return;
		}
		if (entry) {
			try {
				journal.save({...entry, status: 'interrupted', owner: undefined, error: entry.error ?? t('journal.interruptedWhy')});
			} catch {
				// The next command finds the entry with its process gone and reconciles it all the same.
			}
		}
		out(t('signal.quitNow', {id}));
		process.exit(exitCodeFor(String(controller.signal.reason ?? signal)));
	};
	for (const signal of signals) {
		process.on(signal, handler);
	}
	try {
		return await work({
			signal: controller.signal,
			onStep: step => {
				entry = step;
			},
			writing: () => {
				writing = true;
			},
		});
	} finally {
		for (const signal of signals) {
			process.off(signal, handler);
		}
	}
}
