// What the snapshot keeps of each listed object: only the fields the facts and checks read, cut
// from each page as it arrives, so a large cluster's pods do not sit in memory whole. Every kind
// loses `managedFields` (often half an object) and the last-applied-configuration annotation (a
// second copy of the object, and for a Secret its data). A kind with a projection below keeps
// only what it names; a check that needs another field of such a kind adds it here (fixture
// snapshots apply the same projections, so a fixture test catches a field projected away).
import type {KubeObject} from './objects.js';

const lastApplied = new Set(['kubectl.kubernetes.io/last-applied-configuration', 'kubectl.kubernetes.io/last-applied']);

/** Metadata without `managedFields` and without last-applied copies. */
export function slimMetadata(metadata: KubeObject['metadata']): KubeObject['metadata'] {
	const {managedFields: _managed, ...rest} = metadata;
	const annotations = rest.annotations;
	if (annotations && Object.keys(annotations).some(key => lastApplied.has(key))) {
		rest.annotations = Object.fromEntries(Object.entries(annotations).filter(([key]) => !lastApplied.has(key)));
	}
	return rest;
}

type Projection = (object: KubeObject) => KubeObject;

/**
 * The fields kept per kind (besides apiVersion, kind and slim metadata). Pod: the whole spec
 * (containers, volumes, security contexts, service account, node, tolerations: most checks read
 * some of it) and of the status only `phase` (facts/util.ts isActive); containerStatuses,
 * conditions and IPs are read by no check. Node: its status without the image list.
 */
export const projections: Record<string, Projection> = {
	Pod: ({apiVersion, kind, metadata, spec, status}) => ({
		apiVersion,
		kind,
		metadata: slimMetadata(metadata),
		spec,
		status: {phase: (status as {phase?: string} | undefined)?.phase},
	}),
	Node: object => {
		const {images: _images, ...status} = (object['status'] ?? {}) as Record<string, unknown>;
		return {...object, metadata: slimMetadata(object.metadata), status};
	},
};

/** The object as the snapshot keeps it. */
export function project(object: KubeObject): KubeObject {
	const projection = projections[object.kind];
	return projection ? projection(object) : {...object, metadata: slimMetadata(object.metadata)};
}
