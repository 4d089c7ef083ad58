// The fix screen: what the fix writes and what it breaks, before anything is written. Targets,
// the fix's choices, each planned change readably (created object, patched fields before ->
// after, deleted object), the impact, the server-side dry-run with its warnings, missing
// permissions, and what undo cannot restore. Enter or y applies; Esc goes back unchanged.
import {permissionText} from '../engine/access.js';
import {changeRef} from '../engine/fix.js';
import {impactLines, safeAtOnce, type Impact} from '../engine/impact.js';
import type {Change} from '../engine/types.js';
import type {CheckState} from '../engine/walk.js';
import {checkText} from '../engine/words.js';
import {refText, type KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import {lineBuilder, type Line} from './lines.js';

/** A patch's fields as `path: before -> after`, `before` read from the object as the preview saw it. */
function patchLines(patch: Record<string, unknown>, before: unknown, prefix = ''): string[] {
	const out: string[] = [];
	for (const [key, value] of Object.entries(patch)) {
		const was = typeof before === 'object' && before !== null ? (before as Record<string, unknown>)[key] : undefined;
		const path = prefix ? `${prefix}.${key}` : key;
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
			out.push(...patchLines(value as Record<string, unknown>, was, path));
		} else {
			out.push(t('walk.fixScreen.field', {path, before: was === undefined ? t('walk.fixScreen.unset') : JSON.stringify(was), after: JSON.stringify(value)}));
		}
	}
	return out;
}

function changeLines(change: Change, current: KubeObject | undefined): string[] {
	if (change.action === 'create') {
		return [t('walk.fixScreen.create', {ref: refText(changeRef(change))})];
	}
	if (change.action === 'delete') {
		return [t('walk.fixScreen.delete', {ref: refText(change.ref)})];
	}
	return [t('walk.fixScreen.patch', {ref: refText(change.ref)}), ...patchLines(change.patch, current).map(line => `  ${line}`)];
}

/** The fix screen's lines; `objects` are the patched objects as read for the preview (before -> after). */
export function fixLines(item: CheckState, width: number): Line[] {
	const objects = item.patched ?? new Map<string, KubeObject>();
	const {lines, add, blank} = lineBuilder(width);
	const {check, preview, impact} = item;
	add(t('walk.fixScreen.title', {section: check.section, title: checkText(check, 'title')}), {bold: true});
	const targets = item.result?.verdict.fixTargets ?? [];
	add(t('walk.fixScreen.targets', {targets: item.target ?? (targets.join(', ') || '-')}));
	for (const [name, values] of Object.entries(check.choices ?? {})) {
		add(t('walk.fixScreen.choice', {name, value: item.options?.[name] ?? values[0] ?? ''}), {color: 'cyan'});
	}
	if (item.busy === 'previewing' || !preview) {
		add(item.previewError ?? t('walk.detail.previewing'), {color: item.previewError ? 'red' : 'cyan'});
		return lines;
	}
	blank();
	add(t('walk.fixScreen.changes'), {bold: true});
	for (const change of preview.plan.changes) {
		for (const line of changeLines(change, objects.get(refText(changeRef(change))))) {
			add(`  ${line}`);
		}
	}
	for (const note of preview.plan.notes) {
		add(`  ${note}`, {color: 'gray'});
	}
	blank();
	if (impact) {
		const effects = impact.assessed && impact.items.length > 0 ? [undefined, ...impact.items.map(entry => entry.effect)] : [undefined];
		for (const [index, line] of impactLines(impact).entries()) {
			const effect = effects[index];
			add(line, index === 0 ? {bold: true} : {color: effect === 'breaks' || effect === 'unknown' ? 'red' : undefined});
		}
	}
	if (preview.missing.length > 0) {
		add(t('fix.print.forbidden', {missing: preview.missing.map(permission => permissionText(permission)).join('; ')}), {color: 'red'});
	} else {
		add(t('fix.print.dryRun'), {bold: true});
		for (const result of preview.dryRun) {
			add(`  ${result.ok ? t('fix.print.ok') : t('fix.print.refused')} ${result.change.summary}`, {color: result.ok ? 'green' : 'red'});
			for (const warning of result.warnings) {
				add(`    ${t('walk.detail.warning', {warning})}`, {color: 'yellow'});
			}
			if (result.error) {
				add(`    ${result.error}`, {color: 'red'});
			}
		}
	}
	if (preview.undoLimits.length === 0) {
		add(t('fix.print.undoAll'));
	} else {
		add(t('fix.print.undoLimits'), {bold: true});
		for (const limit of preview.undoLimits) {
			add(`  ${t(limit.what === 'same-token' ? 'fix.print.undoSameToken' : 'fix.print.undoLost', {object: limit.object})}`, {color: 'yellow'});
		}
	}
	blank();
	add(preview.ok ? t('walk.fixScreen.confirm') : t('walk.fix.notReady'), {bold: true});
	return lines;
}

/** The check screen's first lines for a fixable check: what f changes, what it breaks, the dry-run, undo. */
/** The headline when nothing is known to break: say so, or name what could not be judged. */
function unjudged(impact: Impact): string {
	const unknown = impact.items.filter(item => item.effect === 'unknown');
	return unknown.length === 0 ? t('fix.print.impactNone') : t('walk.fixHead.unknown', {count: unknown.length, first: `${unknown[0]!.object ?? ''}`.trim()});
}

export function fixHeadline(item: CheckState): Array<{text: string; breaks: boolean}> {
	const {preview, impact} = item;
	if (!preview || preview.plan.changes.length === 0) {
		return [];
	}
	const breaks = impact?.items.filter(entry => entry.effect === 'breaks') ?? [];
	const lines = [
		t('walk.fixHead.changes', {count: preview.plan.changes.length, objects: preview.plan.changes.map(change => refText(changeRef(change))).join(', ')}),
		!impact ? t('walk.fixHead.impactUnread') : !impact.assessed ? t('fix.print.impactNotAssessed') : breaks.length === 0 ? unjudged(impact) : t('walk.fixHead.breaks', {count: breaks.length, first: `${breaks[0]!.object ?? ''} ${breaks[0]!.phrase.text}`.trim()}),
		preview.missing.length > 0 ? t('walk.fixHead.forbidden') : preview.ok ? t('walk.fixHead.dryRunOk', {warnings: preview.dryRun.reduce((sum, result) => sum + result.warnings.length, 0)}) : t('walk.fixHead.dryRunRefused'),
		preview.undoLimits.length === 0 ? t('fix.print.undoAll') : t('walk.fixHead.undoPartial', {count: preview.undoLimits.length}),
		impact && safeAtOnce(preview, impact) ? t('walk.fixHead.fAtOnce') : t('walk.fixHead.fConfirms'),
	];
	return lines.map((text, index) => ({text, breaks: index === 1 && breaks.length > 0}));
}
