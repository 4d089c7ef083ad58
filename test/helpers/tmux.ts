// The built command in a real pseudo-terminal: a tmux session a test types into and reads.
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {unique} from './cluster.js';

const run = promisify(execFile);

export interface Terminal {
	/** The screen once it matches `pattern` (throws with the last screen after `timeoutMs`). */
	until(pattern: RegExp, timeoutMs?: number): Promise<string>;
	screen(): Promise<string>;
	/** tmux key names, one after another, as typed. */
	keys(...names: string[]): Promise<void>;
	/** The process the session's shell started (the walk names itself kubectl-harden). */
	pid(): Promise<number>;
	tmux(...args: string[]): Promise<string>;
}

/** One tmux server per test file; `stop` kills it. */
export function tmuxServer(prefix: string) {
	const socket = unique(prefix);
	const tmux = async (...args: string[]) => (await run('tmux', ['-L', socket, ...args])).stdout;
	return {
		tmux,
		stop: () => tmux('kill-server').then(() => undefined, () => undefined),
		async open(name: string, command: string, width = 100, height = 30): Promise<Terminal> {
			await tmux('new-session', '-d', '-s', name, '-x', String(width), '-y', String(height), command);
			const screen = () => tmux('capture-pane', '-p', '-t', name);
			return {
				screen,
				tmux,
				async until(pattern, timeoutMs = 20_000) {
					const deadline = Date.now() + timeoutMs;
					let last = '';
					while (Date.now() < deadline) {
						last = await screen();
						if (pattern.test(last)) {
							return last;
						}
						await new Promise(resolve => setTimeout(resolve, 50));
					}
					throw new Error(`timed out waiting for ${pattern}; screen:\n${last}`);
				},
				async keys(...names) {
					for (const key of names) {
						await tmux('send-keys', '-t', name, key);
						await new Promise(resolve => setTimeout(resolve, 60));
					}
				},
				async pid() {
					const shell = (await tmux('display-message', '-p', '-t', name, '#{pane_pid}')).trim();
					return Number((await run('pgrep', ['-P', shell])).stdout.trim().split('\n')[0]);
				},
			};
		},
	};
}
