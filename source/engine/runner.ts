// Runs checks against one shared snapshot with bounded concurrency and reports progress as
// each starts and finishes, so a UI can stay live while probes run. A probe that hits an API
// error is `unknown` with the error as its reason; it never turns into a pass.
import {isKubeError} from '../kube/errors.js';
import {forEachLimited} from './limit.js';
import {t} from '../messages/catalog.js';
import {missingPermissions, permissionText} from './access.js';
import {permissionsFor} from './fix.js';
import type {Check, CheckContext, FixPlan, Verdict} from './types.js';
import {because, catalogPhrase, verbatim, type Phrase} from './words.js';

export interface FixOffer {
	available: boolean;
	/** Why the fix is not offered (missing permission, nothing to change, no fix exists). */
	reason?: string | undefined;
	/** The message id of that reason (`engine.fix.nothingToFix`, `engine.fix.forbidden`, ...). */
	reasonCode?: string | undefined;
	/** Not offered because the identity lacks a permission. */
	forbidden?: boolean | undefined;
	/** What the fix would change, one line per write. */
	summary: string[];
	notes: string[];
}

export interface CheckResult {
	id: string;
	section: string;
	verdict: Verdict;
	fix: FixOffer | undefined;
	durationMs: number;
}

export type Progress =
	| {type: 'start'; id: string; running: number; done: number; total: number}
	| {type: 'done'; id: string; result: CheckResult; running: number; done: number; total: number};

export interface RunOptions {
	/** Probes in flight at once (default 4). */
	concurrency?: number;
	onProgress?: (event: Progress) => void;
	/** Plan each fix and ask whether the identity may apply it (default true). */
	offerFixes?: boolean;
}

export function unknownVerdict(reason: Phrase): Verdict {
	return {status: 'unknown', severity: 'info', evidence: [], ...because(reason)};
}

/** Probes one check; API errors become `unknown` with the error as the reason. */
export async function probe(check: Check, context: CheckContext): Promise<Verdict> {
	try {
		const verdict = await check.probe(context);
		if (verdict.status === 'unknown' && !verdict.reason) {
			Object.assign(verdict, because(catalogPhrase('engine.unknown.noReason')));
		}
		return verdict;
	} catch (error) {
		if (isKubeError(error)) {
			return unknownVerdict(verbatim(`kube.${error.code}`, error.message));
		}
		return unknownVerdict(catalogPhrase('engine.unknown.internal', {message: error instanceof Error ? error.message : String(error)}));
	}
}

/** Plans a check's fix for its verdict (as an offer: nothing expensive) and asks whether the identity may apply it. */
export async function offerFix(check: Check, context: CheckContext, verdict: Verdict): Promise<FixOffer | undefined> {
	if (!check.planFix) {
		return undefined;
	}
	if (verdict.status !== 'fail' && verdict.status !== 'warn') {
		return {available: false, reason: t('engine.fix.nothingToFix'), reasonCode: 'engine.fix.nothingToFix', summary: [], notes: []};
	}
	let plan: FixPlan;
	try {
		// The offer's plan: the summary lines without the expensive part, which waits for the fix to be opened.
		plan = await check.planFix(context, verdict, {offer: true});
	} catch (error) {
		if (isKubeError(error)) {
			return {available: false, reason: error.message, reasonCode: 'engine.fix.apiError', summary: [], notes: []};
		}
		throw error;
	}
	const summary = plan.changes.map(change => change.summary);
	if (plan.changes.length === 0) {
		return {available: false, reason: plan.notes[0] ?? t('engine.fix.nothingToFix'), reasonCode: plan.notes[0] === undefined ? 'engine.fix.nothingToFix' : 'engine.fix.nothingPlanned', summary, notes: plan.notes};
	}
	try {
		const missing = await missingPermissions(context.client, permissionsFor(plan));
		if (missing.length > 0) {
			return {available: false, forbidden: true, reason: t('engine.fix.forbidden', {missing: missing.map(permission => permissionText(permission)).join('; ')}), reasonCode: 'engine.fix.forbidden', summary, notes: plan.notes};
		}
	} catch (error) {
		if (isKubeError(error)) {
			return {available: false, reason: error.message, reasonCode: 'engine.fix.apiError', summary, notes: plan.notes};
		}
		throw error;
	}
	return {available: true, summary, notes: plan.notes};
}

export async function runChecks(checks: Check[], context: CheckContext, options: RunOptions = {}): Promise<CheckResult[]> {
	const results: CheckResult[] = Array.from({length: checks.length});
	let running = 0;
	let done = 0;
	await forEachLimited(checks, options.concurrency ?? 4, async (check, index) => {
		running++;
		options.onProgress?.({type: 'start', id: check.id, running, done, total: checks.length});
		const started = performance.now();
		const verdict = await probe(check, context);
		let fix: FixOffer | undefined;
		try {
			fix = options.offerFixes === false ? undefined : await offerFix(check, context, verdict);
		} catch (error) {
			fix = {available: false, reason: t('engine.unknown.internal', {message: (error as Error).message}), reasonCode: 'engine.unknown.internal', summary: [], notes: []};
		}
		const result: CheckResult = {id: check.id, section: check.section, verdict, fix, durationMs: Math.round(performance.now() - started)};
		results[index] = result;
		running--;
		done++;
		options.onProgress?.({type: 'done', id: check.id, result, running, done, total: checks.length});
	});
	return results;
}
