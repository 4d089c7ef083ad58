// Every operator-facing sentence, keyed by id, in English and Traditional Chinese (the guide's
// own language, zh-TW.ts): the same keys in both, each with the same {placeholders} (zh-TW.ts
// is typed so that a missing key or a differing placeholder does not compile).
import {en} from './en.js';
import {zhTW} from './zh-TW.js';

export type MessageId = keyof typeof en;
export type MessageParams = Record<string, string | number | undefined>;

/** The languages the tool speaks; English is the fallback. */
export const languages = ['en', 'zh-TW'] as const;
export type Language = typeof languages[number];

const tables: Record<Language, Record<MessageId, string>> = {en, 'zh-TW': zhTW};
let language: Language = 'en';

export function isLanguage(value: string): value is Language {
	return (languages as readonly string[]).includes(value);
}

export function setLanguage(lang: string): void {
	language = isLanguage(lang) ? lang : 'en';
}

/** The language messages are shown in (a check's words follow it too). */
export function currentLanguage(): Language {
	return language;
}

/**
 * The language a POSIX locale names: zh_TW, zh_HK and zh_MO (Traditional Chinese) select zh-TW,
 * anything else English. `zh_TW.UTF-8`, `zh_TW@euro` and `zh-TW` are all read.
 */
export function languageOfLocale(locale: string | undefined): Language | undefined {
	if (!locale) {
		return undefined;
	}
	const base = locale.split(/[.@]/)[0]!.replace('-', '_').toLowerCase();
	return ['zh_tw', 'zh_hk', 'zh_mo', 'zh_hant', 'zh_hant_tw'].includes(base) ? 'zh-TW' : 'en';
}

/** The language of the environment: LC_ALL, then LC_MESSAGES, then LANG (the first one set and not empty). */
export function languageOfEnvironment(env: NodeJS.ProcessEnv = process.env): Language {
	for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
		const value = env[name];
		if (value) {
			return languageOfLocale(value) ?? 'en';
		}
	}
	return 'en';
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
	return fill(tables[language][id] ?? en[id], params);
}

/** The message `id` in a given language, whatever the language in use. */
export function tIn(lang: Language, id: MessageId, params: MessageParams = {}): string {
	return fill(tables[lang][id] ?? en[id], params);
}

/** The whole table of a language (tests compare the two). */
export function catalogOf(lang: Language): Readonly<Record<MessageId, string>> {
	return tables[lang];
}

export function hasMessage(id: string): id is MessageId {
	return Object.hasOwn(en, id);
}

/** A message whose id is built at run time (`check.<id>.title`); `fallback` when there is none. */
export function messageFor(id: string, params: MessageParams = {}, fallback = ''): string {
	return hasMessage(id) ? t(id, params) : fallback;
}
