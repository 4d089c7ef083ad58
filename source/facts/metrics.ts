// The API server's own /metrics, read once per run and parsed only for the families the checks
// read (feature gates, build info, audit events, encryption and storage transformers).
import type {CheckContext} from '../engine/types.js';
import {isKubeError} from '../kube/errors.js';


export interface Sample {
	name: string;
	labels: Record<string, string>;
	value: number;
}

/**
 * Prometheus text format, the lines that carry samples. With `keep`, only the lines it accepts
 * are parsed (an API server's /metrics runs to megabytes; the checks need a few families).
 */
export function parseMetrics(text: string, keep: (line: string) => boolean = () => true): Sample[] {
	const samples: Sample[] = [];
	for (const line of text.split('\n')) {
		if (!line || line.startsWith('#') || !keep(line)) {
			continue;
		}
		const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
		if (!match) {
			continue;
		}
		const labels: Record<string, string> = {};
		for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
			labels[pair[1]!] = pair[2]!;
		}
		samples.push({name: match[1]!, labels, value: Number(match[3])});
	}
	return samples;
}

/** The metric families section 4 reads; of apiserver_request_total, only the Secret lines. */
const wanted = ['kubernetes_feature_enabled', 'kubernetes_build_info', 'apiserver_audit_event_total', 'apiserver_encryption_config_controller_', 'apiserver_storage_transformation_'];

export function neededLine(line: string): boolean {
	return wanted.some(prefix => line.startsWith(prefix)) || (line.startsWith('apiserver_request_total{') && line.includes('resource="secrets"'));
}

/** The API server's /metrics, read once per run; the error when it may not be read. */
export function metrics(context: CheckContext): Promise<{samples: Sample[]; error?: string | undefined}> {
	return context.snapshot.once('metrics', async () => {
		try {
			const {body} = await context.snapshot.request<string>({path: '/metrics', text: true});
			return {samples: parseMetrics(body, neededLine)};
		} catch (error) {
			if (!isKubeError(error)) {
				throw error;
			}
			return {samples: [], error: error.message};
		}
	});
}
