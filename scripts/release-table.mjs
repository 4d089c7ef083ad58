#!/usr/bin/env node
// Builds source/data/kubernetes-releases.json, the table of Kubernetes minor releases that the
// `security-updates` check judges a cluster against. Every k8s.io/kubernetes tag is a Go module
// version, so the Go module proxy knows each release and when it was tagged; this script asks it
// through the `go` command (GOPROXY and the rest of Go's settings apply as usual).
//
//   node scripts/release-table.mjs [--minors 6] [--out source/data/kubernetes-releases.json]
//
// For each of the newest minors: the date of its .0, its latest patch and that patch's date, and
// its end of support, computed as the .0 date plus 14 months (Kubernetes supports each minor for
// about 14 months: a year of patches and two months to upgrade). Stable releases only.
// The proxy's version list may leave tags out, so each minor's .0 is asked for by name, and after
// the newest listed patch the next patch numbers are asked for one by one until one is missing.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';

const module = 'k8s.io/kubernetes';
const supportMonths = 14;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function options(argv) {
	const result = {minors: 6, out: path.join(root, 'source', 'data', 'kubernetes-releases.json')};
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index];
		if (arg === '--minors') {
			result.minors = Number(argv[++index]);
		} else if (arg === '--out') {
			result.out = path.resolve(argv[++index]);
		} else {
			throw new Error(`unknown argument ${arg}; usage: release-table.mjs [--minors N] [--out FILE]`);
		}
	}
	if (!Number.isInteger(result.minors) || result.minors < 1) {
		throw new Error('--minors takes a positive whole number');
	}
	return result;
}

let lookups = 0;

/** `go list -m -json` outside any module, so no go.mod nearby changes the answer. */
function goList(args) {
	lookups++;
	const output = execFileSync('go', ['list', '-m', '-json', ...args], {
		cwd: os.tmpdir(),
		env: {...process.env, GO111MODULE: 'on', GOFLAGS: '-mod=mod'},
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	return JSON.parse(output);
}

/** The version's tag date (YYYY-MM-DD, UTC), or undefined when the proxy does not have it. */
function tagDate(version) {
	try {
		const info = goList([`${module}@${version}`]);
		return info.Version === version && info.Time ? info.Time.slice(0, 10) : undefined;
	} catch {
		return undefined;
	}
}

const stable = /^v1\.(\d+)\.(\d+)$/;

/** The .0 date plus whole months; a day the target month lacks becomes its last day. */
export function addMonths(date, months) {
	const [year, month, day] = date.split('-').map(Number);
	const target = new Date(Date.UTC(year, month - 1 + months, 1));
	const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
	target.setUTCDate(Math.min(day, lastDay));
	return target.toISOString().slice(0, 10);
}

function main() {
	const {minors: count, out} = options(process.argv.slice(2));
	const listed = goList(['-versions', module]).Versions ?? [];
	const patches = new Map();
	for (const version of listed) {
		const match = stable.exec(version);
		if (match) {
			const minor = Number(match[1]);
			patches.set(minor, Math.max(patches.get(minor) ?? -1, Number(match[2])));
		}
	}
	if (patches.size === 0) {
		throw new Error(`the module proxy listed no stable ${module} version`);
	}
	// A minor released after the list was last refreshed shows up by its .0.
	let newest = Math.max(...patches.keys());
	while (tagDate(`v1.${newest + 1}.0`)) {
		newest++;
	}
	const rows = [];
	for (let minor = newest; minor > newest - count && minor >= 0; minor--) {
		const released = tagDate(`v1.${minor}.0`);
		if (!released) {
			process.stderr.write(`v1.${minor}.0 is not in the module proxy: skipped\n`);
			continue;
		}
		let patch = Math.max(patches.get(minor) ?? 0, 0);
		let patchDate = patch === 0 ? released : tagDate(`v1.${minor}.${patch}`);
		if (!patchDate) {
			// Listed but not answered: fall back to the .0 and count up from there.
			patch = 0;
			patchDate = released;
		}
		for (;;) {
			const next = tagDate(`v1.${minor}.${patch + 1}`);
			if (!next) {
				break;
			}
			patch++;
			patchDate = next;
		}
		rows.push({
			minor: `1.${minor}`,
			released,
			latestPatch: `1.${minor}.${patch}`,
			latestPatchDate: patchDate,
			endOfSupport: addMonths(released, supportMonths),
		});
	}
	if (rows.length < Math.min(count, 3)) {
		throw new Error(`only ${rows.length} minor releases could be read from the module proxy; not writing a table that short`);
	}
	const table = {
		generated: new Date().toISOString().slice(0, 10),
		source: `Tags of the Go module ${module} and their dates, read from the Go module proxy (go list -m) by scripts/release-table.mjs. Stable releases only.`,
		supportPolicy: `End of support is computed as the .0 release date plus ${supportMonths} months: Kubernetes maintains each minor release for about 14 months (12 months of patches, then 2 months to upgrade). The project's own dates are at https://kubernetes.io/releases/.`,
		supportMonths,
		minors: rows,
	};
	fs.mkdirSync(path.dirname(out), {recursive: true});
	fs.writeFileSync(out, `${JSON.stringify(table, null, '\t')}\n`);
	process.stdout.write(`Wrote ${path.relative(process.cwd(), out) || out}: ${rows.map(row => row.latestPatch).join(', ')} (${lookups} lookups)\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	try {
		main();
	} catch (error) {
		process.stderr.write(`release-table: ${error.message}\n`);
		process.exit(1);
	}
}
