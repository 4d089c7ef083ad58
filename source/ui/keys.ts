// The walk's keys, in one table: which key, on which screens it acts and when, what it does,
// its label in the footer (on which screens, and whether it is offered there) and its line on
// the help screen. Input handling, the footer and the help screen are all read from it, and a
// test holds the README's key list to it.
import type {Key} from 'ink';
import stringWidth from 'string-width';
import {localFileFor} from '../engine/files.js';
import type {Check} from '../engine/types.js';
import {t, type MessageId} from '../messages/catalog.js';

export type Screen =
	| {name: 'start'}
	| {name: 'section'; section: string}
	| {name: 'detail'; id: string}
	| {name: 'fix'; id: string}
	| {name: 'summary'};

export type ScreenName = Screen['name'];

/** What a key can do: the hook over the walk provides it. */
export interface KeyControls {
	/** The check of the detail screen. */
	check: Check | undefined;
	move(delta: number): void;
	scroll(delta: number): void;
	page(direction: 1 | -1): void;
	open(): void;
	back(): void;
	stepSection(delta: number): void;
	summary(): void;
	help(): void;
	quit(): void;
	fix(): void;
	fixScreen(): void;
	confirm(): void;
	choose(): void;
	target(): void;
	undo(): void;
	reprobe(): void;
	accept(): void;
	writeFile(): void;
	reencrypt(): void;
	writeReport(): void;
	/** The next (1) or previous (-1) manual step of the check. */
	step(delta: 1 | -1): void;
	/** Marks the chosen manual step done, or not done. */
	tick(): void;
	/** Opens the check (or section) where the operator stopped last time. */
	resume(): void;
	/** Switch between English and Traditional Chinese (remembered for the next run). */
	language(): void;
}

export interface KeyBinding {
	id: string;
	/** The keys as the README's key table names them. */
	keys: string[];
	matches(input: string, key: Key): boolean;
	/** The screens it acts on. */
	screens: ScreenName[];
	/** A further condition to act (a check with a file to write). */
	when?(check: Check | undefined): boolean;
	run(controls: KeyControls, input: string, key: Key): void;
	/** Its footer label, the screens whose footer lists it, its place there, and on a check's screen whether it is offered. */
	footer?: {label: MessageId; screens: ScreenName[]; order: number; offered?(check: Check | undefined, now: FooterState | undefined): boolean};
	/** Its line on the help screen. */
	help?: MessageId;
}

/** What a check's screen shows now, for keys that apply only then; unknown: by the check alone. */
export interface FooterState {
	/** A fix is offered for the verdict on screen. */
	fixAvailable: boolean;
	/** How many findings the fix can be narrowed to. */
	targets: number;
	/** A fix of this check applied in this session can be undone. */
	undoable: boolean;
	/** On the start screen: there is a place to continue from. */
	resumable?: boolean | undefined;
}

const up = (input: string, key: Key) => key.upArrow || input === 'k';
const down = (input: string, key: Key) => key.downArrow || input === 'j';
const char = (...characters: string[]) => (input: string) => characters.includes(input);
const hasFix = (check: Check | undefined) => check?.planFix !== undefined;
const all: ScreenName[] = ['start', 'section', 'detail', 'fix', 'summary'];
const hasChoices = (check: Check | undefined) => Object.keys(check?.choices ?? {}).length > 0;
const hasSteps = (check: Check | undefined) => (check?.steps?.length ?? 0) > 0;
/** A file to write: the check's own, or one of its manual steps'. */
const hasFile = (check: Check | undefined) => check !== undefined && (localFileFor(check) !== undefined || (check.steps ?? []).some(step => step.file !== undefined));

/** In the order of the help screen. */
export const keyTable: KeyBinding[] = [
	{
		id: 'move', keys: ['↑', '↓', 'j', 'k'], matches: (input, key) => up(input, key) || down(input, key), screens: ['start', 'section'],
		run: (controls, input, key) => controls.move(up(input, key) ? -1 : 1),
		footer: {label: 'walk.key.move', screens: ['start', 'section'], order: 0}, help: 'walk.help.move',
	},
	{
		id: 'scroll', keys: ['↑', '↓', 'j', 'k'], matches: (input, key) => up(input, key) || down(input, key), screens: ['detail', 'fix', 'summary'],
		run: (controls, input, key) => controls.scroll(up(input, key) ? -1 : 1),
		footer: {label: 'walk.key.scroll', screens: ['detail', 'fix', 'summary'], order: 0},
	},
	{
		// On a check with manual steps, space ticks the chosen one (PgDn still pages).
		id: 'tick', keys: ['space'], matches: char(' '), screens: ['detail'], when: hasSteps,
		run: controls => controls.tick(),
		footer: {label: 'progress.key.tick', screens: ['detail'], order: 29, offered: hasSteps}, help: 'progress.help.tick',
	},
	{
		id: 'step', keys: ['Tab', 'Shift-Tab'], matches: (_input, key) => key.tab, screens: ['detail'], when: hasSteps,
		run: (controls, _input, key) => controls.step(key.shift ? -1 : 1),
		footer: {label: 'progress.key.step', screens: ['detail'], order: 28, offered: hasSteps}, help: 'progress.help.step',
	},
	{
		id: 'page', keys: ['space', 'PgDn', 'PgUp'], matches: (input, key) => key.pageDown || key.pageUp || input === ' ', screens: ['detail', 'fix', 'summary'],
		run: (controls, _input, key) => controls.page(key.pageUp ? -1 : 1),
	},
	{
		id: 'open', keys: ['Enter'], matches: (_input, key) => key.return, screens: ['start', 'section'],
		run: controls => controls.open(),
		footer: {label: 'walk.key.open', screens: ['start', 'section'], order: 10}, help: 'walk.help.open',
	},
	{
		id: 'back', keys: ['Esc', 'Backspace'], matches: (_input, key) => key.escape || key.backspace || key.delete, screens: ['section', 'detail', 'fix', 'summary'],
		run: controls => controls.back(),
		footer: {label: 'walk.key.back', screens: ['section', 'detail', 'fix', 'summary'], order: 80}, help: 'walk.help.back',
	},
	{
		id: 'section', keys: ['n', 'p'], matches: char('n', 'p'), screens: ['section', 'detail'],
		run: (controls, input) => controls.stepSection(input === 'n' ? 1 : -1),
		footer: {label: 'walk.key.section', screens: ['section', 'detail'], order: 70}, help: 'walk.help.section',
	},
	{
		id: 'continue', keys: ['c'], matches: char('c'), screens: ['start'],
		run: controls => controls.resume(),
		footer: {label: 'progress.key.continue', screens: ['start'], order: 11, offered: (_check, now) => now?.resumable ?? true}, help: 'progress.help.continue',
	},
	{
		id: 'fix', keys: ['f'], matches: char('f'), screens: ['detail'],
		run: controls => controls.fix(),
		footer: {label: 'walk.key.fix', screens: ['detail'], order: 20, offered: (check, now) => hasFix(check) && (now?.fixAvailable ?? true)}, help: 'walk.help.fix',
	},
	{
		id: 'fixScreen', keys: ['F'], matches: char('F'), screens: ['detail'], when: hasFix,
		run: controls => controls.fixScreen(),
		footer: {label: 'walk.key.fixScreen', screens: ['detail'], order: 20.5, offered: (check, now) => hasFix(check) && (now?.fixAvailable ?? true)}, help: 'walk.help.fixScreen',
	},
	{
		id: 'confirm', keys: ['Enter', 'y'], matches: (input, key) => key.return || input === 'y', screens: ['fix'],
		run: controls => controls.confirm(),
		footer: {label: 'walk.key.confirm', screens: ['fix'], order: 10}, help: 'walk.help.confirm',
	},
	{
		id: 'choose', keys: ['c'], matches: char('c'), screens: ['fix'], when: hasChoices,
		run: controls => controls.choose(),
		footer: {label: 'walk.key.choose', screens: ['fix'], order: 15, offered: hasChoices}, help: 'walk.help.choose',
	},
	{
		id: 'target', keys: ['t'], matches: char('t'), screens: ['detail', 'fix'],
		run: controls => controls.target(),
		footer: {label: 'walk.key.target', screens: ['detail', 'fix'], order: 21, offered: (check, now) => hasFix(check) && (now === undefined || (now.fixAvailable && now.targets > 1))}, help: 'walk.help.target',
	},
	{
		id: 'undo', keys: ['u'], matches: char('u'), screens: ['detail'],
		run: controls => controls.undo(),
		footer: {label: 'walk.key.undo', screens: ['detail'], order: 22, offered: (check, now) => hasFix(check) && (now?.undoable ?? true)}, help: 'walk.help.undo',
	},
	{
		id: 'accept', keys: ['a'], matches: char('a'), screens: ['detail'],
		run: controls => controls.accept(),
		footer: {label: 'walk.key.accept', screens: ['detail'], order: 40}, help: 'walk.help.accept',
	},
	{
		id: 'reprobe', keys: ['r'], matches: char('r'), screens: ['detail'],
		run: controls => controls.reprobe(),
		footer: {label: 'walk.key.reprobe', screens: ['detail'], order: 41}, help: 'walk.help.reprobe',
	},
	{
		id: 'file', keys: ['o'], matches: char('o'), screens: ['detail'], when: hasFile,
		run: controls => controls.writeFile(),
		footer: {label: 'walk.key.file', screens: ['detail'], order: 30, offered: hasFile}, help: 'walk.help.file',
	},
	{
		id: 'reencrypt', keys: ['e'], matches: char('e'), screens: ['detail'],
		run: controls => controls.reencrypt(),
		footer: {label: 'guide.walk.key.reencrypt', screens: ['detail'], order: 31, offered: check => check?.actions?.reencrypt === true}, help: 'guide.walk.help.reencrypt',
	},
	{
		id: 'summary', keys: ['s'], matches: char('s'), screens: ['start', 'section', 'detail'],
		run: controls => controls.summary(),
		help: 'walk.help.summary',
	},
	{
		id: 'write', keys: ['w'], matches: char('w'), screens: ['summary'],
		run: controls => controls.writeReport(),
		footer: {label: 'walk.key.write', screens: ['summary'], order: 50}, help: 'walk.help.write',
	},
	{
		id: 'language', keys: ['l'], matches: char('l'), screens: ['start', 'section', 'detail', 'summary'],
		run: controls => controls.language(),
		footer: {label: 'walk.key.lang', screens: ['start', 'section', 'detail', 'summary'], order: 85}, help: 'walk.help.lang',
	},
	{
		id: 'help', keys: ['?'], matches: char('?'), screens: all,
		run: controls => controls.help(),
		footer: {label: 'walk.key.help', screens: ['start', 'section', 'detail', 'fix'], order: 90}, help: 'walk.help.help',
	},
	{
		id: 'quit', keys: ['q'], matches: (input, key) => input === 'q' || (key.ctrl && input === 'c'), screens: all,
		run: controls => controls.quit(),
		footer: {label: 'walk.key.quit', screens: all, order: 100}, help: 'walk.help.quit',
	},
];

/** The binding a key press has on a screen, if any. */
export function bindingFor(screen: ScreenName, check: Check | undefined, input: string, key: Key): KeyBinding | undefined {
	return keyTable.find(binding => binding.screens.includes(screen) && binding.matches(input, key) && (binding.when?.(check) ?? true));
}

/** The footer of a screen: the keys offered there, in their order. */
export function footerText(screen: ScreenName, check: Check | undefined, now?: FooterState): string {
	return keyTable
		.filter(binding => binding.footer && binding.footer.screens.includes(screen) && (binding.footer.offered?.(check, now) ?? true))
		.sort((a, b) => a.footer!.order - b.footer!.order)
		.map(binding => t(binding.footer!.label))
		.join(' · ');
}

/** The help screen: every key with its line; on a screen, only the keys that act there. */
export function helpText(screen?: ScreenName, check?: Check): string {
	const applies = (binding: KeyBinding) => screen === undefined || (binding.screens.includes(screen) && (binding.when?.(check) ?? true) && (binding.footer?.offered?.(check, undefined) ?? true));
	const lines = keyTable.filter(binding => binding.help && applies(binding)).map(binding => t(binding.help!));
	return [t('walk.help.title'), '', ...new Set(lines), '', t('walk.help.close')].join('\n');
}

/** Breaks a footer's "a · b · c" key list into lines that fit, never inside one key's text. */
export function footerLines(text: string, columns: number): string[] {
	const out: string[] = [];
	let line = '';
	for (const part of text.split(' · ')) {
		const next = line ? `${line} · ${part}` : part;
		if (stringWidth(next) > columns && line) {
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
export function keyOf(character: string): Key {
	const name = character === '\r' || character === '\n' ? 'return' : character === '\t' ? 'tab' : character === '\u007F' || character === '\b' ? 'backspace' : '';
	return {
		upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
		return: name === 'return', escape: false, ctrl: false, shift: /[A-Z]/.test(character), tab: name === 'tab',
		backspace: name === 'backspace', delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
	} as Key;
}

/** Typing into a prompt (the reason for accepting a risk, a file's path). */
export function typing(value: string, input: string, key: Key, done: (value: string) => void, change: (value: string | undefined) => void): void {
	if (key.escape) {
		change(undefined);
	} else if (key.return) {
		done(value);
		change(undefined);
	} else if (key.backspace || key.delete) {
		change(value.slice(0, -1));
	} else if (input && !key.ctrl && !key.meta) {
		change(value + input);
	}
}
