// Files the tool writes on the operator's machine, never to the cluster: a recommended audit
// policy (4.2) and a fresh EncryptionConfiguration with a new random key (4.6). They are the
// manual half of those sections: the operator copies them to the control-plane nodes and sets
// the API server's flags. A file is written only to a path the operator confirmed, never over
// an existing file unless asked, and the one holding a key is readable by its owner only.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {t, type MessageId} from '../messages/catalog.js';
import type {KubeClient} from '../kube/client.js';
import {isKubeError, UserError} from '../kube/errors.js';

export type LocalFileId = 'audit-policy' | 'encryption-config';

export interface LocalFile {
	id: LocalFileId;
	defaultName: string;
	/** Holds key material: mode 0600. */
	secret: boolean;
}

export const localFiles: LocalFile[] = [
	{id: 'audit-policy', defaultName: 'audit-policy.yaml', secret: false},
	{id: 'encryption-config', defaultName: 'encryption-config.yaml', secret: true},
];

/** The file a check's manual step offers to write (its `actions.file`), if any. */
export function localFileFor(check: {actions?: {file?: LocalFileId | undefined} | undefined}): LocalFile | undefined {
	return check.actions?.file ? localFileById(check.actions.file) : undefined;
}

export function localFileById(id: string): LocalFile | undefined {
	return localFiles.find(file => file.id === id);
}

/** A message of the catalog as YAML comment lines, in the language in use. */
function comment(id: MessageId, indent = ''): string {
	return t(id).split('\n').map(line => `${indent}# ${line}`).join('\n');
}

/**
 * A policy that records who did what without recording secrets: Secret, ConfigMap and token
 * traffic at Metadata (never their contents), noisy health and lease traffic not at all, reads
 * at Metadata, writes with their request bodies, anything else at Metadata.
 */
export function auditPolicy(): string {
	return `${comment('files.audit.header')}
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
rules:
${comment('files.audit.secrets', '  ')}
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps", "serviceaccounts/token"]
      - group: "authentication.k8s.io"
        resources: ["tokenreviews"]
${comment('files.audit.noise', '  ')}
  - level: None
    nonResourceURLs: ["/healthz*", "/livez*", "/readyz*", "/version", "/metrics"]
  - level: None
    verbs: ["get", "update", "watch"]
    resources:
      - group: "coordination.k8s.io"
        resources: ["leases"]
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["watch"]
    resources:
      - group: ""
        resources: ["endpoints", "services", "services/status"]
      - group: "discovery.k8s.io"
        resources: ["endpointslices"]
  - level: None
    userGroups: ["system:nodes"]
    verbs: ["get"]
    resources:
      - group: ""
        resources: ["nodes", "nodes/status"]
  - level: None
    resources:
      - group: ""
        resources: ["events"]
${comment('files.audit.reads', '  ')}
  - level: Metadata
    verbs: ["get", "list", "watch"]
${comment('files.audit.writes', '  ')}
  - level: Request
    verbs: ["create", "update", "patch", "delete", "deletecollection"]
${comment('files.audit.rest', '  ')}
  - level: Metadata
`;
}

/**
 * A fresh EncryptionConfiguration: secretbox with a new random 32-byte key for Secrets,
 * ConfigMaps and the given custom resources (`plural.group`), identity last so what is stored
 * unencrypted today can still be read until it is rewritten.
 */
export function encryptionConfig(customResources: string[] = [], now = new Date(), key = crypto.randomBytes(32)): string {
	const resources = ['secrets', 'configmaps', ...customResources];
	return `${comment('files.encryption.header')}
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
${resources.map(resource => `      - ${resource}`).join('\n')}
    providers:
      - secretbox:
          keys:
            - name: key-${now.toISOString().slice(0, 10).replaceAll('-', '')}
              secret: ${key.toString('base64')}
      - identity: {}
`;
}

/**
 * Writes a file to a path the operator chose: the parent must exist, an existing file is kept
 * unless `overwrite`, and the content appears whole or not at all (written aside, then renamed).
 */
export function writeLocalFile(file: LocalFile, target: string, content: string, overwrite = false): string {
	return writeAtomically(target, content, {mode: file.secret ? 0o600 : 0o644, overwrite});
}

/** The directory a file would be written to, when it does not exist (to refuse before any work). */
export function missingDirectory(target: string): string | undefined {
	const directory = path.dirname(path.resolve(target));
	return fs.existsSync(directory) && fs.statSync(directory).isDirectory() ? undefined : directory;
}

/** Writes `content` to `target` whole or not at all (written aside in the same directory, then renamed); returns the full path. */
export function writeAtomically(target: string, content: string, {mode, overwrite}: {mode: number; overwrite: boolean}): string {
	const resolved = path.resolve(target);
	const directory = path.dirname(resolved);
	const missing = missingDirectory(resolved);
	if (missing) {
		throw new UserError(t('files.error.noDirectory', {directory: missing}));
	}
	if (fs.existsSync(resolved) && !overwrite) {
		throw new UserError(t('files.error.exists', {path: resolved}));
	}
	const aside = path.join(directory, `.${path.basename(resolved)}.${process.pid}.tmp`);
	try {
		fs.writeFileSync(aside, content, {mode, flag: 'wx'});
		fs.renameSync(aside, resolved);
	} catch (error) {
		fs.rmSync(aside, {force: true});
		throw new UserError(t('files.error.write', {path: resolved, reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message}));
	}
	return resolved;
}

/** `plural.group` of every custom resource the cluster serves, to be encrypted too; a note and none when they cannot be listed. */
export async function customResourceNames(client: KubeClient, note: (line: string) => void): Promise<string[]> {
	try {
		const names: string[] = [];
		for await (const page of client.pages<{spec?: {group?: string; names?: {plural?: string}}}>('/apis/apiextensions.k8s.io/v1/customresourcedefinitions')) {
			for (const crd of page) {
				if (crd.spec?.group && crd.spec.names?.plural) {
					names.push(`${crd.spec.names.plural}.${crd.spec.group}`);
				}
			}
		}
		return names.sort();
	} catch (error) {
		if (!isKubeError(error)) {
			throw error;
		}
		note(t('files.note.noCustomResources', {error: error.message}));
		return [];
	}
}
