// Traditional Chinese message catalog: the same keys as en.ts, each with the same {placeholders}
// (test/catalog.test.ts checks both). Like en.ts it is joined from one table per area; an area
// that adds English keys in `<area>.en.ts` adds their Traditional Chinese in `<area>.zh-TW.ts`.
import type {MessageId} from './catalog.js';
import {guideZhTW} from './guide.zh-TW.js';

export const zhTW: Partial<Record<MessageId, string>> = {
	...guideZhTW,
};
