// One JSON file in the state directory that several processes may change (the journal, the
// progress file): written whole (a temporary file renamed over it, mode 0600) and changed only
// under a lock across processes. What goes wrong is said in the words of the file's owner.
import crypto from 'node:crypto';
import fs from 'node:fs';
import lockfile from 'proper-lockfile';

/** How the file's owner says that it could not write (`reason`: an errno code or a message), or that another process holds it. */
export interface StateFileErrors {
	write(reason: string): Error;
	locked(): Error;
}

export function reasonOf(error: unknown): string {
	return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** Writes `data` as the whole file, or leaves the file as it was. */
export function writeStateFile(file: string, data: unknown, errors: Pick<StateFileErrors, 'write'>): void {
	const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
	try {
		fs.writeFileSync(temporary, `${JSON.stringify(data, null, 2)}\n`, {mode: 0o600});
		fs.chmodSync(temporary, 0o600);
		fs.renameSync(temporary, file);
	} catch (error) {
		fs.rmSync(temporary, {force: true});
		throw errors.write(reasonOf(error));
	}
}

/**
 * Takes the file's lock, waiting up to `waitMs` for another process; returns its release. A lock
 * left by a killed process is taken over once it is 10 s old.
 */
export function lockStateFile(file: string, waitMs: number, errors: StateFileErrors): () => void {
	const deadline = Date.now() + waitMs;
	const pause = new Int32Array(new SharedArrayBuffer(4));
	for (;;) {
		try {
			return lockfile.lockSync(file, {realpath: false, stale: 10_000});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
				throw errors.write(reasonOf(error));
			}
			if (Date.now() >= deadline) {
				throw errors.locked();
			}
			Atomics.wait(pause, 0, 0, 25);
		}
	}
}
