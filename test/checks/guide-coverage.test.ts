// docs/guide-coverage.md, the table of the guide's recommendations, held to the registered
// checks: every check id it names exists, every check is named in it, each row's section is
// the section of a check it names, and the count under it is the count of its rows. No cluster.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {checks, findCheck} from '../../source/checks/index.js';
import {packageRoot} from '../../source/paths.js';

interface Row {
	number: number;
	section: string;
	ids: string[];
	coverage: string;
}

function rows(): Row[] {
	const text = fs.readFileSync(path.join(packageRoot, 'docs', 'guide-coverage.md'), 'utf8');
	return text.split('\n').filter(line => /^\| \d+ \|/.test(line)).map(line => {
		const cells = line.split('|').slice(1, -1).map(cell => cell.trim());
		return {number: Number(cells[0]), section: cells[1]!, ids: [...cells[4]!.matchAll(/`([a-z\d-]+)`/g)].map(match => match[1]!), coverage: cells[5]!};
	});
}

test('every check id the table names is a registered check, and every registered check is named', t => {
	const table = rows();
	t.true(table.length > 50, `${table.length} rows read`);
	const named = new Set(table.flatMap(row => row.ids));
	for (const id of named) {
		t.truthy(findCheck(id), `${id} is named in docs/guide-coverage.md but is no check`);
	}
	for (const check of checks) {
		t.true(named.has(check.id), `${check.id} is a check but docs/guide-coverage.md does not name it`);
	}
});

test('each row names at least one check of its own section, rows are numbered in order, and none is missing', t => {
	const table = rows();
	table.forEach((row, index) => {
		t.is(row.number, index + 1);
		t.true(row.ids.length > 0, `row ${row.number} names a check`);
		t.true(row.ids.some(id => findCheck(id)?.section === row.section), `row ${row.number} (${row.section}): ${row.ids.join(', ')}`);
		t.regex(row.coverage, /^(probed|taught)\b/, `row ${row.number}: ${row.coverage}`);
	});
});

test('the count under the table is the count of its rows', t => {
	const table = rows();
	const text = fs.readFileSync(path.join(packageRoot, 'docs', 'guide-coverage.md'), 'utf8');
	const probed = table.filter(row => row.coverage.startsWith('probed')).length;
	const taught = table.filter(row => row.coverage.startsWith('taught')).length;
	const missing = table.filter(row => row.coverage.startsWith('missing')).length;
	t.true(text.includes(`${table.length} recommendations: ${probed} probed, ${taught} taught, ${missing} missing.`), `${table.length}: ${probed} probed, ${taught} taught, ${missing} missing`);
});

test('a check taught in a check of its own is never a pass: its rows say unknown', t => {
	for (const row of rows().filter(item => item.coverage.includes('own check'))) {
		t.regex(row.coverage, /unknown/, `row ${row.number}`);
	}
});
