// The scriptable subcommands: fix (preview, then apply with --yes), undo, journal, write (a
// local file for a manual step) and reencrypt. They
// print plain text for the operator; every sentence comes from the message catalog.
import {findCheck, checks} from './checks/index.js';
import {breaking, impactLines, impactOf, type Impact} from './engine/impact.js';
import {apply, preview, recoverInterrupted, undo, type Preview} from './engine/fix.js';
import {permissionText} from './engine/access.js';
import {Journal, leftToRevert, needsAttention, type JournalEntry} from './engine/journal.js';
import {rememberQuietly} from './engine/progress.js';
import {refText} from './kube/objects.js';
import {exitCodeFor, guardWrites} from './signals.js';
import {openContext} from './engine/session.js';
import type {FixOptions} from './engine/types.js';
import type {KubeClient} from './kube/client.js';
import {UserError} from './kube/errors.js';
import {t} from './messages/catalog.js';
import {checkText} from './engine/words.js';
import {encryptionAtRest} from './checks/encryption-at-rest.js';
import {auditPolicy, encryptionConfig, localFileById, localFiles, writeLocalFile} from './engine/files.js';
import {choiceText, chooseResources, countObjects, countsText, encryptionConfirmed, failureText, progressText, reencrypt, reencryptPermissions} from './engine/reencrypt.js';

type Write = (line: string) => void;

export function parseOptions(values: string[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (const value of values) {
		const index = value.indexOf('=');
		if (index <= 0) {
			throw new UserError(t('cli.error.badOption', {value}), 2);
		}
		out[value.slice(0, index)] = value.slice(index + 1);
	}
	return out;
}

export function checkOrFail(id: string | undefined) {
	if (!id) {
		throw new UserError(t('cli.error.fixNeedsCheck', {checks: checks.filter(check => check.planFix).map(check => check.id).join(', ')}), 2);
	}
	const check = findCheck(id);
	if (!check) {
		throw new UserError(t('cli.error.unknownCheck', {id, checks: checks.map(check => check.id).join(', ')}), 2);
	}
	if (!check.planFix) {
		throw new UserError(t('cli.error.noAutomaticFix', {id, manual: checkText(check, 'manual')}), 2);
	}
	return check;
}

export function printPreview(out: Write, previewed: Preview, impact?: Impact): void {
	const {plan} = previewed;
	if (plan.changes.length === 0) {
		out(t('fix.print.nothing'));
		for (const note of plan.notes) {
			out(`  ${note}`);
		}
		return;
	}
	out(t('fix.print.planned'));
	for (const change of plan.changes) {
		out(`  - ${change.summary}`);
	}
	if (plan.notes.length > 0) {
		out(t('fix.print.notes'));
		for (const note of plan.notes) {
			out(`  ${note}`);
		}
	}
	if (previewed.missing.length > 0) {
		out(t('fix.print.forbidden', {missing: previewed.missing.map(permission => permissionText(permission)).join('; ')}));
		return;
	}
	out(t('fix.print.dryRun'));
	for (const result of previewed.dryRun) {
		out(`  ${result.ok ? t('fix.print.ok') : t('fix.print.refused')} ${result.change.summary}`);
		for (const warning of result.warnings) {
			out(`       ${t('fix.print.warning', {warning})}`);
		}
		if (result.error) {
			out(`       ${result.error}`);
		}
	}
	for (const line of impact ? impactLines(impact) : []) {
		out(line);
	}
	if (impact?.undoRestoresAll) {
		out(t('fix.print.undoAll'));
	}
	if (previewed.undoLimits.length > 0) {
		out(t('fix.print.undoLimits'));
		for (const limit of previewed.undoLimits) {
			out(`  ${t(limit.what === 'same-token' ? 'fix.print.undoSameToken' : 'fix.print.undoLost', {object: limit.object})}`);
		}
	}
}

/** Settles fixes left half-written by a process that is gone, and says so. */
async function recover(client: KubeClient, journal: Journal, out: Write): Promise<void> {
	for (const {entry, landed, unknown} of await recoverInterrupted(client, journal)) {
		out(t('journal.print.recovered', {id: entry.id, check: entry.checkId, landed, unknown: unknown > 0 ? t('journal.print.recoveredUnknown', {count: unknown}) : ''}));
	}
}

export async function runFix(client: KubeClient, namespace: string | undefined, id: string | undefined, options: FixOptions & {yes: boolean; acceptImpact?: boolean}, out: Write, journal = new Journal(client.server)): Promise<number> {
	const check = checkOrFail(id);
	const context = await openContext(client, namespace);
	await recover(client, journal, out);
	out(t('fix.print.header', {id: check.id, section: check.section, title: checkText(check, 'title')}));
	return guardWrites(journal, 'fix', out, async guard => {
		const previewed = await preview(check, context, options);
		const impact = previewed.ok ? await impactOf(check, context, previewed) : undefined;
		printPreview(out, previewed, impact);
		if (previewed.plan.changes.length === 0) {
			return 0;
		}
		if (previewed.missing.length > 0 || !previewed.ok) {
			out(t('fix.print.notApplied'));
			return 1;
		}
		if (!options.yes) {
			out(t('fix.print.previewOnly'));
			return 0;
		}
		// Something that breaks, or that could not be judged, needs the operator's explicit acceptance.
		if (impact && (breaking(impact).length > 0 || impact.items.some(item => item.effect === 'unknown')) && !options.acceptImpact) {
			out(t('fix.print.needsAccept'));
			return 1;
		}
		guard.writing();
		const result = await apply(check, context, previewed, journal, options, {signal: guard.signal, onStep: guard.onStep});
		if (!result.ok) {
			out(result.interrupted ? t('fix.print.interrupted', {signal: result.interrupted}) : t('fix.print.failed', {error: result.error ?? ''}));
			if (result.rolledBack.length > 0) {
				out(t('fix.print.rolledBack', {objects: result.rolledBack.join(', ')}));
			}
			for (const failure of result.rollbackFailures) {
				out(t('fix.print.rollbackFailed', {failure}));
			}
			for (const failure of result.journalFailures) {
				out(t('fix.print.journalFailed', {failure}));
			}
			const left = leftToRevert(result.entry);
			if (left.length > 0) {
				out(t('fix.print.leftover', {objects: left.map(change => refText(change.ref)).join(', '), id: result.entry.id}));
			}
			out(t('fix.print.entry', {id: result.entry.id, status: result.entry.status}));
			return result.interrupted ? exitCodeFor(result.interrupted) : 1;
		}
		out(t('fix.print.applied', {id: result.entry.id}));
		rememberQuietly(client, store => store.fixed(check.id, result.entry.id));
		if (result.verdict) {
			out(t('fix.print.reprobe', {status: result.verdict.status}));
			if (result.resolved.length > 0) {
				out(t('fix.print.resolved', {targets: result.resolved.join(', ')}));
			}
			if (result.remaining.length > 0) {
				out(t('fix.print.remaining', {targets: result.remaining.join(', ')}));
			}
		}
		return 0;
	});
}

function entryLine(entry: JournalEntry): string {
	return t('journal.print.entry', {id: entry.id, when: entry.createdAt, check: entry.checkId, status: entry.status, user: entry.user});
}

export async function runJournal(client: KubeClient, out: Write, journal = new Journal(client.server)): Promise<number> {
	await recover(client, journal, out);
	const entries = journal.entries();
	if (entries.length === 0) {
		out(t('journal.print.empty', {server: client.server}));
		return 0;
	}
	out(t('journal.print.header', {server: client.server, file: journal.file}));
	const attention = entries.filter(entry => needsAttention(entry));
	const rest = entries.filter(entry => !needsAttention(entry));
	const print = (entry: JournalEntry) => {
		out(entryLine(entry));
		for (const line of entry.summary) {
			out(`    ${line}`);
		}
		if (entry.error) {
			out(`    ${t('journal.print.error', {error: entry.error})}`);
		}
		const left = leftToRevert(entry);
		if (left.length > 0 && entry.status !== 'applied') {
			out(`    ${t('journal.print.changes', {left: left.length, objects: left.map(change => refText(change.ref)).join(', ')})}`);
		}
	};
	if (attention.length > 0) {
		out(t('journal.print.attention'));
		attention.forEach(print);
		if (rest.length > 0) {
			out(t('journal.print.others'));
		}
	}
	rest.forEach(print);
	return 0;
}

export async function runUndo(client: KubeClient, which: string | undefined, force: boolean, out: Write, journal = new Journal(client.server)): Promise<number> {
	await recover(client, journal, out);
	let entry: JournalEntry | undefined;
	if (which === undefined) {
		entry = journal.latestUndoable();
		if (!entry) {
			throw new UserError(t('undo.error.nothing', {server: client.server}), 1);
		}
	} else {
		const id = Number(which);
		entry = Number.isInteger(id) ? journal.get(id) : undefined;
		if (!entry) {
			throw new UserError(t('undo.error.noEntry', {entry: which}), 2);
		}
		if (leftToRevert(entry).length === 0) {
			throw new UserError(t('undo.error.notApplied', {entry: which, status: entry.status}), 1);
		}
	}
	out(entryLine(entry));
	const chosen = entry;
	return guardWrites(journal, 'undo', out, async guard => {
		guard.writing();
		const result = await undo(client, journal, chosen, force, {signal: guard.signal, onStep: guard.onStep});
		if (result.drift.length > 0 && !force) {
			out(t('undo.print.refused'));
			for (const item of result.drift) {
				out(`  - ${item.object}: ${item.why}`);
			}
			out(t('undo.print.force'));
			return 1;
		}
		rememberQuietly(client, store => store.unfixed(chosen.checkId, chosen.id));
		for (const object of result.undone) {
			out(t('undo.print.restored', {object}));
		}
		for (const failure of result.failures) {
			out(t('undo.print.failed', {failure}));
		}
		for (const failure of result.journalFailures) {
			out(t('fix.print.journalFailed', {failure}));
		}
		if (result.interrupted) {
			out(t('undo.print.interrupted', {signal: result.interrupted, left: leftToRevert(result.entry).length, id: chosen.id}));
			return exitCodeFor(result.interrupted);
		}
		out(result.ok ? t('undo.print.done', {id: chosen.id}) : t('undo.print.partly', {id: chosen.id}));
		return result.ok ? 0 : 1;
	});
}

/** `write <file> <path>`: a local file the operator asked for, at the path they named. */
export async function runWrite(id: string | undefined, target: string | undefined, overwrite: boolean, out: Write, customResources: () => Promise<string[]>): Promise<number> {
	const file = id ? localFileById(id) : undefined;
	if (!file) {
		throw new UserError(t(id ? 'cli.error.unknownFile' : 'cli.error.writeNeedsFile', {id: id ?? '', files: localFiles.map(item => item.id).join(', ')}), 2);
	}
	if (!target) {
		throw new UserError(t('cli.error.writeNeedsPath', {file: file.id, name: file.defaultName}), 2);
	}
	const content = file.id === 'audit-policy' ? auditPolicy() : encryptionConfig(await customResources());
	const written = writeLocalFile(file, target, content, overwrite);
	out(t(`files.written.${file.id}`, {path: written}));
	return 0;
}

/**
 * `reencrypt`: rewrites every object of the types the encryption configuration covers (those
 * named with --resources, else the assumed default: see engine/reencrypt.ts) so each is stored
 * through the encryption now configured.
 */
export async function runReencrypt(client: KubeClient, yes: boolean, force: boolean, out: Write, requested?: string[]): Promise<number> {
	const context = await openContext(client, undefined);
	const verdict = await encryptionAtRest.probe(context);
	if (!encryptionConfirmed(verdict) && !(force && verdict.status === 'unknown')) {
		out(t('reencrypt.notEnabled', {status: verdict.status, reason: verdict.reason ?? ''}));
		if (verdict.status === 'unknown') {
			out(t('reencrypt.forceUnknown'));
		}
		return 1;
	}
	const choice = await chooseResources(client, requested);
	out(choiceText(choice));
	const missing = await reencryptPermissions(client, choice.types);
	if (missing.length > 0) {
		out(t('fix.print.forbidden', {missing: missing.join(', ')}));
		return 1;
	}
	const counts = await countObjects(client, choice.types);
	out(t('guide.reencrypt.plan', {count: counts.reduce((sum, item) => sum + item.count, 0), counts: countsText(counts), reason: verdict.reason ?? ''}));
	if (!yes) {
		out(t('reencrypt.previewOnly'));
		return 0;
	}
	const result = await reencrypt(client, choice.types, {onProgress: progress => out(progressText(progress))});
	for (const failure of result.failed) {
		out(failureText(failure));
	}
	return result.finished ? 0 : 1;
}
