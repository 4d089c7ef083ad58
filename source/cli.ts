// kubectl-harden's entry point: flags in kubectl's conventions, then the report or the walk.
// Start-up: only what --help and the flags need is imported here; the checks, the Kubernetes
// client (its kubeconfig loader pulls in @kubernetes/client-node), the report formats and the
// walk (Ink, React) are imported when the command needs them.
import fs from 'node:fs';
import process from 'node:process';
import meow from 'meow';
import type {ReportFormat} from './engine/formats.js';
import type {Report} from './engine/report.js';
import type {KubeClient} from './kube/client.js';
import {parseRequestTimeout} from './kube/duration.js';
import {UserError} from './kube/errors.js';
import {t} from './messages/catalog.js';
import type {Thresholds} from './engine/thresholds.js';
import {setLanguage} from './messages/catalog.js';
import {defaultLanguage, parseLanguage} from './engine/settings.js';
import {version} from './version.js';

/** Without --request-timeout: a stalled server shows as timed out within seconds, while a write gets longer. */
const defaultReadTimeoutMs = 10_000;
const defaultWriteTimeoutMs = 30_000;

export const flagSpec = {
	kubeconfig: {type: 'string'},
	context: {type: 'string'},
	cluster: {type: 'string'},
	user: {type: 'string'},
	namespace: {type: 'string', shortFlag: 'n'},
	requestTimeout: {type: 'string'},
	as: {type: 'string'},
	asGroup: {type: 'string', isMultiple: true},
	report: {type: 'string'},
	output: {type: 'string'},
	failOn: {type: 'string'},
	section: {type: 'string', isMultiple: true},
	target: {type: 'string', isMultiple: true},
	option: {type: 'string', isMultiple: true},
	yes: {type: 'boolean'},
	acceptImpact: {type: 'boolean'},
	force: {type: 'boolean'},
	note: {type: 'string'},
	undo: {type: 'boolean'},
	lang: {type: 'string'},
	nodeMaxAge: {type: 'string'},
	resources: {type: 'string', isMultiple: true},
	help: {type: 'boolean', shortFlag: 'h'},
} as const;

const decamelize = (name: string) => name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);

/** Refuses flags kubectl harden does not know, in its own words (meow would print its own). */
function checkFlags(argv: string[]): void {
	const spec = flagSpec as Record<string, {type: string; shortFlag?: string}>;
	const byName = new Map<string, {type: string}>([['version', {type: 'boolean'}]]);
	for (const [name, flag] of Object.entries(spec)) {
		byName.set(decamelize(name), flag);
		if (flag.shortFlag) {
			byName.set(flag.shortFlag, flag);
		}
	}
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		if (arg === '--') {
			return;
		}
		if (!arg.startsWith('-') || arg === '-') {
			continue;
		}
		const [name = '', value] = arg.replace(/^--?/, '').split(/=(.*)/s);
		const flag = byName.get(name) ?? byName.get(name.replace(/^no-/, ''));
		if (!flag) {
			throw new UserError(t('cli.error.unknownFlag', {flag: arg.split('=')[0]}), 2);
		}
		if (flag.type === 'string' && value === undefined) {
			if (index + 1 >= argv.length) {
				throw new UserError(t('cli.error.flagNeedsValue', {flag: arg}), 2);
			}
			index++;
		}
	}
}

/** `--output -` (stdout) as `--output=-`: meow would take a lone `-` for an argument. */
function joinDash(argv: string[]): string[] {
	return argv.flatMap((arg, index) => (arg === '-' && argv[index - 1] === '--output' ? [] : arg === '--output' && argv[index + 1] === '-' ? ['--output=-'] : [arg]));
}

/** The value of --lang, read before anything is said (usage and errors included); undefined without it. */
function langFlag(argv: string[]): string | undefined {
	let value: string | undefined;
	for (let index = 0; index < argv.length && argv[index] !== '--'; index++) {
		const arg = argv[index]!;
		if (arg === '--lang') {
			// Without a value, the flag check says so.
			value = argv[index + 1];
			index++;
		} else if (arg.startsWith('--lang=')) {
			value = arg.slice('--lang='.length);
		}
	}
	return value;
}

/**
 * Sets the language every message is said in: --lang, else the language last chosen in the
 * walk (remembered in the state directory), else LC_ALL, LC_MESSAGES, LANG. A --lang that names
 * no language is refused (in the default language).
 */
export function chooseLanguage(argv: string[], env: NodeJS.ProcessEnv = process.env): void {
	setLanguage(defaultLanguage(env));
	const given = langFlag(argv);
	if (given === undefined) {
		return;
	}
	const language = parseLanguage(given);
	if (!language) {
		throw new UserError(t('cli.error.badLang', {value: given}), 2);
	}
	setLanguage(language);
}

/** The arguments without --lang (already read): `--help --lang zh-TW` is a request for help, as meow sees it. */
function withoutLang(argv: string[]): string[] {
	const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
	return argv.filter((arg, index) => index >= end || !(arg === '--lang' || arg.startsWith('--lang=') || (index > 0 && argv[index - 1] === '--lang')));
}

function parse(argv: string[]) {
	checkFlags(argv);
	return meow(t('cli.usage'), {
		importMeta: import.meta,
		argv: joinDash(withoutLang(argv)),
		flags: flagSpec,
		description: false,
		helpIndent: 0,
		version,
		allowUnknownFlags: false,
		inferType: false,
	});
}

export type Cli = ReturnType<typeof parse>;

export async function connect(flags: Cli['flags']): Promise<KubeClient> {
	const given = flags.requestTimeout === undefined ? undefined : parseRequestTimeout(flags.requestTimeout);
	if (flags.requestTimeout !== undefined && given === undefined) {
		throw new UserError(t('cli.error.badTimeout', {value: flags.requestTimeout}), 2);
	}
	const timeoutMs = given ?? defaultReadTimeoutMs;
	const writeTimeoutMs = given ?? defaultWriteTimeoutMs;
	const asGroups = flags.asGroup ?? [];
	if (asGroups.length > 0 && !flags.as) {
		throw new UserError(t('cli.error.asGroupWithoutAs'), 2);
	}
	const [{KubeClient}, {loadKubeTarget}] = await Promise.all([import('./kube/client.js'), import('./kube/kubeconfig.js')]);
	const target = loadKubeTarget({
		kubeconfig: flags.kubeconfig,
		context: flags.context,
		cluster: flags.cluster,
		user: flags.user,
		namespace: flags.namespace,
	});
	return KubeClient.connect(target, {timeoutMs, writeTimeoutMs, impersonate: flags.as ? {user: flags.as, groups: asGroups} : undefined});
}

/** Which statuses make --fail-on exit non-zero (unknown counts as a warning: it is never a pass). */
export function failing(report: Report, level: 'warn' | 'fail'): boolean {
	return report.checks.some(check => check.status === 'fail' || (level === 'warn' && (check.status === 'warn' || check.status === 'unknown')));
}


function refuseFlags(flags: Cli['flags'], names: Array<keyof Cli['flags']>, where: string): void {
	for (const name of names) {
		const value = flags[name];
		if (value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0)) {
			throw new UserError(t('cli.error.flagNotHere', {flag: `--${decamelize(String(name))}`, where}), 2);
		}
	}
}

const out = (line: string) => {
	process.stdout.write(`${line}\n`);
};

/** Refuses an --output the report could not be written to, before anything is probed. */
async function checkOutput(output: string | undefined): Promise<void> {
	if (output === undefined) {
		return;
	}
	const {missingDirectory} = await import('./engine/files.js');
	if (output.trim() === '' || output.endsWith('/') || (fs.existsSync(output) && fs.statSync(output).isDirectory())) {
		throw new UserError(t('cli.error.badOutput', {value: output}), 2);
	}
	const directory = missingDirectory(output);
	if (directory) {
		throw new UserError(t('cli.error.outputNoDirectory', {path: output, directory}), 2);
	}
}

async function withClient<T>(flags: Cli['flags'], work: (client: KubeClient) => Promise<T>): Promise<T> {
	const client = await connect(flags);
	try {
		return await work(client);
	} finally {
		client.close();
	}
}

async function run(argv: string[]): Promise<number> {
	chooseLanguage(argv);
	const cli = parse(argv);
	const {flags} = cli;
	const [command, ...rest] = cli.input;
	if (command !== 'mark') {
		refuseFlags(flags, ['note', 'undo'], 'kubectl harden mark');
	}
	const commands = () => import('./commands.js');
	if (command === 'fix') {
		const [id, extra] = rest;
		if (extra !== undefined) {
			throw new UserError(t('cli.error.subcommandArgs', {arg: extra, command: 'fix <check-id>'}), 2);
		}
		refuseFlags(flags, ['report', 'output', 'failOn', 'section', 'force', 'nodeMaxAge', 'resources'], 'the report or undo');
		const {parseOptions, runFix} = await commands();
		const options = parseOptions(flags.option ?? []);
		return withClient(flags, client => runFix(client, flags.namespace, id, {targets: flags.target ?? [], options, yes: flags.yes === true, acceptImpact: flags.acceptImpact === true}, out));
	}
	if (command === 'undo') {
		const [entry, extra] = rest;
		if (extra !== undefined) {
			throw new UserError(t('cli.error.subcommandArgs', {arg: extra, command: 'undo'}), 2);
		}
		refuseFlags(flags, ['report', 'output', 'failOn', 'section', 'target', 'option', 'yes', 'acceptImpact', 'nodeMaxAge', 'resources'], 'the report or fix');
		const {runUndo} = await commands();
		return withClient(flags, client => runUndo(client, entry, flags.force === true, out));
	}
	if (command === 'journal') {
		if (rest[0] !== undefined) {
			throw new UserError(t('cli.error.subcommandArgs', {arg: rest[0], command: 'journal'}), 2);
		}
		refuseFlags(flags, ['report', 'output', 'failOn', 'section', 'target', 'option', 'yes', 'force', 'nodeMaxAge', 'resources'], 'other commands');
		const {runJournal} = await commands();
		return withClient(flags, client => runJournal(client, out));
	}
	if (command === 'write') {
		const [id, target, extra] = rest;
		if (extra !== undefined) {
			throw new UserError(t('cli.error.subcommandArgs', {arg: extra, command: 'write <file> <path>'}), 2);
		}
		refuseFlags(flags, ['report', 'output', 'failOn', 'section', 'target', 'option', 'yes', 'nodeMaxAge', 'resources'], 'other commands');
		const [{runWrite}, {customResourceNames}] = await Promise.all([commands(), import('./engine/files.js')]);
		// Only the encryption configuration needs the cluster: to name its custom resources.
		return runWrite(id, target, flags.force === true, out, async () => {
			try {
				return await withClient(flags, client => customResourceNames(client, out));
			} catch (error) {
				if (!(error instanceof UserError)) {
					throw error;
				}
				out(t('files.note.noCustomResources', {error: error.message}));
				return [];
			}
		});
	}
	if (command === 'reencrypt') {
		if (rest[0] !== undefined) {
			throw new UserError(t('cli.error.subcommandArgs', {arg: rest[0], command: 'reencrypt'}), 2);
		}
		refuseFlags(flags, ['report', 'output', 'failOn', 'section', 'target', 'option', 'nodeMaxAge'], 'other commands');
		const [{runReencrypt}, {resourceNames}] = await Promise.all([commands(), import('./engine/reencrypt.js')]);
		const requested = resourceNames(flags.resources);
		return withClient(flags, client => runReencrypt(client, flags.yes === true, flags.force === true, out, requested));
	}
	if (command === 'mark') {
		const [id, step, extra] = rest;
		if (extra !== undefined) {
			throw new UserError(t('cli.error.subcommandArgs', {arg: extra, command: 'mark <check-id> <step>'}), 2);
		}
		refuseFlags(flags, ['report', 'output', 'failOn', 'section', 'target', 'option', 'yes', 'acceptImpact', 'force'], 'other commands');
		const {markTarget, runMark} = await import('./mark.js');
		const target = markTarget(id, step);
		return withClient(flags, client => runMark(client, target.check, target.step, {note: flags.note, undo: flags.undo === true}, out));
	}
	if (command !== undefined) {
		throw new UserError(t('cli.error.unexpectedArgs', {arg: command}), 2);
	}
	refuseFlags(flags, ['target', 'option', 'yes', 'acceptImpact', 'force'], 'kubectl harden fix and undo');
	refuseFlags(flags, ['resources'], 'kubectl harden reencrypt');
	const [{checks, findCheck, inSections}, formats] = await Promise.all([import('./checks/index.js'), flags.report === undefined ? undefined : import('./engine/formats.js')]);
	if (formats && flags.report !== undefined && !formats.isReportFormat(flags.report)) {
		throw new UserError(t('cli.error.badReportFormat', {value: flags.report}), 2);
	}
	const output = flags.output === '-' ? undefined : flags.output;
	if (flags.report === undefined) {
		refuseFlags(flags, ['output'], 'the report (--report)');
	}
	await checkOutput(output);
	if (flags.failOn !== undefined && flags.failOn !== 'warn' && flags.failOn !== 'fail') {
		throw new UserError(t('cli.error.badFailOn', {value: flags.failOn}), 2);
	}
	const sections = flags.section ?? [];
	for (const section of sections) {
		if (!/^\d+(\.\d+)?$/.test(section) || !checks.some(check => inSections(check, [section]))) {
			throw new UserError(t('cli.error.badSection', {value: section, sections: [...new Set(checks.map(check => check.section))].join(', ')}), 2);
		}
	}
	const selected = checks.filter(check => inSections(check, sections));
	const thresholds = parseThresholds(flags);
	if (flags.report === undefined) {
		if (!process.stdin.isTTY || !process.stdout.isTTY) {
			throw new UserError(t('cli.error.noTty'), 2);
		}
		const [{assertNamespace}, {runWalk}] = await Promise.all([import('./engine/session.js'), import('./ui/run.js')]);
		return withClient(flags, async client => {
			await assertNamespace(client, flags.namespace);
			return runWalk(client, selected, flags.namespace, check => findCheck(check.id) === check, thresholds);
		});
	}
	const [{assertNamespace}, {buildReport}, {writeAtomically}] = await Promise.all([import('./engine/session.js'), import('./engine/report.js'), import('./engine/files.js')]);
	return withClient(flags, async client => {
		await assertNamespace(client, flags.namespace);
		const report = await buildReport(client, {checks: selected, namespace: flags.namespace, thresholds, onProblem: text => process.stderr.write(`${t('cli.error.prefix', {message: text})}\n`)});
		const format = flags.report as ReportFormat;
		const text = formats!.renderReport(format, report, selected, format === 'markdown' ? formats!.journalFixes(client.server) : []);
		if (output === undefined) {
			process.stdout.write(text);
		} else {
			writeAtomically(output, text, {mode: 0o600, overwrite: true});
		}
		if (flags.failOn && failing(report, flags.failOn as 'warn' | 'fail')) {
			return 3;
		}
		return 0;
	});
}

/** The thresholds the checks take from the command line (--node-max-age <days>). */
function parseThresholds(flags: Cli['flags']): Partial<Thresholds> {
	if (flags.nodeMaxAge === undefined) {
		return {};
	}
	const days = Number(flags.nodeMaxAge);
	if (!/^\d+$/.test(flags.nodeMaxAge.trim()) || !Number.isSafeInteger(days)) {
		throw new UserError(t('guide.cli.badNodeMaxAge', {value: flags.nodeMaxAge}), 2);
	}
	return {nodeMaxAgeDays: days};
}

export async function main(argv: string[]): Promise<number> {
	try {
		return await run(argv);
	} catch (error) {
		if (error instanceof UserError) {
			process.stderr.write(`${t('cli.error.prefix', {message: error.message})}\n`);
			return error.exitCode;
		}
		const message = error instanceof Error ? error.message : String(error);
		process.stderr.write(`${t('cli.error.prefix', {message: t('cli.error.internal', {message})})}\n`);
		if (process.env['HARDEN_DEBUG'] && error instanceof Error) {
			process.stderr.write(`${error.stack}\n`);
		}
		return 1;
	}
}

process.exitCode = await main(process.argv.slice(2));
