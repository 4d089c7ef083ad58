// Traditional Chinese wording of fix offers made without the expensive part of planning.
import type {offerEn} from './offer.en.js';

export const offerZhTW: Record<keyof typeof offerEn, string> = {
	'offer.sizedWhenOpened': '開啟修正時依名字空間的 Pod 估算大小',
};
