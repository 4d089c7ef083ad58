// English wording of fix offers made without the expensive part of planning (the report, the walk's probe).
export const offerEn = {
	'offer.sizedWhenOpened': 'sized from the namespace\'s pods when the fix is opened',
} as const;
