// kubectl finds the plugin on PATH and dispatches to it.
import {execFile} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import {promisify} from 'node:util';
import test from 'ava';
import {packageRoot} from '../source/paths.js';
import {testCluster} from './helpers/cluster.js';

const run = promisify(execFile);
const env = {...process.env, PATH: `${path.join(packageRoot, 'bin')}${path.delimiter}${process.env['PATH']}`};

test('kubectl harden --help works through kubectl\'s plugin discovery', async t => {
	const {stdout} = await run('kubectl', ['harden', '--help'], {env});
	t.regex(stdout, /^Usage:\n  kubectl harden \[flags\]/m);
	t.regex(stdout, /--request-timeout/);
	const list = await run('kubectl', ['plugin', 'list'], {env}).catch((error: {stdout: string}) => error);
	t.regex(list.stdout, /kubectl-harden/);
});

test('kubectl harden --report json runs through kubectl against the real cluster', async t => {
	const info = await testCluster();
	const {stdout} = await run('kubectl', ['harden', '--kubeconfig', info.kubeconfigs.admin, '--report', 'json'], {env});
	t.is(JSON.parse(stdout).identity.username, 'harden-admin');
});
