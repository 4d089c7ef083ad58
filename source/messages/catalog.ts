// Every operator-facing sentence, keyed by id, in English and Traditional Chinese (the guide's
// own language, zh-TW.ts): the same keys in both.
import {en} from './en.js';
import {zhTW} from './zh-TW.js';

export type MessageId = keyof typeof en;
export type MessageParams = Record<string, string | number | undefined>;

const tables: Record<string, Partial<Record<MessageId, string>>> = {en, 'zh-TW': zhTW};
let language = 'en';

export function setLanguage(lang: string): void {
	language = tables[lang] ? lang : 'en';
}

/** The language messages are shown in (a check's words follow it too). */
export function currentLanguage(): string {
	return language;
}

/** A template with its `{name}` placeholders filled from `params` (unknown ones are kept as they are). */
export function fill(template: string, params: MessageParams = {}): string {
	return template.replaceAll(/\{(\w+)\}/g, (whole, name: string) => {
		const value = params[name];
		return value === undefined ? whole : String(value);
	});
}

/** The message `id` with `{name}` placeholders filled from `params`. */
export function t(id: MessageId, params: MessageParams = {}): string {
	return fill(tables[language]?.[id] ?? en[id], params);
}

export function hasMessage(id: string): id is MessageId {
	return Object.hasOwn(en, id);
}

/** A message whose id is built at run time (`check.<id>.title`); `fallback` when there is none. */
export function messageFor(id: string, params: MessageParams = {}, fallback = ''): string {
	return hasMessage(id) ? t(id, params) : fallback;
}
