#!/usr/bin/env node
// Builds source/data/feature-gates.json: for one Kubernetes minor release, every feature gate
// with its stage, whether it is on by default, and what it does, as Kubernetes' own source
// declares them. The `alpha-features` check uses it to name beta gates that are off by default
// but were switched on, and to say what each flagged gate is. The source comes from the Go
// module proxy (k8s.io/kubernetes and the staging modules are Go modules), read with `go mod
// download`; nothing else is needed.
//
//   node scripts/feature-table.mjs [--version v1.37.2] [--out source/data/feature-gates.json]
//
// Without --version, the newest patch in source/data/kubernetes-releases.json is used.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function options(argv) {
	const result = {version: undefined, out: path.join(root, 'source', 'data', 'feature-gates.json')};
	for (let index = 0; index < argv.length; index++) {
		if (argv[index] === '--version') {
			result.version = argv[++index];
		} else if (argv[index] === '--out') {
			result.out = path.resolve(argv[++index]);
		} else {
			throw new Error(`unknown argument ${argv[index]}; usage: feature-table.mjs [--version vX.Y.Z] [--out FILE]`);
		}
	}
	if (!result.version) {
		const releases = JSON.parse(fs.readFileSync(path.join(root, 'source', 'data', 'kubernetes-releases.json'), 'utf8'));
		result.version = `v${releases.minors[0].latestPatch}`;
	}
	if (!/^v1\.\d+\.\d+$/.test(result.version)) {
		throw new Error(`--version takes a Kubernetes release such as v1.37.2, not ${result.version}`);
	}
	return result;
}

/** Where `go mod download` put a module's source. */
function moduleDir(module, version) {
	const output = execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit']});
	return JSON.parse(output).Dir;
}

/** Gate name -> what its comment says it does (owner, KEP and stage lines left out). */
function descriptions(source) {
	const found = new Map();
	const lines = source.split('\n');
	for (let index = 0; index < lines.length; index++) {
		const match = /^\s*(\w+)\s+featuregate\.Feature\s*=\s*"(\w+)"/.exec(lines[index]);
		if (!match) {
			continue;
		}
		const comment = [];
		for (let above = index - 1; above >= 0 && /^\s*\/\//.test(lines[above]); above--) {
			comment.unshift(lines[above].replace(/^\s*\/\/\s?/, ''));
		}
		const text = comment
			.filter(line => line.trim() && !/^(owner|kep|alpha|beta|ga|deprecated|stable|kep-\d+)\s*:/i.test(line.trim()) && !/^https?:\/\//.test(line.trim()))
			.join(' ')
			.replaceAll(/\s+/g, ' ')
			.trim();
		found.set(match[2], text);
	}
	return found;
}

/** Gate name -> its specs in version order: [{major, minor, default, stage}]. */
function specs(source) {
	const found = new Map();
	let name;
	let entries = [];
	for (const line of source.split('\n')) {
		const open = /^\t(?:\w+\.)?(\w+): \{\s*(?:\/\/.*)?$/.exec(line);
		if (open) {
			name = open[1];
			entries = [];
			continue;
		}
		if (name && /^\t\},?\s*(?:\/\/.*)?$/.test(line)) {
			if (entries.length > 0) {
				found.set(name, entries);
			}
			name = undefined;
			continue;
		}
		const entry = name && /Version:\s*version\.MustParse\("(\d+)\.(\d+)"\)/.exec(line);
		if (entry) {
			const value = /Default:\s*(true|false)/.exec(line);
			const stage = /PreRelease:\s*featuregate\.(\w+)/.exec(line);
			if (value && stage) {
				entries.push({major: Number(entry[1]), minor: Number(entry[2]), default: value[1] === 'true', stage: stage[1]});
			}
		}
	}
	return found;
}

const stageNames = {Alpha: 'ALPHA', Beta: 'BETA', GA: 'GA', Deprecated: 'DEPRECATED'};

function main() {
	const {version, out} = options(process.argv.slice(2));
	const minor = Number(version.split('.')[1]);
	const staging = `v0.${minor}.${version.split('.')[2]}`;
	const files = [
		path.join(moduleDir('k8s.io/kubernetes', version), 'pkg', 'features', 'kube_features.go'),
		path.join(moduleDir('k8s.io/apiserver', staging), 'pkg', 'features', 'kube_features.go'),
		path.join(moduleDir('k8s.io/apiextensions-apiserver', staging), 'pkg', 'features', 'kube_features.go'),
		path.join(moduleDir('k8s.io/client-go', staging), 'features', 'known_features.go'),
	].filter(file => fs.existsSync(file));
	const text = new Map();
	const versioned = new Map();
	for (const file of files) {
		const source = fs.readFileSync(file, 'utf8');
		for (const [name, description] of descriptions(source)) {
			if (!text.get(name)) {
				text.set(name, description);
			}
		}
		for (const [name, entries] of specs(source)) {
			versioned.set(name, entries);
		}
	}
	const gates = {};
	for (const name of [...versioned.keys()].sort()) {
		const current = versioned.get(name).filter(entry => entry.major === 1 && entry.minor <= minor).at(-1);
		if (!current) {
			continue;
		}
		gates[name] = {stage: stageNames[current.stage] ?? current.stage.toUpperCase(), default: current.default, description: text.get(name) ?? ''};
	}
	const table = {
		generated: new Date().toISOString().slice(0, 10),
		version: version.slice(1),
		minor: `1.${minor}`,
		source: `Feature gate declarations of k8s.io/kubernetes ${version} and its staging modules (apiserver, apiextensions-apiserver, client-go), read from the Go module proxy by scripts/feature-table.mjs.`,
		gates,
	};
	fs.writeFileSync(out, `${JSON.stringify(table, null, '\t')}\n`);
	const count = Object.keys(gates).length;
	const betaOff = Object.values(gates).filter(gate => gate.stage === 'BETA' && !gate.default).length;
	process.stdout.write(`${path.relative(process.cwd(), out)}: ${count} gates of ${version} (${betaOff} beta gates off by default), from ${files.length} files\n`);
}

main();
