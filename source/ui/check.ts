// A check's screen: its verdict and evidence, the risk and the attack, the fix (its preview,
// dry-run and scope) or the manual step and what it offers, how to undo, and the guide's link.
import {stringify as toYaml} from 'yaml';
import {changeRef} from '../engine/fix.js';
import {localFileFor} from '../engine/files.js';
import type {CheckState} from '../engine/walk.js';
import {checkText, evidenceDetail, reasonText, renderText} from '../engine/words.js';
import {refText} from '../kube/objects.js';
import {t, type MessageId} from '../messages/catalog.js';
import {fixHeadline} from './fix.js';
import {lineBuilder, marks, statusOf, statusWord, truncate, type Line} from './lines.js';
import type {ProgressData} from '../engine/progress.js';
import {checklistLines, marksLine, seeItLines} from './progress.js';

/** `progress`: what was marked done on this cluster; `step`: the manual step chosen (Tab). */
export function checkLines(item: CheckState, width: number, {progress, step = 0}: {progress?: ProgressData | undefined; step?: number} = {}): Line[] {
	const {lines, add, blank} = lineBuilder(width);
	const {check} = item;
	const status = statusOf(item);
	const verdict = item.result?.verdict;
	add(`${check.section}  ${checkText(check, 'title')}`, {bold: true});
	add(`${marks[status].mark} ${verdict ? t('walk.detail.verdict', {status: statusWord(status), severity: t(`walk.severity.${verdict.severity}`)}) : statusWord(status)}`, {color: marks[status].color});
	// Verdicts are drawn from their codes, in the language in use (whichever language, or thread, probed).
	const reason = verdict ? reasonText(verdict) : undefined;
	if (verdict && reason) {
		// A reason that is an API server's message as it came is said to be one, not passed off as the reason.
		const raw = verdict.status === 'unknown' && verdict.reasonCode !== undefined && Object.keys(verdict.reasonParams ?? {}).join() === 'message' && verdict.reasonParts === undefined;
		add(raw ? t('walk.detail.reasonApi', {message: reason}) : reason);
	}
	if (item.accepted) {
		add(t('walk.detail.accepted', {reason: item.accepted.reason, user: item.accepted.user, at: item.accepted.at}), {color: 'cyan'});
	}
	const marked = marksLine(check, progress);
	if (marked) {
		add(marked, {color: 'green'});
	}
	if (item.busy) {
		add(t(`walk.busy.${item.busy}` as MessageId), {color: 'cyan'});
	}
	if (item.message) {
		add(item.message.text, {color: item.message.tone === 'good' ? 'green' : item.message.tone === 'bad' ? 'red' : 'cyan', bold: true});
	}
	if (item.moved && item.moved.length > 0) {
		add(t('walk.moved', {moved: item.moved.join(', ')}), {color: 'cyan'});
	}
	// Before any explanation: what f changes, what it breaks, the dry-run, and undo.
	for (const line of item.result?.fix?.available ? fixHeadline(item) : []) {
		add(line.text, {color: line.breaks ? 'red' : 'cyan'});
	}
	blank();
	add(t('walk.detail.risk'), {bold: true});
	add(checkText(check, 'risk'));
	add(t('walk.detail.attack'), {bold: true});
	add(checkText(check, 'attack'));
	blank();
	add(t('walk.detail.evidence', {count: verdict?.evidence.length ?? 0}), {bold: true});
	if (verdict && verdict.evidence.length === 0) {
		add(`  ${t('walk.detail.noEvidence')}`);
	}
	for (const evidence of verdict?.evidence ?? []) {
		add(`  ${evidence.kind} ${evidence.namespace ? `${evidence.namespace}/` : ''}${evidence.name}: ${evidenceDetail(evidence)}`);
	}
	lines.push(...seeItLines(check, width));
	blank();
	add(t('walk.detail.fix'), {bold: true});
	add(checkText(check, 'fix'));
	const fix = item.result?.fix;
	if (!check.planFix) {
		add(t('walk.detail.manualOnly'), {color: 'cyan'});
		const file = localFileFor(check);
		if (file) {
			add(t('walk.detail.fileOffer', {name: file.defaultName}), {color: 'cyan'});
		}
		if (check.actions?.reencrypt) {
			add(t('guide.walk.detail.reencryptOffer'), {color: 'cyan'});
		}
	} else if (fix && !fix.available) {
		add(fix.reasonCode === 'engine.fix.nothingToFix' ? t('walk.detail.noFixNeeded') : t('walk.detail.notOffered', {reason: renderText({code: fix.reasonCode}, fix.reason ?? '')}), {color: 'cyan'});
	} else if (item.busy === 'previewing' || (fix?.available && !item.preview && !item.previewError)) {
		add(t('walk.detail.previewing'), {color: 'cyan'});
	}
	const targets = verdict?.fixTargets ?? [];
	if (check.planFix && fix?.available && targets.length > 1) {
		add(item.target
			? t('walk.detail.scopeOne', {target: item.target, index: targets.indexOf(item.target) + 1, count: targets.length})
			: t('walk.detail.scopeAll', {count: targets.length}), {color: 'cyan'});
	}
	if (item.previewError) {
		add(item.previewError, {color: 'red'});
	}
	if (item.preview && item.preview.plan.changes.length > 0) {
		add(t('walk.detail.planned'), {bold: true, color: item.preview.ok ? 'green' : 'red'});
		for (const note of item.preview.plan.notes) {
			add(`  ${note}`);
		}
		for (const result of item.preview.dryRun) {
			const change = result.change;
			add(`  - ${change.summary}`);
			// A delete has no body to show: its one line names the object.
			const yamlText = change.action === 'create' ? toYaml(change.object) : change.action === 'patch' ? toYaml({[t('walk.detail.patchOf', {ref: refText(change.ref)})]: change.patch}) : t('walk.detail.deleteOf', {ref: refText(changeRef(change))});
			for (const yamlLine of yamlText.trimEnd().split('\n')) {
				lines.push({text: truncate(`      ${yamlLine}`, width), color: 'gray'});
			}
			if (!result.ok) {
				add(`    ${t('walk.detail.dryRunRefused', {change: change.summary})} ${result.error ?? ''}`, {color: 'red'});
			}
			for (const warning of result.warnings) {
				add(`    ${t('walk.detail.warning', {warning})}`, {color: 'yellow'});
			}
		}
	}
	add(t('walk.detail.undo'), {bold: true});
	add(checkText(check, 'undo'));
	blank();
	add(t('walk.detail.manual'), {bold: true});
	add(checkText(check, 'manual'));
	lines.push(...checklistLines(check, progress, step, width));
	add(t('walk.detail.link', {link: checkText(check, 'link')}), {color: 'blue'});
	return lines;
}
