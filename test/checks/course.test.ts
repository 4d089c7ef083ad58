// Every registered check as a lesson: its words in Traditional Chinese (the English keys, the
// same placeholders, nothing left in English by copy-paste), its manual steps (each step's text in
// both languages, ids unique, the file a step offers when the check writes one) and its "see it
// yourself" commands (kubectl, read-only). One test per check, so a failure names the check.
import test from 'ava';
import {checks} from '../../source/checks/index.js';
import type {Check} from '../../source/engine/types.js';

type Table = Record<string, string>;

/** The placeholders of a template, as fill() reads them: `{name}` where name is a word. */
function placeholders(template: string): string[] {
	return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map(match => match[1]!))].sort();
}

/** Whether a text holds a letter once its placeholders are taken out (`{count}` alone has none). */
function hasLetters(text: string): boolean {
	return /\p{L}/u.test(text.replaceAll(/\{\w+\}/g, ''));
}

/** The kubectl subcommands that only read (`auth` and `config` only with a reading verb). */
const readingSubcommands = new Set(['get', 'describe', 'top', 'logs', 'explain', 'api-resources', 'api-versions', 'version', 'cluster-info', 'events']);

const readingSecondWords: Record<string, Set<string>> = {auth: new Set(['can-i', 'whoami']), config: new Set(['view', 'get-contexts', 'current-context'])};

const writeVerbs = new Set(['apply', 'create', 'delete', 'patch', 'edit', 'label', 'annotate', 'replace', 'scale', 'cordon', 'drain', 'taint', 'set']);

/** Flags of kubectl that take their value as the next word (`-n kube-system`). */
const flagsWithValue = new Set(['-n', '--namespace', '-o', '--output', '-l', '--selector', '-L', '--label-columns', '-c', '--container', '--context', '--kubeconfig', '--as', '--as-group', '--field-selector', '--subresource']);

/** Why a "see it yourself" command is not a read-only kubectl command; empty when it is. */
function seeItProblems(command: string): string[] {
	const problems: string[] = [];
	if (!command.startsWith('kubectl ')) {
		problems.push('does not start with "kubectl "');
	}
	const words = command.split(/\s+/).filter(Boolean);
	for (const [index, word] of words.entries()) {
		// `kubectl auth can-i create pods` asks a question; the verb after can-i is not run.
		if (writeVerbs.has(word) && words[index - 1] !== 'can-i') {
			problems.push(`holds the write verb "${word}"`);
		}
		if (word === 'rollout' && words[index + 1] === 'restart') {
			problems.push('holds "rollout restart"');
		}
	}
	// Every kubectl in it (a pipeline may hold more than one) runs a reading subcommand.
	for (const [index, word] of words.entries()) {
		if (word !== 'kubectl') {
			continue;
		}
		const rest: string[] = [];
		for (let next = index + 1; next < words.length && !['|', '&&', ';', '||'].includes(words[next]!); next++) {
			const item = words[next]!;
			if (item.startsWith('-')) {
				if (flagsWithValue.has(item)) {
					next++;
				}
				continue;
			}
			rest.push(item);
		}
		const [subcommand = '', second = ''] = rest;
		const allowed = readingSecondWords[subcommand]?.has(second) ?? readingSubcommands.has(subcommand);
		if (!allowed) {
			problems.push(`runs "kubectl ${[subcommand, second].filter(Boolean).join(' ')}", which is not a read-only subcommand`);
		}
	}
	return problems;
}

/** What is missing or wrong in one check's course material; empty when nothing is. */
function courseProblems(check: Check): string[] {
	const problems: string[] = [];
	const en = check.words.en as unknown as Table;
	const zh = check.words['zh-TW'] as unknown as Table | undefined;
	// (a) A Traditional Chinese table with exactly the English keys and placeholders.
	if (zh === undefined) {
		problems.push('no zh-TW words');
	} else {
		for (const key of Object.keys(en)) {
			if (!Object.hasOwn(zh, key)) {
				problems.push(`zh-TW lacks the key ${key}`);
				continue;
			}
			const english = placeholders(en[key]!);
			const chinese = placeholders(zh[key]!);
			if (english.join(',') !== chinese.join(',')) {
				problems.push(`${key}: placeholders {${english.join('},{')}} in English, {${chinese.join('},{')}} in zh-TW`);
			}
			// (d) Nothing left identical to the English, but links and texts without letters.
			if (zh[key] === en[key] && key !== 'link' && !/^https?:\/\//.test(en[key]!) && hasLetters(en[key]!)) {
				problems.push(`${key}: the zh-TW text is the English one`);
			}
		}
		for (const key of Object.keys(zh)) {
			if (!Object.hasOwn(en, key)) {
				problems.push(`zh-TW has the key ${key}, which English lacks`);
			}
		}
	}
	// (b) Steps: each text in both languages, ids unique, the check's file offered from a step.
	const steps = check.steps ?? [];
	const ids = steps.map(step => step.id);
	for (const id of new Set(ids.filter((id, index) => ids.indexOf(id) !== index))) {
		problems.push(`step id ${id} is used twice`);
	}
	for (const step of steps) {
		if (!Object.hasOwn(en, step.text)) {
			problems.push(`step ${step.id}: English lacks its text ${step.text}`);
		}
		if (zh !== undefined && !Object.hasOwn(zh, step.text)) {
			problems.push(`step ${step.id}: zh-TW lacks its text ${step.text}`);
		}
	}
	const file = check.actions?.file;
	if (file !== undefined && !steps.some(step => step.file === file)) {
		problems.push(`writes the file ${file}, but no step offers it`);
	}
	// (c) "See it yourself": kubectl commands that only read.
	for (const command of check.seeIt ?? []) {
		for (const problem of seeItProblems(command)) {
			problems.push(`see it yourself "${command}": ${problem}`);
		}
	}
	return problems;
}

test('the read-only guard refuses writes and lets questions and reads through', t => {
	t.deepEqual(seeItProblems('kubectl get pods -A -o wide'), []);
	t.deepEqual(seeItProblems('kubectl auth can-i create pods -n kube-system --as=someone'), []);
	t.deepEqual(seeItProblems('kubectl -n kube-system get pods -o yaml | grep -E -- \'--(a|b)\''), []);
	t.deepEqual(seeItProblems('kubectl config view --minify'), []);
	t.not(seeItProblems('kubectl label namespace default a=b --dry-run=server').length, 0);
	t.not(seeItProblems('kubectl -n default rollout restart deployment web').length, 0);
	t.not(seeItProblems('kubectl certificate approve csr-1').length, 0);
	t.not(seeItProblems('kubectl config set-cluster c --server=https://x').length, 0);
	t.not(seeItProblems('kubectl get pods -o name | xargs kubectl delete').length, 0);
	t.not(seeItProblems('curl -sk https://127.0.0.1:6443/api').length, 0);
});

test('the course guards catch a copied, incomplete or mistyped translation', t => {
	const base = checks.find(check => check.id === 'anonymous-auth')!;
	const en = base.words.en as unknown as Table;
	const copied = {...base, words: {en: base.words.en, 'zh-TW': {...en}}} as unknown as Check;
	t.true(courseProblems(copied).some(problem => problem === 'title: the zh-TW text is the English one'));
	const {title: _title, ...missing} = base.words['zh-TW'] as unknown as Table;
	t.true(courseProblems({...base, words: {en: base.words.en, 'zh-TW': missing}} as unknown as Check).includes('zh-TW lacks the key title'));
	const mistyped = {...base.words['zh-TW'] as unknown as Table, 'reason.on': '匿名認證已開啓（{flags}）'};
	t.true(courseProblems({...base, words: {en: base.words.en, 'zh-TW': mistyped}} as unknown as Check).some(problem => problem.startsWith('reason.on: placeholders')));
	const twice = {...base, steps: [{id: 'flag', text: 'step.flag'}, {id: 'flag', text: 'step.nowhere'}]} as unknown as Check;
	t.deepEqual(courseProblems(twice), ['step id flag is used twice', 'step flag: English lacks its text step.nowhere', 'step flag: zh-TW lacks its text step.nowhere']);
	t.deepEqual(courseProblems({...base, actions: {file: 'audit-policy'}} as unknown as Check), ['writes the file audit-policy, but no step offers it']);
});

for (const check of checks) {
	test(`${check.id} (${check.section}): zh-TW words, manual steps and read-only see-it-yourself commands`, t => {
		t.deepEqual(courseProblems(check), []);
	});
}
