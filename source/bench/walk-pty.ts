// The walk as an operator meets it, for the benchmarks: the built command (bin/kubectl-harden)
// in a real pseudo-terminal (tmux, 100x30, see pty.ts), timed from spawn to its start screen, and
// a harmless key (j / k: the cursor one section down / up) pressed at a typing pace while the
// probes run and again on the idle walk after they finished, and a key typed to cat before the
// walk starts (tmux's own floor: the terminal echoes it, no program draws anything).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {packageRoot} from '../paths.js';
import {Pty} from './pty.js';

export interface WalkFigures {
	/** Spawn (tmux asked to start the command) to the start screen's title and sections drawn. */
	firstScreenMs: number;
	/** Spawn to the screen saying every check was probed. */
	probedMs: number;
	/** Key latencies (ms) of keys pressed while the screen still said the probes were running. */
	probing: number[];
	/** The same key on the idle walk after probing finished: what tmux and one frame cost. */
	idle: number[];
	/** A key typed to cat before the walk starts, until the terminal's echo shows: tmux alone. */
	tmux: number[];
}

/** Milliseconds between a key's answer and the next key: a brisk typing pace, never keys queued. */
export const paceMs = 100;
const idleKeys = 20;
const echoKeys = 10;
const title = /kubectl harden: Securing a Cluster/;
const probed = /All \d+ checks probed/;
/** The cursor's row on the start screen: the section it points at (1 or 2). */
const cursorOn = (screen: string, section: number) => new RegExp(`› \\S+ ${section}\\.`).test(screen);
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** p50/p95/max of a set of latencies, and their count. */
export function spread(values: number[]): string {
	return values.length === 0 ? 'no samples' : `p50 ${percentile(values, 50).toFixed(0)} ms, p95 ${percentile(values, 95).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms (${values.length} keys)`;
}

/** Runs the walk once against the cluster of `kubeconfig` and measures it; quits it with q. */
export async function measureWalk(kubeconfig: string, command = path.join(packageRoot, 'bin', 'kubectl-harden')): Promise<WalkFigures> {
	const state = fs.mkdtempSync(path.join(os.tmpdir(), 'harden-bench-walk-'));
	// A window with nothing in it (cat prints nothing until typed to), then the walk in its place.
	const pty = await Pty.open('cat');
	try {
		// tmux alone: a letter typed to cat shows as the terminal echoes it (no program draws it).
		const tmux: number[] = [];
		for (let count = 1; count <= echoKeys; count++) {
			const pressed = pty.key('x');
			tmux.push((await pty.until(screen => screen.split('\n')[0] === 'x'.repeat(count), 10_000)).at - pressed);
			await sleep(paceMs);
		}
		const spawned = await pty.respawn(`env HARDEN_STATE=${state} ${command} --kubeconfig ${kubeconfig}`);
		const first = await pty.until(screen => title.test(screen) && cursorOn(screen, 1));
		let probedAt = probed.test(first.screen) ? first.at : undefined;
		const probing: number[] = [];
		const idle: number[] = [];
		let down = false;
		const press = async (): Promise<number> => {
			down = !down;
			const pressed = pty.key(down ? 'j' : 'k');
			const seen = await pty.until(screen => cursorOn(screen, down ? 2 : 1), 30_000);
			if (probedAt === undefined && probed.test(seen.screen)) {
				probedAt = seen.at;
			}
			return seen.at - pressed;
		};
		for (;;) {
			// What the screen says just before the key decides whether it counts as pressed while probing.
			if (probedAt === undefined && probed.test(await pty.screen())) {
				probedAt = performance.now();
			}
			if (probedAt !== undefined) {
				break;
			}
			probing.push(await press());
			await sleep(paceMs);
		}
		// Let whatever follows the last verdict settle, then the idle floor.
		await sleep(500);
		for (let count = 0; count < idleKeys; count++) {
			idle.push(await press());
			await sleep(paceMs);
		}
		pty.key('q');
		await sleep(200);
		return {firstScreenMs: first.at - spawned, probedMs: probedAt - spawned, probing, idle, tmux};
	} finally {
		await pty.close();
		fs.rmSync(state, {recursive: true, force: true});
	}
}

/** Runs the walk once: spawn to its first screen, and to the screen saying every check was probed; quits it with q. */
export async function timeStart(kubeconfig: string, command: string): Promise<{firstScreenMs: number; probedMs: number}> {
	const state = fs.mkdtempSync(path.join(os.tmpdir(), 'harden-bench-walk-'));
	const pty = await Pty.open('cat');
	try {
		const spawned = await pty.respawn(`env HARDEN_STATE=${state} ${command} --kubeconfig ${kubeconfig}`);
		const first = await pty.until(screen => title.test(screen) && cursorOn(screen, 1));
		const done = probed.test(first.screen) ? first : await pty.until(screen => probed.test(screen), 600_000);
		pty.key('q');
		await sleep(200);
		return {firstScreenMs: first.at - spawned, probedMs: done.at - spawned};
	} finally {
		await pty.close();
		fs.rmSync(state, {recursive: true, force: true});
	}
}
