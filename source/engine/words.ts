// Typed wording. A check (or a shared fact) keeps its words in its own file, as a record keyed
// by language: `{en: {title: '...', 'ev.http': 'the server is {server}: ...'}}`. The English
// table is written `as const`, so each template's `{placeholders}` are known to the compiler:
// asking for a key that does not exist, or leaving out a parameter, is a compile error. A
// translation is typed against the English table (same keys, same placeholders), so adding one
// language is one more entry in the same record.
import {localLink} from '../messages/links.js';
import {currentLanguage, fill, hasMessage, languages, t, tIn, type Language, type MessageId, type MessageParams} from '../messages/catalog.js';

/** The languages a words record may hold; English is always there and is the fallback. */
export type {Language} from '../messages/catalog.js';

type WordChar =
	| 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j' | 'k' | 'l' | 'm' | 'n' | 'o' | 'p' | 'q' | 'r' | 's' | 't' | 'u' | 'v' | 'w' | 'x' | 'y' | 'z'
	| 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M' | 'N' | 'O' | 'P' | 'Q' | 'R' | 'S' | 'T' | 'U' | 'V' | 'W' | 'X' | 'Y' | 'Z'
	| '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '_';

type IsWord<S extends string> = S extends `${infer C}${infer Rest}` ? (C extends WordChar ? (Rest extends '' ? true : IsWord<Rest>) : false) : false;

/**
 * The placeholder names of a template, as `t()` fills them: `{name}` where name is a word
 * (`{enabled: true}` in a YAML snippet is text, not a placeholder).
 */
export type Params<S> = S extends `${string}{${infer Rest}`
	? Rest extends `${infer Name}}${infer After}`
		? IsWord<Name> extends true ? Name | Params<After> : Params<Rest>
		: never
	: never;

export type ParamValue = string | number;

/** The arguments a template takes: nothing when it has no placeholder, else each one by name. */
export type ArgsOf<S> = [Params<S>] extends [never] ? [] : [params: {[P in Params<S>]: ParamValue}];

/** The wording every check has, whatever else it says. */
export interface CheckTexts {
	title: string;
	risk: string;
	attack: string;
	fix: string;
	undo: string;
	manual: string;
	link: string;
}

/** A translation of an English table: every key, each with exactly the English placeholders. */
export type Translation<E> = {
	readonly [K in keyof E]: string;
};

/** A words record: English, and any translations typed against it. */
export type Words<E> = {readonly en: E} & {readonly [L in Exclude<Language, 'en'>]?: Translation<E>};

/**
 * Checks at compile time that a translation has the English keys and placeholders:
 * `translation(en)({...})` fails to compile on a missing key or a placeholder that differs.
 */
export function translation<E>(_english: E) {
	return <const Z extends {readonly [K in keyof E]: string}>(table: Z & {readonly [K in keyof E]: [Params<Z[K]>] extends [Params<E[K]>] ? ([Params<E[K]>] extends [Params<Z[K]>] ? Z[K] : never) : never}): Translation<E> => table;
}

/** The table of the language in use, English where the translation has none. */
export function tableOf<E>(words: Words<E>): E {
	const language = currentLanguage();
	return (language !== 'en' ? (words[language] as E | undefined) : undefined) ?? words.en;
}

/** A message id plus its parameters: what a verdict carries so the words can be chosen later. */
export interface Coded {
	code: string;
	params: MessageParams;
}

/** A coded message and its text in the language in use. */
export interface Phrase extends Coded {
	text: string;
}

/** The separator of phrases joined into one line when none is given: `; `, or `；` in Chinese. */
export function joinIn(language: string): string {
	return language === 'zh-TW' ? '；' : '; ';
}

/**
 * An evidence line's detail from one phrase, or several joined (by the language's own `; ` when
 * no separator is given; another separator is kept in `join`).
 */
export function line(phrases: Phrase | Phrase[], separator?: string): {detail: string; code: string; params: MessageParams; parts?: Coded[]; join?: string} {
	const list = Array.isArray(phrases) ? phrases : [phrases];
	const first = list[0] ?? {code: '', params: {}, text: ''};
	const detail = list.map(phrase => phrase.text).join(separator ?? joinIn(currentLanguage()));
	const join = separator === undefined || separator === '; ' ? {} : {join: separator};
	return list.length > 1 ? {detail, code: first.code, params: first.params, parts: list.map(coded), ...join} : {detail, code: first.code, params: first.params};
}

/** An evidence line from text with no code (a name, an API message), a phrase, or phrases joined. */
export function detailOf(detail: string | Phrase | Phrase[]): {detail: string; code?: string; params?: MessageParams; parts?: Coded[]; join?: string} {
	return typeof detail === 'string' ? {detail} : line(detail);
}

/** A verdict's reason from one phrase, or several joined by a space. */
export function because(phrases: Phrase | Phrase[]): {reason: string | undefined; reasonCode: string | undefined; reasonParams: MessageParams | undefined; reasonParts?: Coded[]} {
	const list = Array.isArray(phrases) ? phrases : [phrases];
	if (list.length === 0) {
		return {reason: undefined, reasonCode: undefined, reasonParams: undefined};
	}
	const reason = list.map(phrase => phrase.text).join(' ');
	return list.length > 1 ? {reason, reasonCode: list[0]!.code, reasonParams: list[0]!.params, reasonParts: list.map(coded)} : {reason, reasonCode: list[0]!.code, reasonParams: list[0]!.params};
}

function coded({code, params}: Coded): Coded {
	return {code, params};
}

/** A phrase from the shared message catalog (facts several checks share: control plane, RBAC). */
export function catalogPhrase(id: MessageId, params: MessageParams = {}): Phrase {
	return {code: id, params, text: t(id, params)};
}

/** A phrase that is not from a words record: an API server's own message, say. */
export function verbatim(code: string, text: string): Phrase {
	return {code, params: {message: text}, text};
}

export interface Say<E> {
	/** The text of `key` in the language in use, its placeholders filled. */
	<K extends keyof E & string>(key: K, ...args: ArgsOf<E[K]>): string;
	/** The same, as a phrase: its code (`<prefix>.<key>`), parameters and text. */
	code<K extends keyof E & string>(key: K, ...args: ArgsOf<E[K]>): Phrase;
	/** An evidence line's detail, code and parameters. */
	line<K extends keyof E & string>(key: K, ...args: ArgsOf<E[K]>): ReturnType<typeof line>;
	/** A verdict's reason, reasonCode and reasonParams. */
	reason<K extends keyof E & string>(key: K, ...args: ArgsOf<E[K]>): ReturnType<typeof because>;
	readonly words: Words<E>;
	readonly prefix: string;
}

/** Every words record a `sayer` was made for, by its prefix (the check id, or a fact's name). */
const registry = new Map<string, Words<Record<string, string>>>();

/** The words records known to `renderCode` (tests read them for keys and placeholders). */
export function registeredWords(): ReadonlyMap<string, Words<Record<string, string>>> {
	return registry;
}

/**
 * The text of a coded message in the language in use, from its code alone: a catalog id, or
 * `<prefix>.<key>` of a words record (a check's id and its key). Undefined when the code names
 * no template (an API server's own message, kept verbatim). Depends only on the code, its
 * parameters and the language, so a verdict made in another thread or another language reads
 * the same.
 */
export function renderCode(code: string, params: MessageParams = {}, language: Language = currentLanguage()): string | undefined {
	if (hasMessage(code)) {
		return tIn(language, code, params);
	}
	const dot = code.indexOf('.');
	const words = dot > 0 ? registry.get(code.slice(0, dot)) : undefined;
	if (!words) {
		return undefined;
	}
	const key = code.slice(dot + 1);
	const table = (language === 'en' ? words.en : words[language] ?? words.en) as Record<string, string | undefined>;
	const template = table[key] ?? words.en[key];
	return template === undefined ? undefined : fill(template, params);
}

/** Something rendered from codes: one code and its parameters, or parts joined. */
export interface CodedText {
	code?: string | null | undefined;
	params?: MessageParams | null | undefined;
	parts?: Coded[] | undefined;
	join?: string | undefined;
}

/** A coded line's text in one language; undefined when a code names no template. */
function renderIn(item: CodedText, separator: string, language: Language): string | undefined {
	if (item.parts && item.parts.length > 0) {
		const texts = item.parts.map(part => renderCode(part.code, part.params, language));
		return texts.every(text => text !== undefined) ? texts.join(item.join ?? (separator === '; ' ? joinIn(language) : separator)) : undefined;
	}
	return item.code ? renderCode(item.code, item.params ?? {}, language) : undefined;
}

/**
 * The text of a coded line in the language in use: its parts joined as they were (`separator`
 * unless the line kept its own), else its code. The text as it was made (`fallback`) stays when
 * its codes do not say all of it (a code naming no template, a line that says more than the
 * code it carries): the codes are used only when, in some language, they give that text back.
 */
export function renderText(item: CodedText, fallback: string, separator = '; '): string {
	const now = renderIn(item, separator, currentLanguage());
	if (now === undefined || now === fallback) {
		return now ?? fallback;
	}
	return languages.some(language => renderIn(item, separator, language) === fallback) ? now : fallback;
}

/** An evidence line's detail in the language in use. */
export function evidenceDetail(evidence: CodedText & {detail: string}): string {
	return renderText(evidence, evidence.detail);
}

/** A verdict's (or a fix's) reason in the language in use; undefined when it has none. */
export function reasonText(verdict: {reason?: string | undefined; reasonCode?: string | undefined; reasonParams?: MessageParams | undefined; reasonParts?: Coded[] | undefined}): string | undefined {
	if (verdict.reason === undefined) {
		return undefined;
	}
	return renderText({code: verdict.reasonCode, params: verdict.reasonParams, parts: verdict.reasonParts}, verdict.reason, ' ');
}

/** The typed `say` of one words record; `prefix` names its codes (the check id). */
export function sayer<const E>(prefix: string, words: Words<E>): Say<E> {
	registry.set(prefix, words as unknown as Words<Record<string, string>>);
	const text = (key: string, params: MessageParams = {}) => fill(String((tableOf(words) as Record<string, unknown>)[key] ?? (words.en as Record<string, unknown>)[key] ?? ''), params);
	const phrase = (key: string, params: MessageParams = {}): Phrase => ({code: `${prefix}.${key}`, params, text: text(key, params)});
	const say = ((key: string, ...args: [MessageParams?]) => text(key, args[0])) as unknown as Say<E>;
	Object.assign(say, {
		code: (key: string, ...args: [MessageParams?]) => phrase(key, args[0]),
		line: (key: string, ...args: [MessageParams?]) => line(phrase(key, args[0])),
		reason: (key: string, ...args: [MessageParams?]) => because(phrase(key, args[0])),
		words,
		prefix,
	});
	return say;
}

/** One of a check's own texts (title, risk, ...) in the language in use; a link goes to the guide's page in that language where the site has one. */
export function checkText(check: {words: Words<CheckTexts>}, field: keyof CheckTexts): string {
	const text = tableOf(check.words)[field];
	return field === 'link' ? localLink(check.words.en.link) : text;
}
