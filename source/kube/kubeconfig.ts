// Kubeconfig loading with kubectl's rules: an explicit --kubeconfig wins; otherwise the files
// in KUBECONFIG are merged (the first file to name a cluster, user or context wins, and the
// first file that sets current-context wins; missing files are skipped); otherwise
// ~/.kube/config. --context, --cluster, --user and -n then pick what is used.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {KubeConfig, type Cluster, type Context, type User} from '@kubernetes/client-node';
import {parse as parseYaml} from 'yaml';
import {t} from '../messages/catalog.js';
import {UserError} from './errors.js';

export interface ConnectionFlags {
	kubeconfig?: string | undefined;
	context?: string | undefined;
	cluster?: string | undefined;
	user?: string | undefined;
	namespace?: string | undefined;
}

export interface KubeTarget {
	/** A KubeConfig holding only what is used: one context, its cluster and its user. */
	kc: KubeConfig;
	/** The context name as the operator knows it (undefined when none was used). */
	contextName: string | undefined;
	clusterName: string;
	userName: string;
	namespace: string;
	server: string;
	cluster: Cluster;
	user: User;
	/** The files the configuration was read from, in merge order. */
	files: string[];
}

interface Environment {
	env?: NodeJS.ProcessEnv;
	home?: string;
}

export function kubeconfigFiles(flags: ConnectionFlags, environment: Environment = {}): {files: string[]; explicit: boolean} {
	if (flags.kubeconfig) {
		return {files: [path.resolve(flags.kubeconfig)], explicit: true};
	}
	const env = environment.env ?? process.env;
	const list = env['KUBECONFIG'];
	if (list) {
		const files = list.split(path.delimiter).filter(Boolean).map(file => path.resolve(file));
		return {files: [...new Set(files)], explicit: false};
	}
	const home = environment.home ?? os.homedir();
	return {files: [path.join(home, '.kube', 'config')], explicit: false};
}

/** token-file paths by user name: read for the user in use only, relative to its kubeconfig. */
type TokenFiles = Map<string, string>;

/**
 * Takes each user's token-file out of the document: client-node would read it while parsing,
 * for every user and relative to the working directory, and an empty one would mean no
 * credentials at all. Here only the user in use has its file read, and it must be there.
 */
function takeTokenFiles(document: Record<string, unknown>, file: string, tokenFiles: TokenFiles): void {
	const users = Array.isArray(document['users']) ? document['users'] as Array<{name?: unknown; user?: Record<string, unknown>}> : [];
	for (const entry of users) {
		const tokenFile = entry?.user?.['token-file'];
		if (typeof tokenFile === 'string' && typeof entry.name === 'string') {
			if (!tokenFiles.has(entry.name)) {
				tokenFiles.set(entry.name, path.resolve(path.dirname(file), tokenFile));
			}
			delete entry.user!['token-file'];
		}
	}
}

function readToken(userName: string, file: string): string {
	let token: string;
	try {
		token = fs.readFileSync(file, 'utf8').trim();
	} catch (error) {
		throw new UserError(t('kubeconfig.error.tokenFile', {user: userName, path: file, reason: (error as NodeJS.ErrnoException).code ?? String(error)}));
	}
	if (!token) {
		throw new UserError(t('kubeconfig.error.tokenFile', {user: userName, path: file, reason: t('kubeconfig.error.emptyFile')}));
	}
	return token;
}

function readOne(file: string, explicit: boolean, tokenFiles: TokenFiles): KubeConfig | undefined {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (!explicit && code === 'ENOENT') {
			return undefined;
		}
		throw new UserError(t('kubeconfig.error.missingFile', {path: file, reason: code ?? String(error)}));
	}
	let document: unknown;
	try {
		document = parseYaml(text);
	} catch (error) {
		const reason = (error as Error).message.split('\n')[0];
		throw new UserError(t('kubeconfig.error.notYaml', {path: file, reason}));
	}
	const part = new KubeConfig();
	if (document === null || document === undefined) {
		part.loadFromOptions({clusters: [], users: [], contexts: [], currentContext: undefined});
		return part;
	}
	if (typeof document !== 'object' || Array.isArray(document)) {
		throw new UserError(t('kubeconfig.error.notKubeconfig', {path: file, reason: 'it is not a mapping of clusters, users and contexts'}));
	}
	try {
		takeTokenFiles(document as Record<string, unknown>, file, tokenFiles);
		part.loadFromString(JSON.stringify(document));
	} catch (error) {
		throw new UserError(t('kubeconfig.error.notKubeconfig', {path: file, reason: (error as Error).message}));
	}
	part.makePathsAbsolute(path.dirname(file));
	return part;
}

function firstByName<T extends {name: string}>(lists: T[][]): T[] {
	const seen = new Map<string, T>();
	for (const list of lists) {
		for (const item of list) {
			if (!seen.has(item.name)) {
				seen.set(item.name, item);
			}
		}
	}
	return [...seen.values()];
}

function names(items: Array<{name: string}>): string {
	return items.length > 0 ? items.map(item => item.name).join(', ') : t('kubeconfig.none');
}

export function loadKubeTarget(flags: ConnectionFlags, environment: Environment = {}): KubeTarget {
	const {files, explicit} = kubeconfigFiles(flags, environment);
	const parts: KubeConfig[] = [];
	const used: string[] = [];
	const tokenFiles: TokenFiles = new Map();
	for (const file of files) {
		const part = readOne(file, explicit, tokenFiles);
		if (part) {
			parts.push(part);
			used.push(file);
		}
	}
	if (parts.length === 0) {
		throw new UserError(t('kubeconfig.error.noConfig'));
	}
	const clusters = firstByName(parts.map(part => part.getClusters()));
	const users = firstByName(parts.map(part => part.getUsers()));
	const contexts = firstByName(parts.map(part => part.getContexts()));
	const currentContext = parts.map(part => part.getCurrentContext()).find(Boolean);

	const contextName = flags.context ?? currentContext;
	let context: Context | undefined;
	if (contextName) {
		context = contexts.find(item => item.name === contextName);
		if (!context) {
			throw new UserError(t('kubeconfig.error.unknownContext', {context: contextName, contexts: names(contexts)}));
		}
	} else if (!flags.cluster || !flags.user) {
		throw new UserError(t('kubeconfig.error.noCurrentContext', {contexts: names(contexts)}));
	}

	const clusterName = flags.cluster ?? context?.cluster ?? '';
	const cluster = clusters.find(item => item.name === clusterName);
	if (!cluster) {
		throw new UserError(t('kubeconfig.error.unknownCluster', {cluster: clusterName, clusters: names(clusters)}));
	}
	if (!cluster.server) {
		throw new UserError(t('kubeconfig.error.noServer', {cluster: clusterName}));
	}
	const userName = flags.user ?? context?.user ?? '';
	const listed = users.find(item => item.name === userName);
	if (!listed) {
		throw new UserError(t('kubeconfig.error.unknownUser', {user: userName, users: names(users)}));
	}
	const tokenFile = listed.token ? undefined : tokenFiles.get(userName);
	const user: User = tokenFile ? {...listed, token: readToken(userName, tokenFile)} : listed;
	const namespace = flags.namespace ?? context?.namespace ?? 'default';

	return targetFromParts({contextName, clusterName, userName, namespace, server: cluster.server.replace(/\/+$/, ''), cluster, user, files: used});
}

/** What a KubeTarget is made of, as plain data (a worker thread builds its own client from it). */
export type TargetParts = Omit<KubeTarget, 'kc'>;

/** The target again from its plain parts: the KubeConfig holds that one context, cluster and user. */
export function targetFromParts(parts: TargetParts): KubeTarget {
	const {contextName, clusterName, userName, namespace, cluster, user} = parts;
	const effective: Context = {name: contextName ?? `${clusterName}/${userName}`, cluster: clusterName, user: userName, namespace};
	const kc = new KubeConfig();
	kc.loadFromOptions({clusters: [cluster], users: [user], contexts: [effective], currentContext: effective.name});
	return {kc, ...parts};
}
