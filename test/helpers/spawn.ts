// The built command as a running process a test can signal while it works.
import {spawn, type ChildProcess} from 'node:child_process';
import process from 'node:process';
import {binary} from './cluster.js';

export interface Running {
	child: ChildProcess;
	/** Everything printed so far, stdout and stderr together in arrival order. */
	output(): string;
	/** Resolves once `pattern` has been printed (rejects after `ms`). */
	printed(pattern: RegExp, ms?: number): Promise<void>;
	/** When `pattern` was first seen in the output (Date.now()), or undefined. */
	printedAt(pattern: RegExp): number | undefined;
	exited: Promise<{code: number | null; signal: NodeJS.Signals | null; output: string; ms: number; at: number}>;
	signal(name: NodeJS.Signals): void;
}

export function start(args: string[], env: NodeJS.ProcessEnv = {}): Running {
	const began = Date.now();
	const child = spawn(binary, args, {env: {PATH: process.env['PATH'], HOME: process.env['HOME'], ...env}, stdio: ['ignore', 'pipe', 'pipe']});
	let text = '';
	const waiters: Array<() => void> = [];
	// Output with the time each piece arrived, so a test can time what it saw.
	const pieces: Array<{at: number; text: string}> = [];
	const add = (chunk: Buffer) => {
		text += chunk.toString();
		pieces.push({at: Date.now(), text});
		for (const waiter of waiters.splice(0)) {
			waiter();
		}
	};
	child.stdout!.on('data', add);
	child.stderr!.on('data', add);
	const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null; output: string; ms: number; at: number}>(resolve => {
		child.on('close', (code, signal) => resolve({code, signal, output: text, ms: Date.now() - began, at: Date.now()}));
	});
	return {
		child,
		output: () => text,
		async printed(pattern, ms = 60_000) {
			const deadline = Date.now() + ms;
			while (!pattern.test(text)) {
				if (Date.now() > deadline || child.exitCode !== null) {
					throw new Error(`${pattern} was not printed; the output was:\n${text}`);
				}
				await new Promise<void>(resolve => {
					waiters.push(resolve);
					setTimeout(resolve, 200);
				});
			}
		},
		printedAt: pattern => pieces.find(piece => pattern.test(piece.text))?.at,
		exited,
		signal(name) {
			child.kill(name);
		},
	};
}
