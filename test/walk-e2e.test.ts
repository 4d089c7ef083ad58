// The built command in a real pseudo-terminal (tmux), driven key by key as an operator would,
// against the real test cluster.
import test from 'ava';
import {checks} from '../source/checks/index.js';
import {binary, client, tempDir, testCluster} from './helpers/cluster.js';
import {namespaceWith, read} from './helpers/checks.js';
import {tmuxServer, type Terminal} from './helpers/tmux.js';

const terminals = tmuxServer('harden-e2e');
const {tmux} = terminals;
let session: Terminal;
const until = (pattern: RegExp, timeoutMs?: number) => session.until(pattern, timeoutMs);
const keys = (...names: string[]) => session.keys(...names);

test.after.always(() => terminals.stop());

test('an operator opens section 3, fixes a finding with f, sees the re-probe pass, undoes it with u, resizes, and quits', async t => {
	const info = await testCluster();
	const admin = await client();
	const ns = await namespaceWith(admin, 'e2e');
	const state = tempDir();
	const started = Date.now();
	session = await terminals.open('walk', `env HARDEN_STATE=${state} ${binary} --kubeconfig ${info.kubeconfigs.admin} -n ${ns}; echo "EXITED=$?"; sleep 60`);
	await until(/kubectl harden: Securing a Cluster/);
	const firstScreenMs = Date.now() - started;
	const start = await until(new RegExp(`All ${checks.length} checks probed`));
	t.regex(start, /You are harden-admin/);
	t.log(`launch to first screen: ${firstScreenMs}ms`);

	await keys('j', 'j', 'Enter');
	await until(/What a running pod may use and do/);
	await keys('j', 'j', 'j', 'j', 'Enter');
	await until(/3\.4 Every namespace has a default-deny ingress NetworkPolicy/);
	// f acts on what the screen's top says it will do: wait until the dry-run and the impact are read.
	await until(/f applies it now/);
	await keys('f');
	await until(/Fix applied \(journal entry 1\)\. Probed again: pass\./);
	const policy = {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: ns, name: 'kubectl-harden-default-deny-ingress'};
	t.truthy(await read(admin, policy), 'the cluster holds the policy');
	await keys('u');
	await until(/Undone \(journal entry 1\)\. Probed again: fail\./);
	t.is(await read(admin, policy), undefined, 'and no longer after undo');

	await tmux('resize-window', '-t', 'walk', '-x', '50', '-y', '12');
	await until(/needs a terminal of at least 60x16;\s+this one is 50x12/);
	await tmux('resize-window', '-t', 'walk', '-x', '100', '-y', '30');
	await until(/3\.4 Every namespace/);

	await keys('q');
	const end = await until(/EXITED=\d+/);
	t.regex(end, /EXITED=0/);
	t.notRegex(end, /^\s+at .+:\d+/m, 'no stack trace');
});
