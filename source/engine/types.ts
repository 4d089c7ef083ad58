// The shape every check shares. A check is a small module: an id, its guide section, a probe
// that reads the cluster (never writes) and returns a verdict with evidence, and where the API
// allows it a fix planner. Its words (title, risk, ... and every evidence template) live in the
// same file, typed (see words.ts).
import type {KubeClient} from '../kube/client.js';
import type {KubeObject, ObjectRef} from '../kube/objects.js';
import type {Identity} from './identity.js';
import type {LocalFileId} from './files.js';
import type {Snapshot} from './snapshot.js';
import type {Thresholds} from './thresholds.js';
import type {MessageParams} from '../messages/catalog.js';
import {because, type CheckTexts, type Coded, type Phrase, type Words} from './words.js';

export type Status = 'pass' | 'warn' | 'fail' | 'unknown' | 'not-applicable';
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export const statusOrder: Status[] = ['fail', 'warn', 'unknown', 'pass', 'not-applicable'];

export interface Evidence {
	kind: string;
	namespace?: string | undefined;
	name: string;
	/** One line, for the operator. */
	detail: string;
	/** The message id the line was written from (`<check>.<key>`), for scripts; its parameters. */
	code?: string | undefined;
	params?: MessageParams | undefined;
	/** Every message the line was joined from, when more than one. */
	parts?: Coded[] | undefined;
}

export interface Verdict {
	status: Status;
	severity: Severity;
	evidence: Evidence[];
	/** Why the verdict is unknown or not-applicable; a short summary otherwise. */
	reason?: string | undefined;
	/** The message id of the reason, and its parameters (the first, when several were joined). */
	reasonCode?: string | undefined;
	reasonParams?: MessageParams | undefined;
	reasonParts?: Coded[] | undefined;
	/** The objects a fix could act on, as `namespace/name` or `name` (cluster-scoped). */
	fixTargets?: string[] | undefined;
	/** What an action after the probe decides on, machine-readable (for example whether encryption is on). */
	facts?: Record<string, boolean | number | string> | undefined;
}

export interface CheckContext {
	client: KubeClient;
	snapshot: Snapshot;
	identity: Identity;
	/** Set when the run is limited to one namespace (-n). */
	namespace: string | undefined;
	/** Thresholds chosen on the command line (engine/thresholds.ts); defaults where absent. */
	thresholds?: Partial<Thresholds> | undefined;
}

/**
 * One write of a fix. `summary` says, for the operator, what it changes. A patch is a JSON
 * merge patch; `resourceVersion` is the version it was planned against (the write is refused
 * if the object changed since).
 */
export type Change =
	| {action: 'create'; object: KubeObject; summary: string}
	| {action: 'patch'; ref: ObjectRef; patch: Record<string, unknown>; resourceVersion: string | undefined; summary: string}
	| {action: 'delete'; ref: ObjectRef; resourceVersion: string | undefined; summary: string};

export interface FixPlan {
	checkId: string;
	changes: Change[];
	/** Lines for the operator: what the fix will change, and how it was sized or chosen. */
	notes: string[];
	/** The choices the plan was made with (--option), for its impact step. */
	options?: Record<string, string> | undefined;
}

export interface FixOptions {
	/** Limit the fix to these targets (`namespace/name` or `name`); all fixable ones when empty. */
	targets?: string[] | undefined;
	/** Choices a fix offers (for example `same-namespace=false`). */
	options?: Record<string, string> | undefined;
	/**
	 * Planned only to offer the fix (the report, the walk's probe): what it would change, one line
	 * per write, without what is expensive to work out (sizing from every pod, dry-runs); that is
	 * done when the fix is opened (preview) or run. Such a plan is never applied.
	 */
	offer?: boolean | undefined;
}

export interface Check {
	id: string;
	/** The guide section, numbered as in GUIDE-MAP (for example `3.2`). */
	section: string;
	/** What the check says: title, risk, attack, fix, undo, manual, link, and its templates. */
	words: Words<CheckTexts>;
	/** The kinds of object its verdict is read from: a fix or undo that writes one of them probes it again. */
	reads?: string[] | undefined;
	/** The choices its fix offers (`--option name=value`), each with its values, the default first. */
	choices?: Record<string, string[]> | undefined;
	probe(context: CheckContext): Promise<Verdict>;
	/** Plans the fix for the verdict's targets; returns no changes when nothing needs fixing. */
	planFix?(context: CheckContext, verdict: Verdict, options: FixOptions): Promise<FixPlan>;
	/** What the check offers besides a fix: a file its manual step needs, a rewrite of stored Secrets. */
	actions?: CheckActions | undefined;
	/** What a planned fix would break, read from the live cluster (see engine/impact.ts). */
	impact?(context: CheckContext, plan: FixPlan): Promise<ImpactItem[]>;
	/**
	 * The manual remediation broken into steps the operator ticks off (space in the walk,
	 * remembered per cluster): each says what to do in its own words key and shows the exact
	 * command or file snippet. Empty or absent when nothing is done by hand.
	 */
	steps?: readonly ManualStep[] | undefined;
	/**
	 * Read-only kubectl commands that show the same evidence by hand ("see it yourself"),
	 * so a new admin learns where to look. Commands, not prose: never translated.
	 */
	seeIt?: readonly string[] | undefined;
}

/** One step of a check's manual remediation. */
export interface ManualStep {
	/** Stable within the check (`flag`, `restart`): progress files keep it. */
	id: string;
	/** The key in the check's words (both languages) that says what to do: `step.flag`. */
	text: string;
	/** The exact command(s) or file snippet, shown as is (never translated). */
	command?: string | undefined;
	/** A file the tool writes for this step (`o` in the walk, `kubectl harden write <id>`). */
	file?: LocalFileId | undefined;
}

/**
 * One consequence of a fix: `breaks` when something that works now stops working (the fix needs
 * a confirmation), `unknown` when it could not be judged, `note` when it is worth knowing only.
 */
export interface ImpactItem {
	effect: 'breaks' | 'unknown' | 'note';
	/** The object concerned (`Kind namespace/name`), when there is one. */
	object?: string | undefined;
	phrase: Phrase;
}

export interface CheckActions {
	/** A file written on the operator's machine for the manual step (`o` in the walk, `kubectl harden write`). */
	file?: LocalFileId | undefined;
	/** Rewrite every Secret so it is stored through the encryption now configured (`e`, `kubectl harden reencrypt`). */
	reencrypt?: boolean | undefined;
}

export const systemNamespaces = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export function isSystemNamespace(name: string | undefined): boolean {
	return name !== undefined && systemNamespaces.has(name);
}

export function target(namespace: string | undefined, name: string): string {
	return namespace ? `${namespace}/${name}` : name;
}

export function worst(statuses: Status[]): Status {
	for (const status of statusOrder) {
		if (statuses.includes(status)) {
			return status;
		}
	}
	return 'pass';
}

/** One verdict from several parts: the worst status wins; a pass says only "info". */
export function combine(parts: Array<{status: Status; evidence: Evidence[]}>, severity: Severity, reasons: Phrase[] = []): Verdict {
	const status = parts.length === 0 ? 'pass' : worst(parts.map(part => part.status));
	return {status, severity: status === 'pass' ? 'info' : severity, evidence: parts.flatMap(part => part.evidence), ...because(reasons)};
}
