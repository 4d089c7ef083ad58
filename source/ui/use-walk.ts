// The walk's state for the screens: the engine's Walk (verdicts, previews, fixes), and where
// the operator is (screen, cursor, scroll, prompts). Keys are dispatched through the keys
// table; what a key does to the walk is a call on the Walk, never an API call or a file write
// of the UI's own.
import {useApp, useInput, type Key} from 'ink';
import {useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {localFileById, localFileFor, type LocalFileId} from '../engine/files.js';
import {guideSections, writeReport} from '../engine/summary.js';
import type {Check} from '../engine/types.js';
import type {Walk, WalkState} from '../engine/walk.js';
import {currentLanguage, t} from '../messages/catalog.js';
import {checkLines} from './check.js';
import {fixLines} from './fix.js';
import {bindingFor, footerLines, footerText, keyOf, typing, type KeyControls, type Screen} from './keys.js';
import {sectionOf, type Line} from './lines.js';
import {sectionChecks} from './section.js';
import {startItems} from './start.js';
import {summaryLines} from './summary.js';
import {anchorIndex, resumeScreen, scrollTo} from './progress.js';

interface Navigation {
	screen: Screen;
	cursor: number;
	scroll: number;
	help: boolean;
	/** The reason being typed for accepting a risk. */
	accepting: string | undefined;
	/** The path being typed for a file to write. */
	typingPath: string | undefined;
	/** Which file it is (a manual step's, or the check's own). */
	typingFile?: LocalFileId | undefined;
	quitting: boolean;
	/** q or Ctrl-C presses while quitting: the second shows what is still being put back, the third quits at once. */
	quitPresses: number;
	/** What writing the Markdown report said. */
	written: string | undefined;
	/** The fix screen's options menu is open. */
	choosing: boolean;
	/** Where each screen's cursor was, so Esc returns the operator to where they were. */
	cursors: Record<string, number>;
	/** The manual step chosen on a check's screen (Tab), which space ticks. */
	step: number;
}

export interface WalkView {
	state: WalkState;
	nav: Navigation;
	/** The check of the detail screen. */
	check: Check | undefined;
	/** The scrolling screens' lines (detail, summary). */
	lines: Line[];
	footer: string[];
	bodyRows: number;
	maxScroll: number;
	width: number;
	/** Picks `name=value` from the fix screen's options menu. */
	pick(choice: string): void;
}

/** The lines of a scrolling screen (a check, the summary); the start and section screens draw themselves. */
function scrolledLines(state: WalkState, screen: Screen, width: number, written: string | undefined, step = 0): Line[] {
	if (screen.name === 'detail' || screen.name === 'fix') {
		const item = state.checks.find(check => check.check.id === screen.id);
		return item ? (screen.name === 'fix' ? fixLines(item, width) : checkLines(item, width, {progress: state.progress, step})) : [];
	}
	return screen.name === 'summary' ? summaryLines(state, width, written) : [];
}

export function useWalk(walk: Walk, columns: number, rows: number, reportDir: string, now: () => Date): WalkView {
	const {exit} = useApp();
	const [state, setState] = useState<WalkState>(walk.current);
	// Navigation lives in a ref that each key updates at once, so keys arriving faster than
	// frames (typing ahead, a paste, a test) act on the state left by the key before them.
	const nav = useRef<Navigation>({screen: {name: 'start'}, cursor: 0, scroll: 0, help: false, accepting: undefined, typingPath: undefined, quitting: false, quitPresses: 0, written: undefined, choosing: false, cursors: {}, step: 0});
	const [, redraw] = useReducer((count: number) => count + 1, 0);
	const set = (change: Partial<Navigation>) => {
		nav.current = {...nav.current, ...change};
		redraw();
	};
	const {screen, written} = nav.current;
	const checkOf = (target: Screen) => target.name === 'detail' || target.name === 'fix' ? state.checks.find(item => item.check.id === target.id)?.check : undefined;

	useEffect(() => walk.subscribe(setState), [walk]);
	useEffect(() => {
		if (screen.name === 'detail' || screen.name === 'fix') {
			void walk.loadPreview(screen.id);
		}
	}, [walk, screen, state.checks.find(item => (screen.name === 'detail' || screen.name === 'fix') && item.check.id === screen.id)?.result]);

	const width = Math.max(20, columns - 2);
	const check = checkOf(screen);
	const footerScreen = state.fatal ? 'start' : nav.current.help ? undefined : screen.name;
	// The footer lists every key; on a narrow terminal it takes two lines rather than cutting keys off.
	const shown = state.checks.find(item => item.check === check);
	const onScreen = screen.name === 'start' ? {fixAvailable: false, targets: 0, undoable: false, resumable: resumeScreen(state) !== undefined} : shown && {fixAvailable: shown.result?.fix?.available === true, targets: shown.result?.verdict.fixTargets?.length ?? 0, undoable: state.applied.some(entry => entry.checkId === shown.check.id && entry.status === 'applied')};
	const footer = footerScreen ? footerLines(footerText(footerScreen, check, onScreen), columns) : [];
	const bodyRows = Math.max(3, rows - 3 - Math.max(1, footer.length));
	const rendered = screen;
	const renderedStep = nav.current.step;
	const lines = useMemo(() => scrolledLines(state, screen, width, written, nav.current.step), [screen, state, width, written, nav.current.step]);
	const maxScroll = Math.max(0, lines.length - bodyRows);

	const keyOfScreen = (target: Screen) => target.name === 'section' ? `section:${target.section}` : target.name;
	// Leaving a screen keeps its cursor; coming back to it puts the cursor where it was.
	const open = (next: Screen) => {
		set({screen: next, cursor: nav.current.cursors[keyOfScreen(next)] ?? 0, scroll: 0, step: 0, cursors: {...nav.current.cursors, [keyOfScreen(nav.current.screen)]: nav.current.cursor}});
		// Remembered per cluster: the section or check opened is where the operator stopped.
		const opened = next.name === 'detail' ? state.checks.find(item => item.check.id === next.id) : undefined;
		if (opened) {
			walk.visit(sectionOf(opened), opened.check.id);
		} else if (next.name === 'section') {
			walk.visit(next.section);
		}
	};
	const stepSection = (delta: number) => {
		const {screen} = nav.current;
		const current = screen.name === 'section' ? screen.section : screen.name === 'detail' ? sectionOf(state.checks.find(item => item.check.id === screen.id)!) : '3';
		const index = guideSections.indexOf(current);
		open({name: 'section', section: guideSections[Math.min(guideSections.length - 1, Math.max(0, index + delta))]!});
	};

	function controls(): KeyControls {
		const {screen, cursor, scroll} = nav.current;
		// The rendered lines, unless a key earlier in this batch changed the screen.
		const current = screen === rendered && nav.current.step === renderedStep ? lines : scrolledLines(state, screen, width, nav.current.written, nav.current.step);
		const limit = Math.max(0, current.length - bodyRows);
		// The chosen manual step, brought into view (the lines as they are with that step chosen).
		const showStep = (index: number) => {
			const shown = scrolledLines(state, screen, width, nav.current.written, index);
			set({step: index, scroll: scrollTo(anchorIndex(shown, index), nav.current.scroll, bodyRows, Math.max(0, shown.length - bodyRows))});
		};
		const id = screen.name === 'detail' || screen.name === 'fix' ? screen.id : '';
		return {
			check: checkOf(screen),
			move(delta) {
				const count = screen.name === 'start' ? startItems.length : screen.name === 'section' ? sectionChecks(state, screen.section).length : 1;
				set({cursor: Math.min(Math.max(0, count - 1), Math.max(0, cursor + delta))});
			},
			scroll: delta => set({scroll: Math.min(limit, Math.max(0, scroll + delta))}),
			page: direction => set({scroll: direction > 0 ? Math.min(limit, scroll + bodyRows - 1) : Math.max(0, scroll - bodyRows + 1)}),
			open() {
				if (screen.name === 'start') {
					const choice = startItems[cursor]!;
					open(choice === 'summary' ? {name: 'summary'} : {name: 'section', section: choice});
				} else if (screen.name === 'section') {
					const item = sectionChecks(state, screen.section)[cursor];
					if (item) {
						open({name: 'detail', id: item.check.id});
					}
				}
			},
			back() {
				if (screen.name === 'fix') {
					// Nothing was written: back to the check as it was.
					set({screen: {name: 'detail', id}, scroll: 0});
				} else if (screen.name === 'detail') {
					const section = sectionOf(state.checks.find(item => item.check.id === id)!);
					set({screen: {name: 'section', section}, cursor: Math.max(0, sectionChecks(state, section).findIndex(item => item.check.id === id)), scroll: 0});
				} else {
					open({name: 'start'});
				}
			},
			stepSection,
			summary: () => open({name: 'summary'}),
			help: () => set({help: true}),
			// While a fix writes, the first q or Ctrl-C stops it before its next write and waits
			// for its rollback; the second says what is still being put back; the third quits at
			// once (the journal entry is then settled by the next kubectl harden).
			quit() {
				if (walk.writing) {
					walk.stop('q');
					set({quitting: true, quitPresses: 1});
					void walk.settle().then(() => exit());
					return;
				}
				exit();
			},
			// f applies at once only when nothing breaks and undo restores everything; otherwise it opens the fix screen.
			fix() {
				const item = state.checks.find(check => check.check.id === id);
				if (walk.safeAtOnce(id) || !item?.preview?.ok) {
					void walk.applyFix(id, false);
				} else {
					set({screen: {name: 'fix', id}, scroll: 0});
				}
			},
			fixScreen: () => set({screen: {name: 'fix', id}, scroll: 0}),
			confirm() {
				set({screen: {name: 'detail', id}, scroll: 0});
				void walk.applyFix(id, true);
			},
			choose: () => set({choosing: true}),
			target: () => void walk.nextTarget(id),
			undo: () => void walk.undoLast(id),
			reprobe: () => void walk.reprobe(id),
			accept: () => set({accepting: ''}),
			writeFile() {
				const item = state.checks.find(check => check.check.id === id);
				// The chosen manual step's file first, else the check's own.
				const stepFile = item?.check.steps?.[nav.current.step]?.file;
				const file = stepFile ? localFileById(stepFile) : item ? localFileFor(item.check) : undefined;
				if (file) {
					set({typingPath: `./${file.defaultName}`, typingFile: file.id});
				}
			},
			reencrypt: () => void walk.reencrypt(id),
			step(delta) {
				const count = checkOf(screen)?.steps?.length ?? 0;
				const at = anchorIndex(current, nav.current.step);
				// The first Tab brings the chosen step into view; the next ones move to the next step.
				if (at >= 0 && scrollTo(at, scroll, bodyRows, limit) !== scroll) {
					showStep(nav.current.step);
					return;
				}
				showStep(Math.min(Math.max(0, count - 1), Math.max(0, nav.current.step + delta)));
			},
			tick() {
				const step = checkOf(screen)?.steps?.[nav.current.step];
				if (step) {
					walk.toggleStep(id, step.id);
					showStep(nav.current.step);
				}
			},
			resume() {
				const next = resumeScreen(state);
				if (next) {
					open(next);
				}
			},
			language() {
				walk.switchLanguage(currentLanguage() === 'en' ? 'zh-TW' : 'en');
				// What writing the report said was in the old language; the check on screen plans its fix again.
				set({written: undefined});
				if (id) {
					void walk.loadPreview(id);
				}
			},
			writeReport() {
				try {
					set({written: t('walk.summary.written', {file: writeReport(state, reportDir, now())})});
				} catch (error) {
					set({written: t('walk.summary.writeFailed', {error: (error as Error).message})});
				}
			},
		};
	}

	function handle(input: string, key: Key): void {
		const {screen, help, accepting, typingPath, quitting, quitPresses} = nav.current;
		if (quitting) {
			if (input === 'q' || (key.ctrl && input === 'c')) {
				set({quitPresses: quitPresses + 1});
				if (quitPresses + 1 >= 3) {
					walk.abandon();
					exit();
				}
			}
			return;
		}
		if (accepting !== undefined && screen.name === 'detail') {
			typing(accepting, input, key, reason => walk.accept(screen.id, reason), next => set({accepting: next}));
			return;
		}
		if (typingPath !== undefined && screen.name === 'detail') {
			typing(typingPath, input, key, target => void walk.writeFile(screen.id, target, nav.current.typingFile), next => set({typingPath: next}));
			return;
		}
		if (help) {
			set({help: false});
			return;
		}
		if (nav.current.choosing) {
			// The options menu (ink-select-input) reads its own keys; Esc closes it unchanged.
			if (key.escape) {
				set({choosing: false});
			}
			return;
		}
		const control = controls();
		bindingFor(screen.name, control.check, input, key)?.run(control, input, key);
	}

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

	const pick = (choice: string) => {
		const [name = '', value = ''] = choice.split('=');
		set({choosing: false});
		if (screen.name === 'fix') {
			void walk.choose(screen.id, name, value);
		}
	};
	return {state, nav: nav.current, check, lines, footer, bodyRows, maxScroll, width, pick};
}
