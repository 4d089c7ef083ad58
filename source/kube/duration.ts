// kubectl's --request-timeout syntax: "0" (no limit), a whole number of seconds, or a Go
// duration such as 500ms, 30s, 1m, 1h30m. Returns milliseconds (0 = no limit), or undefined
// when the text is not a duration.
const units: Record<string, number> = {ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000};

export function parseRequestTimeout(text: string): number | undefined {
	const value = text.trim();
	if (/^\d+$/.test(value)) {
		return Number(value) * 1000;
	}
	const part = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
	let total = 0;
	let consumed = 0;
	for (let match = part.exec(value); match; match = part.exec(value)) {
		total += Number(match[1]) * units[match[2]!]!;
		consumed = part.lastIndex;
	}
	if (consumed === 0 || consumed !== value.length) {
		return undefined;
	}
	return Math.round(total);
}

export function formatDuration(ms: number): string {
	if (ms % 3_600_000 === 0) {
		return `${ms / 3_600_000}h`;
	}
	if (ms % 60_000 === 0) {
		return `${ms / 60_000}m`;
	}
	if (ms % 1000 === 0) {
		return `${ms / 1000}s`;
	}
	return `${ms}ms`;
}
