// The impact step, beside preview: what a planned fix would break, read from the live cluster
// by the check's own rule (Check.impact), and whether undo restores everything. No Ink here.
import type {KubeClient} from '../kube/client.js';
import {isKubeError} from '../kube/errors.js';
import type {KubeObject} from '../kube/objects.js';
import {t} from '../messages/catalog.js';
import {catalogPhrase, verbatim} from './words.js';
import type {Preview} from './fix.js';
import type {Check, CheckContext, FixPlan, ImpactItem} from './types.js';
import {refText} from '../kube/objects.js';
import {changeRef} from './fix.js';

export interface Impact {
	/** Everything found, what breaks first. */
	items: ImpactItem[];
	/** False when the check has no impact rule: nothing was looked for. */
	assessed: boolean;
	/** True when undo gives back everything the fix changes (Preview.undoLimits is empty). */
	undoRestoresAll: boolean;
}

const effectOrder = {breaks: 0, unknown: 1, note: 2};

export async function impactOf(check: Check, context: CheckContext, previewed: Preview): Promise<Impact> {
	const undoRestoresAll = previewed.undoLimits.length === 0;
	if (!check.impact || previewed.plan.changes.length === 0) {
		return {items: [], assessed: check.impact !== undefined, undoRestoresAll};
	}
	let items: ImpactItem[];
	try {
		items = await check.impact(context, previewed.plan);
	} catch (error) {
		if (!isKubeError(error)) {
			throw error;
		}
		items = [{effect: 'unknown', phrase: catalogPhrase('impact.unreadable', {error: error.message})}];
	}
	items.sort((a, b) => effectOrder[a.effect] - effectOrder[b.effect]);
	return {items, assessed: true, undoRestoresAll};
}

/**
 * The impact of an RBAC fix: each change takes away the access the check reports (its summary
 * names the subjects and what they lose); nothing else is written, so nothing else is named.
 */
export async function accessRemovalImpact(_context: CheckContext, plan: FixPlan): Promise<ImpactItem[]> {
	return plan.changes.map(change => ({effect: 'note', object: refText(changeRef(change)), phrase: catalogPhrase('impact.accessRemoved', {change: change.summary})}));
}

/** What will break (the items a fix needs a confirmation for). */
export function breaking(impact: Impact): ImpactItem[] {
	return impact.items.filter(item => item.effect === 'breaks');
}

/** One key is enough: nothing breaks, nothing is unknown, and undo gives everything back. */
export function safeAtOnce(previewed: Preview, impact: Impact): boolean {
	return previewed.ok && impact.assessed && impact.undoRestoresAll && impact.items.every(item => item.effect === 'note');
}

/** The objects at a REST path (kinds the client has no table entry for: Ingress, HPA, routes); empty when the API lacks them. */
export async function listPath(client: KubeClient, path: string): Promise<KubeObject[]> {
	try {
		const {body} = await client.request<{items?: KubeObject[]}>({method: 'GET', path});
		return body?.items ?? [];
	} catch (error) {
		if (isKubeError(error, 'not-found')) {
			return [];
		}
		throw error;
	}
}

/** An item for one object. */
export function itemFor(effect: ImpactItem['effect'], object: KubeObject, phrase: ImpactItem['phrase']): ImpactItem {
	const where = object.metadata.namespace ? `${object.metadata.namespace}/` : '';
	return {effect, object: `${object.kind} ${where}${object.metadata.name}`, phrase};
}

/** What the fix breaks, as the preview prints it (and the walk's fix screen shows it). */
export function impactLines(impact: Impact): string[] {
	if (!impact.assessed) {
		return [t('fix.print.impactNotAssessed')];
	}
	if (impact.items.length === 0) {
		return [t('fix.print.impactNone')];
	}
	const mark = {breaks: t('fix.print.impactBreaks'), unknown: t('fix.print.impactUnknown'), note: t('fix.print.impactNote')};
	return [t('fix.print.impact'), ...impact.items.map(item => `  ${mark[item.effect]} ${item.object ? `${item.object}: ` : ''}${item.phrase.text}`)];
}

export {verbatim};
