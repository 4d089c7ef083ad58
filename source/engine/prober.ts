// Where the walk's probes run. In the walk they run in a worker thread (probe-worker.ts) with a
// client of its own, built from the same kubeconfig parts and options, so the thread that draws
// the screen and reads keys never fetches or parses a list; results come back as the plain
// records runChecks returns. Elsewhere (tests that hand the walk checks of their own, a worker
// that could not start) they run in this thread, with the same results.
import process from 'node:process';
import {Worker} from 'node:worker_threads';
import type {KubeClient} from '../kube/client.js';
import type {TargetParts} from '../kube/kubeconfig.js';
import {currentLanguage} from '../messages/catalog.js';
import {freshContext} from './fix.js';
import type {Identity} from './identity.js';
import {runChecks, type CheckResult, type Progress, type RunOptions} from './runner.js';
import type {Check, CheckContext} from './types.js';

export interface Prober {
	/** Probes `checks` on a fresh snapshot (fix offers included), reporting progress as runChecks does. */
	run(checks: Check[], context: CheckContext, options?: RunOptions): Promise<CheckResult[]>;
	/** The language texts are written in from now on. */
	setLanguage(language: string): void;
	/** Stops whatever still runs; nothing is left behind. */
	close(): Promise<void>;
}

export const inThisThread: Prober = {
	run: (checks, context, options) => runChecks(checks, freshContext(context), options),
	setLanguage() {},
	close: async () => {},
};

/** What the worker is started with. */
export interface WorkerSetup {
	target: TargetParts;
	options: {timeoutMs: number; writeTimeoutMs: number; impersonate: KubeClient['impersonate']};
	language: string;
}

/** From the walk to the worker. */
export type ToWorker =
	| {type: 'probe'; request: number; ids: string[]; identity: Identity; namespace: string | undefined; thresholds: CheckContext['thresholds']; concurrency: number | undefined}
	| {type: 'language'; language: string};

/** From the worker to the walk. */
export type FromWorker =
	| {type: 'progress'; request: number; event: Progress}
	| {type: 'done'; request: number}
	| {type: 'failed'; request: number; message: string}
	/** The worker could not build its client: every probe runs in this thread instead. */
	| {type: 'unusable'; message: string};

interface Pending {
	checks: Check[];
	context: CheckContext;
	options: RunOptions;
	results: Map<string, CheckResult>;
	resolve: (results: CheckResult[]) => void;
	reject: (error: Error) => void;
}

/**
 * The worker's file, next to this one. The released executable (Bun) is one bundle whose
 * import.meta.url is the executable's own root; scripts/bun-compile.mjs bundles the worker as a
 * second entry point there, under the same path below dist/source as here.
 */
const workerFile = process.versions['bun'] ? new URL('./engine/probe-worker.js', import.meta.url) : new URL('probe-worker.js', import.meta.url);

export class WorkerProber implements Prober {
	private worker: Worker | undefined;
	/** Why the worker cannot be used (it failed or exited); probes then run in this thread. */
	private broken: string | undefined;
	private next = 1;
	private readonly pending = new Map<number, Pending>();

	/**
	 * `known` tells the checks the worker has itself (it finds them by id) from any others. The
	 * thread starts at `start()` (the walk calls it once its first screen is drawn), or at the
	 * first probe.
	 */
	constructor(private readonly client: KubeClient, private readonly known: (check: Check) => boolean) {}

	start(): void {
		if (this.worker || this.broken) {
			return;
		}
		const {client} = this;
		const {kc: _kc, ...target} = client.target;
		const setup: WorkerSetup = {target, options: {timeoutMs: client.timeoutMs, writeTimeoutMs: client.writeTimeoutMs, impersonate: client.impersonate}, language: currentLanguage()};
		try {
			// The same young generation as the launcher gives the main thread (8 MB a half-space, three halves).
			this.worker = new Worker(workerFile, {workerData: setup, stdout: true, stderr: true, resourceLimits: {maxYoungGenerationSizeMb: 24}});
		} catch (error) {
			this.broken = (error as Error).message;
			return;
		}
		// Idle, it never keeps the program alive; while probes are asked for, it does.
		this.worker.unref();
		this.worker.on('message', (message: FromWorker) => this.receive(message));
		this.worker.on('error', error => this.fail(error.message));
		this.worker.on('exit', code => this.fail(`the probe worker ended (exit code ${code})`));
	}

	setLanguage(language: string): void {
		// A worker started later is given the language then.
		this.post({type: 'language', language});
	}

	run(checks: Check[], context: CheckContext, options: RunOptions = {}): Promise<CheckResult[]> {
		this.start();
		if (this.broken || !this.worker || checks.some(check => !this.known(check))) {
			return inThisThread.run(checks, context, options);
		}
		const request = this.next++;
		return new Promise<CheckResult[]>((resolve, reject) => {
			this.pending.set(request, {checks, context, options, results: new Map(), resolve, reject});
			this.worker!.ref();
			this.post({type: 'probe', request, ids: checks.map(check => check.id), identity: context.identity, namespace: context.namespace, thresholds: context.thresholds, concurrency: options.concurrency});
		});
	}

	async close(): Promise<void> {
		const worker = this.worker;
		this.worker = undefined;
		this.broken ??= 'closed';
		if (worker) {
			worker.removeAllListeners();
			// Probes only read: the thread is stopped where it is, its sockets closed with it.
			await worker.terminate();
		}
	}

	private post(message: ToWorker): void {
		this.worker?.postMessage(message);
	}

	private receive(message: FromWorker): void {
		if (message.type === 'unusable') {
			this.fail(message.message);
			return;
		}
		const pending = this.pending.get(message.request);
		if (!pending) {
			return;
		}
		if (message.type === 'progress') {
			if (message.event.type === 'done') {
				pending.results.set(message.event.id, message.event.result);
			}
			pending.options.onProgress?.(message.event);
			return;
		}
		if (message.type === 'failed') {
			// Not expected (runChecks turns every error into a verdict): this thread takes over.
			this.fail(message.message);
			return;
		}
		this.settle(message.request);
		pending.resolve(pending.checks.map(check => pending.results.get(check.id)!));
	}

	private settle(request: number): void {
		this.pending.delete(request);
		if (this.pending.size === 0) {
			this.worker?.unref();
		}
	}

	/** The worker is gone or cannot probe: what it had not finished is probed in this thread. */
	private fail(why: string): void {
		if (this.broken) {
			return;
		}
		this.broken = why;
		const worker = this.worker;
		this.worker = undefined;
		void worker?.terminate();
		for (const [request, pending] of this.pending) {
			this.settle(request);
			const left = pending.checks.filter(check => !pending.results.has(check.id));
			const total = pending.checks.length;
			let done = pending.results.size;
			inThisThread.run(left, pending.context, {
				...pending.options,
				onProgress: event => {
					if (event.type === 'done') {
						pending.results.set(event.id, event.result);
						done++;
					}
					pending.options.onProgress?.({...event, done, total});
				},
			}).then(() => pending.resolve(pending.checks.map(check => pending.results.get(check.id)!)), pending.reject);
		}
	}
}
