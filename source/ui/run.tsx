// Starts the walk in the terminal and waits for the operator to quit.
import process from 'node:process';
import {render} from 'ink';
import {ProgressStore} from '../engine/progress.js';
import {WorkerProber} from '../engine/prober.js';
import {Walk} from '../engine/walk.js';
import type {Check} from '../engine/types.js';
import type {Thresholds} from '../engine/thresholds.js';
import type {KubeClient} from '../kube/client.js';
import {exitCodeFor} from '../signals.js';
import {App} from './app.js';

/**
 * How Ink draws the walk. 60 frames a second at most: a key's frame is drawn at once after a
 * quiet moment, and at most 17 ms later when frames are already coming (30 would be 33 ms).
 */
export const renderOptions = {exitOnCtrlC: false, interactive: true, maxFps: 60} as const;

/** `known`: the checks the probe worker finds by id (the others are probed in this thread). */
export async function runWalk(client: KubeClient, checks: Check[], namespace: string | undefined, known: (check: Check) => boolean, thresholds: Partial<Thresholds> = {}): Promise<number> {
	// Probes run in a worker thread: this one only draws and reads keys.
	const prober = new WorkerProber(client, known);
	const walk = new Walk(client, checks, namespace, undefined, {progress: new ProgressStore(client.server, client.target.clusterName), thresholds, prober});
	const color = !process.env['NO_COLOR'] && process.env['TERM'] !== 'dumb';
	// The CLI starts the walk only when stdin and stdout are terminals; Ink would otherwise fall
	// back to printing only the last frame whenever CI is set in the environment.
	const instance = render(<App walk={walk} color={color} />, renderOptions);
	// After the first frame: the worker loads the checks and the client while the walk asks who we are.
	prober.start();
	void walk.start();
	// SIGTERM and SIGHUP (a closed terminal, a stopped pod) and a SIGINT sent from outside are
	// handled like q: a fix under way stops before its next write and rolls back, then the walk
	// ends; a third signal quits at once, leaving the entry marked interrupted.
	let stoppedBy: string | undefined;
	let signals = 0;
	const onSignal = (signal: NodeJS.Signals) => {
		signals++;
		stoppedBy ??= signal;
		if (signals >= 3 || !walk.writing) {
			walk.abandon();
			instance.unmount();
			return;
		}
		walk.stop(signal);
		void walk.settle().then(() => instance.unmount());
	};
	const names: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
	for (const name of names) {
		process.on(name, onSignal);
	}
	// The app itself waits for a fix under way before it exits; probes still running are dropped.
	try {
		await instance.waitUntilExit();
	} finally {
		for (const name of names) {
			process.off(name, onSignal);
		}
		// Probes still running are dropped: the worker ends with them.
		await prober.close();
	}
	const code = stoppedBy ? exitCodeFor(stoppedBy) : 0;
	if (walk.abandoned) {
		// A rollback is still under way: end now, before it records anything over the interrupted entry.
		process.exit(code);
	}
	return code;
}
