// What a run's checks may be told beyond the cluster itself: thresholds the operator chooses on
// the command line. Each has a default, so a check reads it as `settingsOf(context).<name>`.
import type {CheckContext} from './types.js';

export interface Settings {
	/** Nodes whose Node object is older than this many days are named as due for replacement (node-age). */
	nodeMaxAgeDays: number;
}

export const defaultSettings: Settings = {
	nodeMaxAgeDays: 90,
};

export function settingsOf(context: Pick<CheckContext, 'settings'>): Settings {
	return {...defaultSettings, ...context.settings};
}
