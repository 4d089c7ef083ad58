// The interactive walk. It renders the Walk's state, screen by screen (start.ts, section.ts,
// check.ts, summary.ts and the help from keys.ts), and sends the Walk intents through the keys
// table; it makes no API call and writes no file of its own. Every sentence comes from the
// message catalog or the checks' words.
import {Box, Text, useWindowSize} from 'ink';
import SelectInput from 'ink-select-input';
import type {Walk} from '../engine/walk.js';
import {t} from '../messages/catalog.js';
import {helpText} from './keys.js';
import {wrap, wrapColumns, type Line} from './lines.js';
import {sectionLines} from './section.js';
import {startLines} from './start.js';
import {useWalk} from './use-walk.js';

export {wrap} from './lines.js';

export const minimum = {columns: 60, rows: 16};

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
	const window = useWindowSize();
	const columns = size?.columns ?? window.columns;
	const rows = size?.rows ?? window.rows;
	const {state, nav, check, lines, footer, bodyRows, maxScroll, width, pick} = useWalk(walk, columns, rows, reportDir, now);
	const {screen, cursor, scroll, help, accepting, typingPath, quitting, quitPresses} = nav;

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
		body = helpText(screen.name, check).split('\n').flatMap(text => wrapColumns(text, width)).map(text => ({text}));
	} else if (screen.name === 'start') {
		body = startLines(state, cursor, width, bodyRows);
	} else if (screen.name === 'section') {
		body = sectionLines(state, screen.section, cursor, width, bodyRows);
	} else {
		body = lines.slice(Math.min(scroll, maxScroll), Math.min(scroll, maxScroll) + bodyRows);
	}
	const choices = Object.entries(check?.choices ?? {}).flatMap(([name, values]) => values.map(value => ({key: `${name}=${value}`, label: `${name}=${value}`, value: `${name}=${value}`})));
	if (nav.choosing && choices.length > 0) {
		body = body.slice(0, Math.max(0, bodyRows - choices.length));
	}
	const visible = body.slice(0, bodyRows);
	const top = Math.min(scroll, maxScroll);
	// On a long scrolling screen, where the operator is in it.
	const position = !help && !state.fatal && (screen.name === 'detail' || screen.name === 'fix' || screen.name === 'summary') && lines.length > bodyRows
		? t('walk.position', {from: top + 1, to: Math.min(lines.length, top + bodyRows), total: lines.length})
		: ' ';
	return (
		<Box flexDirection="column" width={columns}>
			<Text bold color={color ? 'cyan' : undefined} wrap="truncate">{t('walk.title')}</Text>
			<Box flexDirection="column" height={bodyRows}>
				{visible.map((line, index) => paint(line, index))}
				{nav.choosing && choices.length > 0 ? <SelectInput items={choices} onSelect={choice => pick(choice.value)}/> : null}
			</Box>
			{accepting !== undefined
				? <Text wrap="truncate">{`${t('walk.accept.prompt')} > ${accepting}`}</Text>
				: typingPath !== undefined
				? <Text wrap="truncate">{`${t('walk.file.prompt')} > ${typingPath}`}</Text>
				: <Text wrap="truncate">{quitting || state.stopping ? quitPresses >= 2 ? t('walk.quitRollingBack', {objects: walk.pendingReverts().join(', ') || '-'}) : t('walk.quitWaiting') : position}</Text>}
			{(footer.length > 0 ? footer : [' ']).map((text, index) => <Text key={`footer-${index}`} dimColor={color} wrap="truncate">{text}</Text>)}
		</Box>
	);
}
