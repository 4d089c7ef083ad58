// The one gate for anything copied from the cluster into the journal, a report, a log or the
// screen: a Secret never carries its values out of the API server through this program.
import type {KubeObject} from '../kube/objects.js';

/** Metadata the server owns: never written back, never worth keeping. */
const serverMetadata = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/** Annotations known to hold a whole copy of the object (kubectl apply's, and its server-side twin). */
const copyAnnotations = new Set(['kubectl.kubernetes.io/last-applied-configuration', 'kubectl.kubernetes.io/last-applied']);

/**
 * True when an annotation's value looks like a serialized object: a copy of the Secret that
 * some tool kept (JSON or YAML with data, stringData or an apiVersion/kind pair).
 */
function holdsObject(key: string, value: string): boolean {
	if (copyAnnotations.has(key)) {
		return true;
	}
	const text = value.trim();
	if (!text.startsWith('{') && !/^\w[\w-]*:\s/m.test(text)) {
		return false;
	}
	return /(^|[\s{,"'])(data|stringData|binaryData)["']?\s*:/m.test(text) || (/apiVersion/.test(text) && /kind/.test(text));
}

/** Annotations that may safely leave the cluster (for a Secret: none that copy the object). */
function safeAnnotations(annotations: Record<string, string> | undefined): Record<string, string> | undefined {
	if (!annotations) {
		return undefined;
	}
	const kept = Object.entries(annotations).filter(([key, value]) => !holdsObject(key, String(value)));
	return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/**
 * The object as it may be kept outside the cluster. Every object loses the server's own
 * metadata (managedFields and the rest) and its status. A Secret keeps only apiVersion, kind,
 * type and metadata without any annotation that copies it: never `data`, `stringData`, or a
 * last-applied configuration.
 */
export function redact(object: KubeObject): KubeObject {
	const metadata = Object.fromEntries(Object.entries(object.metadata).filter(([key]) => !serverMetadata.includes(key))) as KubeObject['metadata'];
	if (object.kind === 'Secret') {
		const annotations = safeAnnotations(metadata.annotations as Record<string, string> | undefined);
		const {annotations: _dropped, ...rest} = metadata;
		const type = object['type'];
		return {apiVersion: object.apiVersion, kind: object.kind, metadata: annotations ? {...rest, annotations} : rest, ...(type === undefined ? {} : {type})};
	}
	const {status: _status, ...rest} = object;
	return {...rest, metadata};
}

/** Whether restoring `redact(object)` gives the object back whole (a Secret never does). */
export function restoresWhole(object: KubeObject): boolean {
	return object.kind !== 'Secret';
}
