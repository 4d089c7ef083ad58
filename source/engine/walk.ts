// The state behind the interactive walk, and the intents it accepts. Plain TypeScript: the
// Ink UI renders this state and calls these methods; every API call happens here.
import type {KubeClient} from '../kube/client.js';
import {isKubeError} from '../kube/errors.js';
import {setLanguage, t, type Language} from '../messages/catalog.js';
import {saveLanguage} from './settings.js';
import {apply, changeRef, freshContext, preview, readObject, recoverInterrupted, undo, type Preview} from './fix.js';
import {impactOf, safeAtOnce, type Impact} from './impact.js';
import {whoAmI, type Identity} from './identity.js';
import {Journal, leftToRevert, needsAttention, type AcceptedRisk, type JournalEntry} from './journal.js';
import {refText, type KubeObject} from '../kube/objects.js';
import {clusterInfo, type ClusterInfo} from './report.js';
import {offerFix, type CheckResult} from './runner.js';
import {inThisThread, type Prober} from './prober.js';
import {Snapshot} from './snapshot.js';
import {auditPolicy, customResourceNames, encryptionConfig, localFileById, localFileFor, writeLocalFile, type LocalFileId} from './files.js';
import {chooseResources, choiceText, encryptionConfirmed, failureText, progressText, reencrypt, reencryptPermissions} from './reencrypt.js';
import type {ProgressData, ProgressStore} from './progress.js';
import type {Thresholds} from './thresholds.js';
import type {Check, CheckContext, Status} from './types.js';

export type Busy = 'previewing' | 'applying' | 'undoing' | 'probing' | 'rewriting';

export interface CheckState {
	check: Check;
	phase: 'waiting' | 'probing' | 'done';
	result: CheckResult | undefined;
	/** The first verdict of the session, for the before/after summary. */
	firstStatus: Status | undefined;
	preview: Preview | undefined;
	previewError: string | undefined;
	busy: Busy | undefined;
	/** The outcome of the last action on this check, in words. */
	message: {tone: 'good' | 'bad' | 'info'; text: string} | undefined;
	accepted: AcceptedRisk | undefined;
	/** The one finding the fix is limited to (a verdict's fix target); every finding when unset. */
	target: string | undefined;
	/** What the previewed fix would break, read with the preview. */
	impact?: Impact | undefined;
	/** The objects the previewed fix patches, as read with the preview (the fix screen's "before"). */
	patched?: Map<string, KubeObject> | undefined;
	/** The choices picked for the fix (`same-namespace=false`); the defaults when unset. */
	options?: Record<string, string> | undefined;
	/** What a fix or an undo moved: this check and the others that read what it wrote ("3.5 warn -> pass"). */
	moved?: string[] | undefined;
}

export interface WalkState {
	cluster: ClusterInfo | undefined;
	identity: Identity | undefined;
	namespace: string | undefined;
	/** A failure before any check could run (connection, identity). */
	fatal: string | undefined;
	checks: CheckState[];
	/** Fixes applied in this session, newest last. */
	applied: JournalEntry[];
	probing: boolean;
	startedAt: number;
	/** When every check had its first verdict (ms since start). */
	firstVerdictsMs: number | undefined;
	/** Journal entries whose changes may still be in the cluster after a failure or an interruption. */
	attention: JournalEntry[];
	/** Set once the operator asked to quit while a fix or undo was writing: what it was stopped by. */
	stopping: string | undefined;
	/** The journal could not be read (damaged, unreadable): fixes are refused, probing goes on. */
	journalProblem: string | undefined;
	/** What was reviewed, fixed, accepted and marked done on this cluster (engine/progress.ts); unset when not remembered. */
	progress?: ProgressData | undefined;
	/** The progress file could not be read or written: the walk goes on without remembering progress. */
	progressProblem?: string | undefined;
	/** The language switched in the walk could not be remembered (the settings file could not be written). */
	languageProblem?: string | undefined;
}

/** What a walk may be given besides its client, checks, scope and journal. */
export interface WalkOptions {
	/** Where progress is remembered; none (tests) remembers nothing. */
	progress?: ProgressStore | undefined;
	/** Thresholds chosen on the command line (engine/thresholds.ts). */
	thresholds?: Partial<Thresholds> | undefined;
	/** Where probes run: this thread unless given a worker (prober.ts). */
	prober?: Prober | undefined;
}

export class Walk {
	readonly client: KubeClient;
	readonly journal: Journal;
	private readonly thresholds: Partial<Thresholds>;
	private state: WalkState;
	private context: CheckContext | undefined;
	private readonly listeners = new Set<(state: WalkState) => void>();
	/** Fixes and undos under way (quitting waits for these, not for probes). */
	private readonly writes = new Set<Promise<unknown>>();
	/** Aborted when the operator quits: running fixes stop before their next write and roll back. */
	private readonly stopper = new AbortController();
	/** Set when the operator quit while a rollback was still writing: the program must end at once. */
	abandoned = false;
	/** Journal entries being written now, by id (as the engine last reported them). */
	private readonly live = new Map<number, JournalEntry>();
	private readonly control = {
		signal: this.stopper.signal,
		onStep: (entry: JournalEntry) => {
			if (entry.status === 'applying' || entry.status === 'rolling-back' || entry.status === 'undoing') {
				this.live.set(entry.id, entry);
			} else {
				this.live.delete(entry.id);
			}
		},
	};

	/** Where progress is remembered; none (tests) remembers nothing. */
	readonly progressStore: ProgressStore | undefined;
	/** Where probes run (the walk's own thread unless given a worker; see prober.ts). */
	readonly prober: Prober;

	constructor(client: KubeClient, checks: Check[], namespace: string | undefined, journal = new Journal(client.server), {progress, thresholds = {}, prober = inThisThread}: WalkOptions = {}) {
		this.client = client;
		this.thresholds = thresholds;
		this.journal = journal;
		this.progressStore = progress;
		let remembered: ProgressData | undefined;
		let progressProblem: string | undefined;
		try {
			remembered = progress?.read();
		} catch (error) {
			progressProblem = describe(error);
		}
		this.prober = prober;
		const accepted = new Map(safe(() => journal.accepted(), []).map(risk => [risk.checkId, risk]));
		for (const [checkId, risk] of Object.entries(remembered?.accepted ?? {})) {
			if (!accepted.has(checkId)) {
				accepted.set(checkId, {checkId, reason: risk.reason, user: risk.by, at: risk.at});
			}
		}
		this.state = {
			cluster: undefined,
			identity: undefined,
			namespace,
			fatal: undefined,
			checks: checks.map(check => ({check, phase: 'waiting', result: undefined, firstStatus: undefined, preview: undefined, previewError: undefined, busy: undefined, message: undefined, accepted: accepted.get(check.id), target: undefined})),
			applied: [],
			probing: false,
			startedAt: Date.now(),
			firstVerdictsMs: undefined,
			attention: [],
			stopping: undefined,
			journalProblem: undefined,
			progress: remembered,
			progressProblem,
		};
	}

	get current(): WalkState {
		return this.state;
	}

	subscribe(listener: (state: WalkState) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** True while a fix, an undo or a rewrite of Secrets is being written (quitting waits for it). */
	get writing(): boolean {
		return this.state.checks.some(item => item.busy === 'applying' || item.busy === 'undoing' || item.busy === 'rewriting');
	}

	/**
	 * The operator quits (q, Ctrl-C, or a signal) while something may be writing: fixes stop
	 * before their next write and roll back what they wrote; an undo stops before its next change.
	 */
	stop(by: string): void {
		if (!this.stopper.signal.aborted) {
			this.stopper.abort(by);
			this.state.stopping = by;
			this.emit();
		}
	}

	/** The changes the fixes and undos under way may still have in the cluster (for the quitting screen). */
	pendingReverts(): string[] {
		return [...this.live.values()].flatMap(entry => leftToRevert(entry).map(change => refText(change.ref)));
	}

	/**
	 * The operator insists on quitting before the rollback finished: every entry still being
	 * written is marked interrupted, so the next kubectl harden settles it against the cluster.
	 */
	abandon(): void {
		this.abandoned = this.live.size > 0;
		for (const entry of this.live.values()) {
			try {
				this.journal.save({...entry, status: 'interrupted', owner: undefined, error: entry.error ?? t('journal.interruptedWhy')});
			} catch {
				// Left as it is, the entry's process is gone next time and it is settled all the same.
			}
		}
	}

	/** Resolves when every fix and undo under way has finished (or rolled back). */
	async settle(): Promise<void> {
		while (this.writes.size > 0) {
			await Promise.allSettled([...this.writes]);
		}
	}

	private emit(): void {
		this.state = {...this.state, checks: [...this.state.checks]};
		for (const listener of this.listeners) {
			listener(this.state);
		}
	}

	private update(id: string, change: Partial<CheckState>): void {
		const index = this.state.checks.findIndex(item => item.check.id === id);
		if (index !== -1) {
			this.state.checks[index] = {...this.state.checks[index]!, ...change};
		}
		this.emit();
	}

	/**
	 * Speaks `language` from now on and remembers it for the next run (settings.json in the
	 * state directory). Verdicts are drawn from their codes, so they follow at once; a notice or
	 * a fix preview made in the old language is dropped (the preview is planned again when its
	 * screen asks for it), except on a check whose fix or undo is under way.
	 */
	switchLanguage(language: Language): void {
		setLanguage(language);
		this.prober.setLanguage(language);
		let problem: string | undefined;
		try {
			saveLanguage(language);
		} catch (error) {
			problem = t('walk.lang.notSaved', {reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message});
		}
		this.state.checks = this.state.checks.map(item => item.busy ? item : {...item, message: undefined, preview: undefined, previewError: undefined, impact: undefined, patched: undefined});
		this.state = {...this.state, languageProblem: problem};
		this.emit();
	}

	find(id: string): CheckState | undefined {
		return this.state.checks.find(item => item.check.id === id);
	}

	private trackWrite<T>(work: Promise<T>): Promise<T> {
		this.writes.add(work);
		void work.finally(() => this.writes.delete(work)).catch(() => {});
		return work;
	}

	/** Connects, asks who we are, then probes every check with progress. */
	start(): Promise<void> {
		return this.run();
	}

	private async run(): Promise<void> {
		try {
			const [cluster, identity] = await Promise.all([clusterInfo(this.client), whoAmI(this.client)]);
			this.state.cluster = cluster;
			this.state.identity = identity;
			try {
				await recoverInterrupted(this.client, this.journal);
				this.state.attention = this.journal.entries().filter(entry => needsAttention(entry));
			} catch (error) {
				this.state.journalProblem = describe(error);
			}
			this.context = {client: this.client, identity, namespace: this.state.namespace, snapshot: new Snapshot(this.client, this.state.namespace), thresholds: this.thresholds};
		} catch (error) {
			this.state.fatal = error instanceof Error ? error.message : String(error);
			this.emit();
			return;
		}
		this.state.probing = true;
		this.emit();
		await this.prober.run(this.state.checks.map(item => item.check), this.context, {
			onProgress: event => {
				if (event.type === 'start') {
					this.update(event.id, {phase: 'probing'});
				} else {
					this.update(event.id, {phase: 'done', result: event.result, firstStatus: this.find(event.id)?.firstStatus ?? event.result.verdict.status});
				}
			},
		});
		this.state.probing = false;
		this.state.firstVerdictsMs = Date.now() - this.state.startedAt;
		this.emit();
	}

	/** Plans and dry-runs a check's fix (when it has one and the verdict calls for it). */
	loadPreview(id: string): Promise<void> {
		const item = this.find(id);
		if (!item || !this.context || !item.check.planFix || item.busy || item.preview || item.result?.fix?.available !== true) {
			return Promise.resolve();
		}
		this.update(id, {busy: 'previewing', previewError: undefined});
		const basis = {result: item.result, target: item.target, options: item.options};
		// An undo or a re-probe may land while the dry-run runs; its preview is then stale and dropped.
		const current = () => this.find(id)?.result === basis.result && this.find(id)?.target === basis.target && this.find(id)?.options === basis.options;
		return ((async () => {
			try {
				const context = freshContext(this.context!);
				const previewed = await preview(item.check, context, this.fixOptions(item));
				const impact = previewed.ok ? await impactOf(item.check, context, previewed) : undefined;
				const patched = new Map<string, KubeObject>();
				for (const change of previewed.plan.changes.filter(change => change.action === 'patch')) {
					const object = await readObject(this.client, changeRef(change)).catch(() => undefined);
					if (object) {
						patched.set(refText(changeRef(change)), object);
					}
				}
				if (current()) {
					this.update(id, {busy: undefined, preview: previewed, impact, patched});
				}
			} catch (error) {
				if (current()) {
					this.update(id, {busy: undefined, previewError: describe(error)});
				}
			}
		})());
	}

	/**
	 * Moves the fix's scope to the next finding: every finding, then each fix target in turn,
	 * then every finding again. The preview is planned and dry-run again for the new scope.
	 */
	nextTarget(id: string): Promise<void> {
		const item = this.find(id);
		const targets = item?.result?.verdict.fixTargets ?? [];
		if (!item || blocking(item) || !item.check.planFix || targets.length < 2) {
			if (item && !blocking(item) && item.check.planFix && item.result?.fix?.available) {
				this.update(id, {message: {tone: 'info', text: t('walk.target.single')}});
			}
			return Promise.resolve();
		}
		const index = item.target === undefined ? -1 : targets.indexOf(item.target);
		const next = index + 1 < targets.length ? targets[index + 1] : undefined;
		this.update(id, {target: next, busy: undefined, preview: undefined, previewError: undefined, message: undefined});
		return this.loadPreview(id);
	}

	private fixOptions(item: CheckState): {targets: string[] | undefined; options: Record<string, string> | undefined} {
		return {targets: item.target ? [item.target] : undefined, options: item.options};
	}

	/** True when `f` may apply at once: the preview passed, nothing breaks or is unknown, and undo restores everything. */
	safeAtOnce(id: string): boolean {
		const item = this.find(id);
		return item?.preview !== undefined && item.impact !== undefined && safeAtOnce(item.preview, item.impact);
	}

	/** Picks a value for one of the fix's choices; the preview and impact are read again. */
	choose(id: string, name: string, value: string): Promise<void> {
		const item = this.find(id);
		const choices = item?.check.choices?.[name];
		if (!item || !choices || blocking(item)) {
			return Promise.resolve();
		}
		const options = {...item.options};
		if (value === choices[0]) {
			delete options[name];
		} else {
			options[name] = value;
		}
		this.update(id, {options: Object.keys(options).length > 0 ? options : undefined, preview: undefined, impact: undefined, previewError: undefined, message: undefined});
		return this.loadPreview(id);
	}

	/**
	 * Probes again every other check that reads a kind the fix or undo wrote; returns what moved,
	 * this check's own move first ("3.5 warn -> pass").
	 */
	private async reprobeRelated(item: CheckState, before: Status | undefined, after: Status, kinds: Set<string>): Promise<string[]> {
		const moved = before && before !== after ? [`${item.check.section} ${item.check.id} ${before} -> ${after}`] : [];
		const related = this.state.checks.filter(other => other.check.id !== item.check.id && other.result && (other.check.reads ?? []).some(kind => kinds.has(kind)));
		// On a failure their old verdicts stay; the operator can press r on each.
		const results = related.length > 0 ? await this.prober.run(related.map(other => other.check), this.context!).catch(() => []) : [];
		for (const result of results) {
			const was = this.find(result.id)?.result?.verdict.status;
			this.update(result.id, {result, preview: undefined, impact: undefined});
			if (was && result.verdict.status !== was) {
				moved.push(`${result.section} ${result.id} ${was} -> ${result.verdict.status}`);
			}
		}
		return moved;
	}

	/** Applies the previewed fix, then shows the re-probed verdict. Without `confirmed`, only a fix that is safe at once. */
	applyFix(id: string, confirmed = true): Promise<void> {
		const item = this.find(id);
		if (!item || !this.context || blocking(item)) {
			return Promise.resolve();
		}
		if (!confirmed && item.preview?.ok && !this.safeAtOnce(id)) {
			this.update(id, {message: {tone: 'info', text: t('walk.fix.needsConfirm')}});
			return Promise.resolve();
		}
		if (item.busy === 'previewing') {
			this.update(id, {message: {tone: 'info', text: t('walk.fix.stillPreviewing')}});
			return Promise.resolve();
		}
		if (!item.preview?.ok) {
			this.update(id, {message: {tone: 'info', text: t(item.check.planFix ? 'walk.fix.notReady' : 'walk.fix.manualOnly')}});
			return Promise.resolve();
		}
		this.update(id, {busy: 'applying', message: undefined});
		return this.trackWrite((async () => {
			try {
				const result = await apply(item.check, freshContext(this.context!), item.preview!, this.journal, {targets: item.target ? [item.target] : [], options: item.options}, this.control);
				if (result.ok) {
					this.state.applied = [...this.state.applied, result.entry];
					this.remember(store => store.fixed(id, result.entry.id));
					const fix = result.verdict ? await offerFix(item.check, freshContext(this.context!), result.verdict) : undefined;
					const kinds = new Set(item.preview!.plan.changes.map(change => changeRef(change).kind));
					const moved = await this.reprobeRelated(item, item.result?.verdict.status, result.verdict?.status ?? item.result!.verdict.status, kinds);
					this.update(id, {
						busy: undefined,
						preview: undefined,
						impact: undefined,
						target: undefined,
						moved,
						result: result.verdict ? {...item.result!, verdict: result.verdict, fix} : item.result,
						message: {tone: 'good', text: t('walk.fix.applied', {entry: result.entry.id, status: result.verdict?.status ?? '?'})},
					});
				} else {
					this.update(id, {
						busy: undefined,
						preview: undefined,
						message: {tone: 'bad', text: `${t('walk.fix.failed', {error: result.error ?? ''})}${result.rolledBack.length > 0 ? ` ${t('walk.fix.rolledBack')}` : ''}${result.rollbackFailures.length > 0 ? ` ${t('walk.fix.rollbackFailed', {failures: result.rollbackFailures.join('; ')})}` : ''}`},
					});
				}
			} catch (error) {
				this.update(id, {busy: undefined, message: {tone: 'bad', text: describe(error)}});
			}
		})());
	}

	/** Undoes the latest fix applied in this session to this check (or any check when none). */
	undoLast(id: string): Promise<void> {
		const item = this.find(id);
		const entry = [...this.state.applied].reverse().find(applied => applied.checkId === id && applied.status === 'applied');
		if (!item || !this.context || blocking(item)) {
			return Promise.resolve();
		}
		if (!entry) {
			this.update(id, {message: {tone: 'info', text: t('walk.undo.nothing')}});
			return Promise.resolve();
		}
		this.update(id, {busy: 'undoing', message: undefined});
		return this.trackWrite((async () => {
			try {
				const result = await undo(this.client, this.journal, entry, false, this.control);
				if (!result.ok && result.drift.length > 0) {
					this.update(id, {busy: undefined, message: {tone: 'bad', text: t('walk.undo.refused', {objects: result.drift.map(item => `${item.object} (${item.why})`).join('; '), entry: entry.id})}});
					return;
				}
				this.remember(store => store.unfixed(id, entry.id));
				const [probed] = await this.prober.run([item.check], this.context!);
				const {verdict, fix} = probed!;
				const moved = await this.reprobeRelated(item, item.result?.verdict.status, verdict.status, new Set(entry.changes.map(change => change.ref.kind)));
				this.update(id, {
					busy: undefined,
					preview: undefined,
					impact: undefined,
					target: undefined,
					moved,
					result: {...item.result!, verdict, fix},
					message: result.ok ? {tone: 'good', text: t('walk.undo.done', {entry: entry.id, status: verdict.status})} : {tone: 'bad', text: t('walk.undo.partly', {failures: result.failures.join('; ')})},
				});
			} catch (error) {
				this.update(id, {busy: undefined, message: {tone: 'bad', text: describe(error)}});
			}
		})());
	}

	/** Probes one check again (a fresh snapshot). */
	reprobe(id: string): Promise<void> {
		const item = this.find(id);
		if (!item || !this.context || blocking(item)) {
			return Promise.resolve();
		}
		this.update(id, {busy: 'probing', message: undefined});
		return ((async () => {
			const [result] = await this.prober.run([item.check], this.context!);
			this.update(id, {busy: undefined, preview: undefined, target: undefined, result, message: {tone: 'info', text: t('walk.reprobed', {status: result!.verdict.status})}});
		})());
	}

	/** Records that the operator accepts the risk of a check's findings, and why. */
	accept(id: string, reason: string): void {
		const trimmed = reason.trim();
		if (!trimmed) {
			this.update(id, {message: {tone: 'info', text: t('walk.accept.needsReason')}});
			return;
		}
		const risk: AcceptedRisk = {checkId: id, reason: trimmed, user: this.state.identity?.username ?? '', at: new Date().toISOString()};
		try {
			this.journal.accept(risk);
			this.remember(store => store.accepted(id, {reason: risk.reason, by: risk.user, at: risk.at}));
			this.update(id, {accepted: risk, message: {tone: 'info', text: t('walk.accept.done')}});
		} catch (error) {
			this.update(id, {message: {tone: 'bad', text: describe(error)}});
		}
	}

	/**
	 * Records progress (engine/progress.ts) and shows it; when the file cannot be read or written
	 * the walk goes on without it, saying so. Returns false when nothing was recorded.
	 */
	private remember(work: (store: ProgressStore) => ProgressData): boolean {
		if (!this.progressStore || this.state.progressProblem) {
			return false;
		}
		try {
			this.state.progress = work(this.progressStore);
		} catch (error) {
			this.state.progressProblem = describe(error);
		}
		this.emit();
		return this.state.progressProblem === undefined;
	}

	/** The operator opened a section, or a check in it: reviewed, and where they stopped. */
	visit(section: string, id?: string): void {
		this.remember(store => store.visit(section, id));
	}

	/** Marks a manual step of a check done, or not done when it was; recorded at once. */
	toggleStep(id: string, stepId: string, note?: string): void {
		const item = this.find(id);
		if (!item || !item.check.steps?.some(step => step.id === stepId)) {
			return;
		}
		if (!this.progressStore || this.state.progressProblem) {
			this.update(id, {message: {tone: 'bad', text: t('progress.off.mark', {problem: this.state.progressProblem ?? '-'})}});
			return;
		}
		const done = this.state.progress?.marks[id]?.[stepId] === undefined;
		const recorded = this.remember(store => store.mark(id, stepId, done, {by: this.state.identity?.username ?? '', at: new Date().toISOString(), note}));
		this.update(id, {message: recorded
			? {tone: 'info', text: t(done ? 'progress.marked' : 'progress.unmarked', {step: stepId})}
			: {tone: 'bad', text: t('progress.off.mark', {problem: this.state.progressProblem ?? '-'})}});
	}

	/** Writes the check's local file (the audit policy, an encryption configuration; or `fileId`, a manual step's) to the path the operator typed. */
	async writeFile(id: string, target: string, fileId?: LocalFileId): Promise<void> {
		const item = this.find(id);
		const file = item ? (fileId ? localFileById(fileId) : localFileFor(item.check)) : undefined;
		if (!file) {
			return;
		}
		if (!target.trim()) {
			this.update(id, {message: {tone: 'info', text: t('walk.file.needsPath')}});
			return;
		}
		try {
			const notes: string[] = [];
			const content = file.id === 'audit-policy' ? auditPolicy() : encryptionConfig(await customResourceNames(this.client, line => notes.push(line)));
			const written = writeLocalFile(file, target.trim(), content);
			this.update(id, {message: {tone: 'good', text: [t(`files.written.${file.id}`, {path: written}), ...notes].join(' ')}});
		} catch (error) {
			this.update(id, {message: {tone: 'bad', text: describe(error)}});
		}
	}

	/** Rewrites every object of the types the encryption configuration covers so each is stored through it, with progress; a later run resumes. */
	reencrypt(id: string): Promise<void> {
		const item = this.find(id);
		if (!item || !this.context || blocking(item) || !item.check.actions?.reencrypt) {
			return Promise.resolve();
		}
		if (!item.result || !encryptionConfirmed(item.result.verdict)) {
			this.update(id, {message: {tone: 'info', text: t('walk.reencrypt.notEnabled')}});
			return Promise.resolve();
		}
		this.update(id, {busy: 'rewriting', message: undefined});
		return this.trackWrite((async () => {
			try {
				// The types the configuration covers, as assumed by default (engine/reencrypt.ts): said first.
				const choice = await chooseResources(this.client, undefined);
				const chosen = choiceText(choice);
				const missing = await reencryptPermissions(this.client, choice.types);
				if (missing.length > 0) {
					this.update(id, {busy: undefined, message: {tone: 'bad', text: t('engine.fix.forbidden', {missing: missing.join(', ')})}});
					return;
				}
				const result = await reencrypt(this.client, choice.types, {onProgress: progress => this.update(id, {message: {tone: 'info', text: [chosen, progressText(progress)].join(' ')}})});
				const failures = result.failed.map(failure => failureText(failure));
				this.update(id, {busy: undefined, message: {tone: result.finished ? 'good' : 'bad', text: [chosen, progressText(result), ...failures].join(' ')}});
			} catch (error) {
				this.update(id, {busy: undefined, message: {tone: 'bad', text: describe(error)}});
			}
		})());
	}
}

/** A write or a probe under way; a dry-run preview being loaded does not hold other keys back. */
function blocking(item: CheckState): boolean {
	return item.busy !== undefined && item.busy !== 'previewing';
}

function describe(error: unknown): string {
	if (isKubeError(error)) {
		return error.message;
	}
	return error instanceof Error ? error.message : String(error);
}

function safe<T>(work: () => T, fallback: T): T {
	try {
		return work();
	} catch {
		return fallback;
	}
}
