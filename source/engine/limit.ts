// Bounded concurrency: a large cluster must not get thousands of requests at once.

/** Requests a single check keeps in flight at most (dry-runs, reviews, per-object reads). */
export const requestConcurrency = 8;

/** Runs `work` on every item, at most `limit` at a time; rejects with the first failure. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			await work(items[index]!, index);
		}
	};
	await Promise.all(Array.from({length: Math.min(Math.max(1, limit), items.length)}, worker));
}
