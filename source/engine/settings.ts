// The operator's settings that outlive a session, in the state directory (settings.json,
// mode 0600): for now the language chosen in the walk. Which language a run speaks:
// --lang, else the language last chosen in the walk, else the locale (LC_ALL, LC_MESSAGES,
// LANG). An unreadable or damaged settings file is as good as none.
import fs from 'node:fs';
import path from 'node:path';
import {isLanguage, languageOfEnvironment, type Language} from '../messages/catalog.js';
import {stateDir} from '../paths.js';

export interface Settings {
	language?: Language | undefined;
}

export function settingsFile(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(stateDir(env), 'settings.json');
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
	try {
		const parsed = JSON.parse(fs.readFileSync(settingsFile(env), 'utf8')) as {language?: unknown};
		return typeof parsed.language === 'string' && isLanguage(parsed.language) ? {language: parsed.language} : {};
	} catch {
		return {};
	}
}

/** Remembers the language chosen in the walk (whole or not at all; readable by its owner only). */
export function saveLanguage(language: Language, env: NodeJS.ProcessEnv = process.env): void {
	const file = settingsFile(env);
	fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	const aside = `${file}.${process.pid}.tmp`;
	try {
		fs.writeFileSync(aside, `${JSON.stringify({...readSettings(env), language}, undefined, 2)}\n`, {mode: 0o600});
		fs.chmodSync(aside, 0o600);
		fs.renameSync(aside, file);
	} finally {
		fs.rmSync(aside, {force: true});
	}
}

/** What `--lang` names, normalised (`zh_TW`, `zh-tw` are zh-TW); undefined when it names no language we speak. */
export function parseLanguage(value: string): Language | undefined {
	const normal = value.trim().replace('_', '-').toLowerCase();
	return normal === 'en' ? 'en' : normal === 'zh-tw' ? 'zh-TW' : undefined;
}

/** The language of a run without --lang: the walk's remembered choice, else the locale. */
export function defaultLanguage(env: NodeJS.ProcessEnv = process.env): Language {
	return readSettings(env).language ?? languageOfEnvironment(env);
}
