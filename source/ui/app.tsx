// The interactive walk. It renders the Walk's state and sends it intents; it makes no API call
// of its own. Every sentence comes from the message catalog.
import fs from 'node:fs';
import path from 'node:path';
import {Box, Text, useApp, useInput, useWindowSize, type Key} from 'ink';
import {useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {stringify as toYaml} from 'yaml';
import {changeRef} from '../engine/fix.js';
import {localFileFor} from '../engine/files.js';
import {guideSections, manualSteps, markdown, message, sectionSummaries, countText} from '../engine/summary.js';
import type {Check, Status} from '../engine/types.js';
import {checkText} from '../engine/words.js';
import type {CheckState, Walk, WalkState} from '../engine/walk.js';
import {refText} from '../kube/objects.js';
import {t, type MessageId} from '../messages/catalog.js';

export const minimum = {columns: 60, rows: 16};

type Screen =
	| {name: 'start'}
	| {name: 'section'; section: string}
	| {name: 'detail'; id: string}
	| {name: 'summary'};

interface Line {
	text: string;
	color?: string | undefined;
	bold?: boolean | undefined;
}

const marks: Record<Status | 'waiting' | 'probing', {mark: string; color: string}> = {
	pass: {mark: '✔', color: 'green'},
	warn: {mark: '!', color: 'yellow'},
	fail: {mark: '✘', color: 'red'},
	unknown: {mark: '?', color: 'magenta'},
	'not-applicable': {mark: '–', color: 'gray'},
	waiting: {mark: '·', color: 'gray'},
	probing: {mark: '…', color: 'cyan'},
};

function statusOf(item: CheckState): Status | 'waiting' | 'probing' {
	if (item.result) {
		return item.result.verdict.status;
	}
	return item.phase === 'probing' ? 'probing' : 'waiting';
}

function statusWord(status: Status | 'waiting' | 'probing'): string {
	if (status === 'waiting') {
		return t('walk.waiting');
	}
	if (status === 'probing') {
		return t('walk.probing');
	}
	return t(`walk.status.${status}` as MessageId);
}

/** Splits text into lines no wider than `width`, at spaces where possible. */
export function wrap(text: string, width: number): string[] {
	const out: string[] = [];
	for (const paragraph of text.split('\n')) {
		const indent = /^\s*/.exec(paragraph)?.[0] ?? '';
		let line = '';
		for (const word of paragraph.trim().split(/\s+/)) {
			if (!word) {
				continue;
			}
			const next = line ? `${line} ${word}` : `${indent}${word}`;
			if (next.length > width && line) {
				out.push(line);
				line = `${indent}  ${word}`;
			} else {
				line = next;
			}
			while (line.length > width) {
				out.push(line.slice(0, width));
				line = line.slice(width);
			}
		}
		out.push(line);
	}
	return out;
}

function sectionOf(item: CheckState): string {
	return item.check.section.split('.')[0]!;
}

/** The footer of a check's screen: its fix keys, or the keys of the files and rewrites a manual step offers. */
function detailKeys(check: Check): MessageId {
	return check.actions?.reencrypt ? 'walk.keys.detailEncryption' : localFileFor(check) ? 'walk.keys.detailFile' : 'walk.keys.detail';
}

function detailLines(item: CheckState, width: number): Line[] {
	const lines: Line[] = [];
	const add = (text: string, style: Omit<Line, 'text'> = {}) => {
		for (const piece of wrap(text, width)) {
			lines.push({text: piece, ...style});
		}
	};
	const id = item.check.id;
	const status = statusOf(item);
	const verdict = item.result?.verdict;
	add(`${item.check.section}  ${checkText(item.check, 'title')}`, {bold: true});
	add(`${marks[status].mark} ${verdict ? t('walk.detail.verdict', {status: statusWord(status), severity: verdict.severity}) : statusWord(status)}`, {color: marks[status].color});
	if (verdict?.reason) {
		add(verdict.reason);
	}
	if (item.accepted) {
		add(t('walk.detail.accepted', {reason: item.accepted.reason, user: item.accepted.user, at: item.accepted.at}), {color: 'cyan'});
	}
	if (item.busy) {
		add(t(`walk.busy.${item.busy}` as MessageId), {color: 'cyan'});
	}
	if (item.message) {
		add(item.message.text, {color: item.message.tone === 'good' ? 'green' : item.message.tone === 'bad' ? 'red' : 'cyan', bold: true});
	}
	lines.push({text: ''});
	add(t('walk.detail.risk'), {bold: true});
	add(checkText(item.check, 'risk'));
	add(t('walk.detail.attack'), {bold: true});
	add(checkText(item.check, 'attack'));
	lines.push({text: ''});
	add(t('walk.detail.evidence', {count: verdict?.evidence.length ?? 0}), {bold: true});
	if (verdict && verdict.evidence.length === 0) {
		add(`  ${t('walk.detail.noEvidence')}`);
	}
	for (const evidence of verdict?.evidence ?? []) {
		add(`  ${evidence.kind} ${evidence.namespace ? `${evidence.namespace}/` : ''}${evidence.name}: ${evidence.detail}`);
	}
	lines.push({text: ''});
	add(t('walk.detail.fix'), {bold: true});
	add(checkText(item.check, 'fix'));
	const fix = item.result?.fix;
	if (!item.check.planFix) {
		add(t('walk.detail.manualOnly'), {color: 'cyan'});
		const file = localFileFor(item.check);
		if (file) {
			add(t('walk.detail.fileOffer', {name: file.defaultName}), {color: 'cyan'});
		}
		if (item.check.actions?.reencrypt) {
			add(t('walk.detail.reencryptOffer'), {color: 'cyan'});
		}
	} else if (fix && !fix.available) {
		add(fix.reasonCode === 'engine.fix.nothingToFix' ? t('walk.detail.noFixNeeded') : t('walk.detail.notOffered', {reason: fix.reason ?? ''}), {color: 'cyan'});
	} else if (item.busy === 'previewing' || (fix?.available && !item.preview && !item.previewError)) {
		add(t('walk.detail.previewing'), {color: 'cyan'});
	}
	const targets = verdict?.fixTargets ?? [];
	if (item.check.planFix && fix?.available && targets.length > 1) {
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
				lines.push({text: `      ${yamlLine}`.slice(0, width), color: 'gray'});
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
	add(checkText(item.check, 'undo'));
	lines.push({text: ''});
	add(t('walk.detail.manual'), {bold: true});
	add(checkText(item.check, 'manual'));
	add(t('walk.detail.link', {link: checkText(item.check, 'link')}), {color: 'blue'});
	return lines;
}

function summaryLines(state: WalkState, width: number, written: string | undefined): Line[] {
	const lines: Line[] = [];
	const add = (text: string, style: Omit<Line, 'text'> = {}) => {
		for (const piece of wrap(text, width)) {
			lines.push({text: piece, ...style});
		}
	};
	add(t('walk.summary.title'), {bold: true});
	if (written) {
		add(written, {color: 'green'});
	}
	for (const summary of sectionSummaries(state)) {
		add(summary.checked
			? t('walk.summary.section', {section: summary.section, title: summary.title, before: summary.before, now: summary.now})
			: `${summary.section} ${summary.title}: ${t('walk.section.notYet')}`);
	}
	lines.push({text: ''});
	add(state.applied.length > 0 ? t('walk.summary.fixes', {count: state.applied.length}) : t('walk.summary.noFixes'), {bold: true});
	for (const entry of state.applied) {
		add(`  ${t('walk.summary.fix', {id: entry.id, check: entry.checkId, summary: entry.summary.join('; ')})}`);
	}
	const accepted = state.checks.filter(item => item.accepted);
	lines.push({text: ''});
	add(t('walk.summary.accepted', {count: accepted.length}), {bold: true});
	for (const item of accepted) {
		add(`  ${item.check.id}: ${item.accepted!.reason}`);
	}
	const manual = manualSteps(state);
	lines.push({text: ''});
	add(t('walk.summary.manual', {count: manual.length}), {bold: true});
	for (const step of manual) {
		add(`  ${step.id}: ${step.manual}`);
	}
	return lines;
}

export interface AppProps {
	walk: Walk;
	/** Overrides the terminal size (tests). */
	size?: {columns: number; rows: number} | undefined;
	color?: boolean;
	/** Where the Markdown report is written (default: the working directory). */
	reportDir?: string;
	now?: () => Date;
}

export function App({walk, size, color = true, reportDir = process.cwd(), now = () => new Date()}: AppProps) {
	const {exit} = useApp();
	const window = useWindowSize();
	const columns = size?.columns ?? window.columns;
	const rows = size?.rows ?? window.rows;
	const [state, setState] = useState<WalkState>(walk.current);
	// Navigation lives in a ref that each key updates at once, so keys arriving faster than
	// frames (typing ahead, a paste, a test) act on the state left by the key before them.
	const nav = useRef({screen: {name: 'start'} as Screen, cursor: 0, scroll: 0, help: false, accepting: undefined as string | undefined, typingPath: undefined as string | undefined, quitting: false, written: undefined as string | undefined});
	const [, redraw] = useReducer((count: number) => count + 1, 0);
	const {screen, cursor, scroll, help, accepting, typingPath, quitting, written} = nav.current;
	const set = (change: Partial<typeof nav.current>) => {
		nav.current = {...nav.current, ...change};
		redraw();
	};
	const setCursor = (next: number) => set({cursor: next});
	const setScroll = (next: number) => set({scroll: next});
	const setHelp = (next: boolean) => set({help: next});
	const setAccepting = (next: string | undefined) => set({accepting: next});
	const setQuitting = (next: boolean) => set({quitting: next});
	const setWritten = (next: string | undefined) => set({written: next});

	useEffect(() => walk.subscribe(setState), [walk]);
	useEffect(() => {
		if (screen.name === 'detail') {
			void walk.loadPreview(screen.id);
		}
	}, [walk, screen, state.checks.find(item => screen.name === 'detail' && item.check.id === screen.id)?.result]);

	const width = Math.max(20, columns - 2);
	const footerId: MessageId | undefined = state.fatal ? 'walk.keys.start' : help ? undefined
		: screen.name === 'start' ? 'walk.keys.start' : screen.name === 'section' ? 'walk.keys.section' : screen.name === 'detail' ? detailKeys(state.checks.find(item => item.check.id === screen.id)!.check) : 'walk.keys.summary';
	// The footer lists every key; on a narrow terminal it takes two lines rather than cutting keys off.
	const footer = footerId ? keyLines(t(footerId), columns) : [];
	const bodyRows = Math.max(3, rows - 3 - Math.max(1, footer.length));
	const sectionChecks = (section: string) => state.checks.filter(item => sectionOf(item) === section);
	const startItems = [...guideSections, 'summary'];

	const screenLines = (target: Screen): Line[] => {
		if (target.name === 'detail') {
			const item = state.checks.find(check => check.check.id === target.id);
			return item ? detailLines(item, width) : [];
		}
		if (target.name === 'summary') {
			return summaryLines(state, width, nav.current.written);
		}
		return [];
	};
	const rendered = screen;
	const lines: Line[] = useMemo(() => screenLines(screen), [screen, state, width, written]);
	const maxScroll = Math.max(0, lines.length - bodyRows);

	const open = (next: Screen) => {
		set({screen: next, cursor: 0, scroll: 0});
	};
	const stepSection = (delta: number) => {
		const {screen} = nav.current;
		const current = screen.name === 'section' ? screen.section : screen.name === 'detail' ? sectionOf(state.checks.find(item => item.check.id === screen.id)!) : '3';
		const index = guideSections.indexOf(current);
		const next = guideSections[Math.min(guideSections.length - 1, Math.max(0, index + delta))]!;
		open({name: 'section', section: next});
	};
	const quit = () => {
		if (walk.writing) {
			setQuitting(true);
			void walk.settle().then(() => exit());
			return;
		}
		exit();
	};

	// Ink hands over text that arrives in one read (a paste, keys typed ahead) as one string;
	// each character is a key here, so "j" then Enter pasted together moves, then opens.
	useInput((input, key) => {
		if (input.length > 1 && !key.ctrl && !key.meta && !input.includes('\u001B')) {
			for (const character of input) {
				const single = keyOf(character);
				handle(single.return || single.tab || single.backspace ? '' : character, single);
			}
			return;
		}
		handle(input, key);
	});

	function handle(input: string, key: Key): void {
		const {screen, cursor, scroll, help, accepting, typingPath, quitting} = nav.current;
		// The rendered lines, unless a key earlier in this batch changed the screen.
		const maxScroll = Math.max(0, (screen === rendered ? lines : screenLines(screen)).length - bodyRows);
		if (quitting) {
			return;
		}
		if (accepting !== undefined && screen.name === 'detail') {
			if (key.escape) {
				setAccepting(undefined);
			} else if (key.return) {
				walk.accept(screen.id, accepting);
				setAccepting(undefined);
			} else if (key.backspace || key.delete) {
				setAccepting(accepting.slice(0, -1));
			} else if (input && !key.ctrl && !key.meta) {
				setAccepting(accepting + input);
			}
			return;
		}
		if (typingPath !== undefined && screen.name === 'detail') {
			if (key.escape) {
				set({typingPath: undefined});
			} else if (key.return) {
				void walk.writeFile(screen.id, typingPath);
				set({typingPath: undefined});
			} else if (key.backspace || key.delete) {
				set({typingPath: typingPath.slice(0, -1)});
			} else if (input && !key.ctrl && !key.meta) {
				set({typingPath: typingPath + input});
			}
			return;
		}
		if (help) {
			setHelp(false);
			return;
		}
		if (input === 'q' || (key.ctrl && input === 'c')) {
			quit();
			return;
		}
		if (input === '?') {
			setHelp(true);
			return;
		}
		const up = key.upArrow || input === 'k';
		const down = key.downArrow || input === 'j';
		const back = key.escape || key.backspace || key.delete;
		if (screen.name === 'start') {
			if (up) {
				setCursor(Math.max(0, cursor - 1));
			} else if (down) {
				setCursor(Math.min(startItems.length - 1, cursor + 1));
			} else if (key.return) {
				const choice = startItems[cursor]!;
				open(choice === 'summary' ? {name: 'summary'} : {name: 'section', section: choice});
			} else if (input === 's') {
				open({name: 'summary'});
			} else if (input === 'n' || input === 'p') {
				stepSection(input === 'n' ? 1 : -1);
			}
			return;
		}
		if (screen.name === 'section') {
			const items = sectionChecks(screen.section);
			if (up) {
				setCursor(Math.max(0, cursor - 1));
			} else if (down) {
				setCursor(Math.min(Math.max(0, items.length - 1), cursor + 1));
			} else if (key.return && items[cursor]) {
				open({name: 'detail', id: items[cursor]!.check.id});
			} else if (back) {
				open({name: 'start'});
			} else if (input === 'n' || input === 'p') {
				stepSection(input === 'n' ? 1 : -1);
			} else if (input === 's') {
				open({name: 'summary'});
			}
			return;
		}
		if (up) {
			setScroll(Math.max(0, scroll - 1));
		} else if (down) {
			setScroll(Math.min(maxScroll, scroll + 1));
		} else if (key.pageDown || input === ' ') {
			setScroll(Math.min(maxScroll, scroll + bodyRows - 1));
		} else if (key.pageUp) {
			setScroll(Math.max(0, scroll - bodyRows + 1));
		}
		if (screen.name === 'summary') {
			if (back) {
				open({name: 'start'});
			} else if (input === 'w') {
				const file = path.join(reportDir, `kubectl-harden-report-${now().toISOString().replaceAll(/[:.]/g, '-')}.md`);
				try {
					fs.writeFileSync(file, markdown(state, now()), {mode: 0o600});
					setWritten(t('walk.summary.written', {file}));
				} catch (error) {
					setWritten(t('walk.summary.writeFailed', {error: (error as Error).message}));
				}
			}
			return;
		}
		const id = screen.id;
		if (back) {
			const item = state.checks.find(check => check.check.id === id)!;
			const section = sectionOf(item);
			set({screen: {name: 'section', section}, cursor: Math.max(0, sectionChecks(section).findIndex(check => check.check.id === id)), scroll: 0});
		} else if (input === 'f') {
			void walk.applyFix(id);
		} else if (input === 't') {
			void walk.nextTarget(id);
		} else if (input === 'u') {
			void walk.undoLast(id);
		} else if (input === 'r') {
			void walk.reprobe(id);
		} else if (input === 'a') {
			setAccepting('');
		} else if (input === 'o' && localFileFor(state.checks.find(check => check.check.id === id)!.check)) {
			set({typingPath: `./${localFileFor(state.checks.find(check => check.check.id === id)!.check)!.defaultName}`});
		} else if (input === 'e') {
			void walk.reencrypt(id);
		} else if (input === 'n' || input === 'p') {
			stepSection(input === 'n' ? 1 : -1);
		} else if (input === 's') {
			open({name: 'summary'});
		}
	}

	const paint = (line: Line, key: number | string) => (
		<Text key={key} color={color ? line.color : undefined} bold={line.bold} wrap="truncate">{line.text || ' '}</Text>
	);

	if (columns < minimum.columns || rows < minimum.rows) {
		return <Text wrap="wrap">{t('walk.tooSmall', {columns: minimum.columns, rows: minimum.rows, width: columns, height: rows})}</Text>;
	}

	let body: Line[];
	if (state.fatal) {
		body = wrap(t('walk.fatal', {error: state.fatal}), width).map(text => ({text, color: 'red'}));
	} else if (help) {
		body = t('walk.keys.help').split('\n').map(text => ({text}));
	} else if (screen.name === 'start') {
		body = startBody(state, cursor, width);
	} else if (screen.name === 'section') {
		body = sectionBody(state, screen.section, cursor, width, bodyRows);
	} else {
		body = lines.slice(Math.min(scroll, maxScroll), Math.min(scroll, maxScroll) + bodyRows);
	}
	const visible = body.slice(0, bodyRows);
	return (
		<Box flexDirection="column" width={columns}>
			<Text bold color={color ? 'cyan' : undefined} wrap="truncate">{t('walk.title')}</Text>
			<Box flexDirection="column" height={bodyRows}>
				{visible.map((line, index) => paint(line, index))}
			</Box>
			{accepting !== undefined
				? <Text wrap="truncate">{`${t('walk.accept.prompt')} > ${accepting}`}</Text>
				: typingPath !== undefined
				? <Text wrap="truncate">{`${t('walk.file.prompt')} > ${typingPath}`}</Text>
				: <Text wrap="truncate">{quitting ? t('walk.quitWaiting') : ' '}</Text>}
			{(footer.length > 0 ? footer : [' ']).map((text, index) => <Text key={`footer-${index}`} dimColor={color} wrap="truncate">{text}</Text>)}
		</Box>
	);
}

/** Breaks a footer's "a · b · c" key list into lines that fit, never inside one key's text. */
function keyLines(text: string, columns: number): string[] {
	const out: string[] = [];
	let line = '';
	for (const part of text.split(' · ')) {
		const next = line ? `${line} · ${part}` : part;
		if (next.length > columns && line) {
			out.push(line);
			line = part;
		} else {
			line = next;
		}
	}
	out.push(line);
	return out;
}

/** What a single character of a multi-character read means as a key. */
function keyOf(character: string): Key {
	const name = character === '\r' || character === '\n' ? 'return' : character === '\t' ? 'tab' : character === '\u007F' || character === '\b' ? 'backspace' : '';
	return {
		upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
		return: name === 'return', escape: false, ctrl: false, shift: /[A-Z]/.test(character), tab: name === 'tab',
		backspace: name === 'backspace', delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
	} as Key;
}

function startBody(state: WalkState, cursor: number, width: number): Line[] {
	const lines: Line[] = [];
	const add = (text: string, style: Omit<Line, 'text'> = {}) => {
		for (const piece of wrap(text, width)) {
			lines.push({text: piece, ...style});
		}
	};
	if (!state.cluster || !state.identity) {
		add(t('walk.start.connecting'), {color: 'cyan'});
	} else {
		add(t('walk.start.cluster', {server: state.cluster.server, context: state.cluster.context ?? '-', version: state.cluster.version}));
		const groups = state.identity.groups.filter(group => group !== 'system:authenticated');
		add(t('walk.start.identity', {user: state.identity.username, groups: groups.length > 0 ? t('walk.start.groups', {groups: groups.join(', ')}) : ''}));
		if (state.identity.systemMasters) {
			add(t('walk.start.systemMasters'), {color: 'yellow', bold: true});
		}
		if (state.identity.impersonated) {
			add(t('walk.start.impersonated', {user: state.identity.username}), {color: 'yellow', bold: true});
		}
		if (state.namespace) {
			add(t('walk.start.scope', {namespace: state.namespace}));
		}
		const done = state.checks.filter(item => item.result).length;
		add(state.probing || done < state.checks.length
			? t('walk.start.probing', {done, total: state.checks.length})
			: t('walk.start.probed', {total: state.checks.length, seconds: ((state.firstVerdictsMs ?? 0) / 1000).toFixed(1)}), {color: 'cyan'});
		const forbidden = state.checks.filter(item => item.result?.fix?.forbidden).length;
		if (forbidden > 0) {
			add(t('walk.start.fixesForbidden', {count: forbidden}), {color: 'yellow'});
		}
	}
	lines.push({text: ''});
	const items = [...guideSections, 'summary'];
	items.forEach((section, index) => {
		const pointer = index === cursor ? '›' : ' ';
		if (section === 'summary') {
			lines.push({text: `${pointer} ${t('walk.start.summary')}`, bold: index === cursor});
			return;
		}
		const checks = state.checks.filter(item => sectionOf(item) === section);
		const detail = checks.length === 0
			? t('walk.section.notYet')
			: checks.every(item => item.result) ? countText(checks.map(item => item.result?.verdict.status)) : `${t('walk.probing')} ${countText(checks.map(item => item.result?.verdict.status))}`;
		const worst = (['fail', 'warn', 'unknown', 'pass'] as const).find(status => checks.some(item => item.result?.verdict.status === status));
		const mark = checks.length === 0 ? marks['not-applicable'] : checks.some(item => !item.result) ? marks.probing : marks[worst ?? 'not-applicable'];
		for (const piece of wrap(`${pointer} ${mark.mark} ${section}. ${message(`section.${section}.title`)}: ${detail}`, width)) {
			lines.push({text: piece, color: mark.color, bold: index === cursor});
		}
	});
	return lines;
}

function sectionBody(state: WalkState, section: string, cursor: number, width: number, rows: number): Line[] {
	const lines: Line[] = [];
	for (const piece of wrap(`${section}. ${message(`section.${section}.title`)}`, width)) {
		lines.push({text: piece, bold: true});
	}
	for (const piece of wrap(message(`section.${section}.intro`), width)) {
		lines.push({text: piece});
	}
	lines.push({text: ''});
	const checks = state.checks.filter(item => sectionOf(item) === section);
	if (checks.length === 0) {
		lines.push({text: t('walk.section.notYet'), color: 'gray'});
		return lines;
	}
	// Keep the selected check in view when the list is longer than the screen.
	const room = Math.max(1, rows - lines.length);
	const first = Math.max(0, Math.min(cursor - room + 1, checks.length - room));
	checks.slice(first, first + room).forEach((item, offset) => {
		const index = first + offset;
		const status = statusOf(item);
		const count = item.result?.verdict.evidence.length ?? 0;
		const accepted = item.accepted ? ` ${t('walk.section.accepted')}` : '';
		const pointer = index === cursor ? '›' : ' ';
		lines.push({
			text: `${pointer} ${marks[status].mark} ${statusWord(status).padEnd(7)} ${item.check.section} ${checkText(item.check, 'title')}${count > 0 ? ` (${count})` : ''}${accepted}`.slice(0, width),
			color: marks[status].color,
			bold: index === cursor,
		});
	});
	return lines;
}
