// Where the program's own files and the user's cache and state live.
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** The checkout (or unpacked release) root: dist/source/paths.js is two levels below it. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
	return env['HARDEN_CACHE'] ?? path.join(env['XDG_CACHE_HOME'] ?? path.join(os.homedir(), '.cache'), 'kubectl-harden');
}

export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
	return env['HARDEN_STATE'] ?? path.join(env['XDG_STATE_HOME'] ?? path.join(os.homedir(), '.local', 'state'), 'kubectl-harden');
}
