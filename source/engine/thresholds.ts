// What a run's checks may be told beyond the cluster itself: thresholds the operator chooses on
// the command line. Each has a default, so a check reads it as `thresholdsOf(context).<name>`.
import type {CheckContext} from './types.js';

export interface Thresholds {
	/** Nodes whose Node object is older than this many days are named as due for replacement (node-age). */
	nodeMaxAgeDays: number;
}

export const defaultThresholds: Thresholds = {
	nodeMaxAgeDays: 90,
};

export function thresholdsOf(context: Pick<CheckContext, 'thresholds'>): Thresholds {
	return {...defaultThresholds, ...context.thresholds};
}
