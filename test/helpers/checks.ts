// Probing and fixing against the real cluster, scoped to namespaces a test owns.
import path from 'node:path';
import {Journal} from '../../source/engine/journal.js';
import {openContext} from '../../source/engine/session.js';
import type {Check, CheckContext, FixOptions, Verdict} from '../../source/engine/types.js';
import {freshContext, preview, apply, readObject, undo} from '../../source/engine/fix.js';
import type {KubeClient} from '../../source/kube/client.js';
import {collectionPath, type KubeObject} from '../../source/kube/objects.js';
import {namespace as namespaceObjects, pod} from '../../source/testing/sandbox.js';
import {tempDir, unique} from './cluster.js';

export {pod};

export async function create(client: KubeClient, ...objects: KubeObject[]): Promise<void> {
	for (const object of objects) {
		await client.request({method: 'POST', path: collectionPath(object.apiVersion, object.kind, object.metadata.namespace), body: object});
	}
}

/** A fresh namespace (with its default ServiceAccount) holding the given objects. */
export async function namespaceWith(client: KubeClient, prefix: string, build: (ns: string) => KubeObject[] = () => [], labels: Record<string, string> = {}): Promise<string> {
	const ns = unique(prefix);
	await create(client, ...namespaceObjects(ns, labels), ...build(ns));
	return ns;
}

/** The object as the cluster holds it now, or undefined. */
export const read = readObject;

export async function context(client: KubeClient, namespace?: string): Promise<CheckContext> {
	return openContext(client, namespace);
}

export async function probe(check: Check, client: KubeClient, namespace?: string): Promise<Verdict> {
	return check.probe(await context(client, namespace));
}

/** A verdict's evidence as the operator reads it: `Kind namespace/name: detail`. */
export function evidenceLines(verdict: {evidence: Array<{kind: string; namespace?: string | undefined; name: string; detail: string}>}): string[] {
	return verdict.evidence.map(item => `${item.kind} ${item.namespace ? `${item.namespace}/` : ''}${item.name}: ${item.detail}`);
}

export function journal(client: KubeClient): Journal {
	return new Journal(client.server, path.join(tempDir(), 'journal.json'));
}

/** Preview then apply a fix, as the CLI does with --yes; throws when the preview is not clean. */
export async function fix(check: Check, client: KubeClient, namespace: string | undefined, record: Journal, options: FixOptions = {}) {
	const ctx = await context(client, namespace);
	const previewed = await preview(check, ctx, options);
	if (!previewed.ok) {
		throw new Error(`preview not clean: ${JSON.stringify({missing: previewed.missing, dryRun: previewed.dryRun, notes: previewed.plan.notes})}`);
	}
	const result = await apply(check, freshContext(ctx), previewed, record, options);
	return {previewed, result};
}

export {preview, apply, undo, freshContext};

/** The object as a test compares it: without what the server changes on every write. */
export function comparable(object: KubeObject | undefined): unknown {
	if (!object) {
		return undefined;
	}
	const {managedFields: _m, resourceVersion: _r, generation: _g, ...metadata} = object.metadata;
	return {...object, metadata};
}
