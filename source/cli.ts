// kubectl-harden's entry point: flags in kubectl's conventions, then the report or the walk.
import process from 'node:process';
import meow from 'meow';
import {buildReport} from './engine/report.js';
import {KubeClient} from './kube/client.js';
import {parseRequestTimeout} from './kube/duration.js';
import {UserError} from './kube/errors.js';
import {loadKubeTarget} from './kube/kubeconfig.js';
import {t} from './messages/catalog.js';
import {version} from './version.js';

const defaultTimeout = '30s';

export const flagSpec = {
	kubeconfig: {type: 'string'},
	context: {type: 'string'},
	cluster: {type: 'string'},
	user: {type: 'string'},
	namespace: {type: 'string', shortFlag: 'n'},
	requestTimeout: {type: 'string', default: defaultTimeout},
	as: {type: 'string'},
	asGroup: {type: 'string', isMultiple: true},
	report: {type: 'string'},
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

function parse(argv: string[]) {
	checkFlags(argv);
	return meow(t('cli.usage'), {
		importMeta: import.meta,
		argv,
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
	const timeoutMs = parseRequestTimeout(flags.requestTimeout);
	if (timeoutMs === undefined) {
		throw new UserError(t('cli.error.badTimeout', {value: flags.requestTimeout}), 2);
	}
	const asGroups = flags.asGroup ?? [];
	if (asGroups.length > 0 && !flags.as) {
		throw new UserError(t('cli.error.asGroupWithoutAs'), 2);
	}
	const target = loadKubeTarget({
		kubeconfig: flags.kubeconfig,
		context: flags.context,
		cluster: flags.cluster,
		user: flags.user,
		namespace: flags.namespace,
	});
	return KubeClient.connect(target, {timeoutMs, impersonate: flags.as ? {user: flags.as, groups: asGroups} : undefined});
}

async function run(argv: string[]): Promise<number> {
	const cli = parse(argv);
	const {flags} = cli;
	const [extra] = cli.input;
	if (extra !== undefined) {
		throw new UserError(t('cli.error.unexpectedArgs', {arg: extra}), 2);
	}
	if (flags.report !== undefined && flags.report !== 'json') {
		throw new UserError(t('cli.error.badReportFormat', {value: flags.report}), 2);
	}
	if (flags.report === undefined) {
		if (!process.stdin.isTTY || !process.stdout.isTTY) {
			throw new UserError(t('cli.error.noTty'), 2);
		}
		throw new UserError(t('cli.error.walkNotYet'), 2);
	}
	const client = await connect(flags);
	try {
		const report = await buildReport(client);
		process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
		return 0;
	} finally {
		client.close();
	}
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
