// Every operator-facing sentence, keyed by id. English now; Traditional Chinese (the guide's
// own language) is added as a second table with the same keys.
import {en} from './en.js';

export type MessageId = keyof typeof en;
export type MessageParams = Record<string, string | number | undefined>;

const tables: Record<string, Partial<Record<MessageId, string>>> = {en};
let language = 'en';

export function setLanguage(lang: string): void {
	language = tables[lang] ? lang : 'en';
}

/** The message `id` with `{name}` placeholders filled from `params`. */
export function t(id: MessageId, params: MessageParams = {}): string {
	const template = tables[language]?.[id] ?? en[id];
	return template.replaceAll(/\{(\w+)\}/g, (whole, name: string) => {
		const value = params[name];
		return value === undefined ? whole : String(value);
	});
}

export function hasMessage(id: string): id is MessageId {
	return Object.hasOwn(en, id);
}

/** A message whose id is built at run time (`check.<id>.title`); `fallback` when there is none. */
export function messageFor(id: string, params: MessageParams = {}, fallback = ''): string {
	return hasMessage(id) ? t(id, params) : fallback;
}
