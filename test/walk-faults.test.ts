// The walk in a real pseudo-terminal (tmux) when the operator quits or the terminal sends a
// signal while a fix is writing: the fix stops before its next write, rolls back, and the
// next walk says what an abandoned rollback left behind. Requests pass through a loopback
// proxy to the real API server so a write can be held at an exact point.
import test from 'ava';
import {checks} from '../source/checks/index.js';
import {defaultDenyName} from '../source/checks/network-policy.js';
import {binary, client, tempDir, testCluster} from './helpers/cluster.js';
import {namespaceWith, read} from './helpers/checks.js';
import {startProxy, type Proxy} from './helpers/proxy.js';
import {tmuxServer, type Terminal} from './helpers/tmux.js';

const terminals = tmuxServer('harden-walk-faults');

test.after.always(() => terminals.stop());

async function walk(name: string, proxy: Proxy, ns: string, state: string): Promise<Terminal> {
	return terminals.open(name, `env HARDEN_STATE=${state} ${binary} --kubeconfig ${proxy.kubeconfig} -n ${ns}; echo "EXITED=$?"; sleep 60`);
}

async function openNetworkPolicy(session: Terminal): Promise<void> {
	await session.until(new RegExp(`All ${checks.length} checks probed`));
	await session.keys('j', 'j', 'Enter');
	await session.until(/What a running pod may use and do/);
	await session.keys('j', 'j', 'j', 'j', 'Enter');
	await session.until(/3\.4 Every namespace has a default-deny ingress NetworkPolicy/);
	// The check screen starts with what f changes once the dry-run and the impact are read.
	await session.until(/f applies it now; F shows the fix screen first\./);
}

async function setup(t: {teardown: (fn: () => Promise<void>) => void}, prefix: string) {
	const info = await testCluster();
	const admin = await client();
	const ns = await namespaceWith(admin, prefix);
	const proxy = await startProxy(info);
	t.teardown(() => proxy.close());
	const policy = () => read(admin, {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: ns, name: defaultDenyName});
	return {ns, proxy, policy, state: tempDir()};
}

test('q while the fix writes: it stops, rolls back what it wrote, and the walk ends with nothing left', async t => {
	const {ns, proxy, policy, state} = await setup(t, 'wq');
	const session = await walk('quit', proxy, ns, state);
	await openNetworkPolicy(session);
	const held = proxy.hold(request => request.write && request.method === 'POST');
	await session.keys('f');
	await held;
	await session.keys('q');
	await session.until(/Stopping the fix under way before its next write and rolling back what it wrote/);
	proxy.release();
	const end = await session.until(/EXITED=\d+/);
	t.regex(end, /EXITED=0/);
	t.is(await policy(), undefined, 'the create that was on its way was rolled back');
	t.true(proxy.seen.some(request => request.write && request.method === 'DELETE'), 'by a delete of what it created');
});

test('SIGTERM while the fix writes: rolled back, exit 143; a walk abandoned during its rollback is named on the next start screen', async t => {
	const {ns, proxy, policy, state} = await setup(t, 'wterm');
	const session = await walk('term', proxy, ns, state);
	await openNetworkPolicy(session);
	const held = proxy.hold(request => request.write && request.method === 'POST');
	await session.keys('f');
	await held;
	process.kill(await session.pid(), 'SIGTERM');
	await session.until(/Stopping the fix under way before its next write/);
	proxy.release();
	t.regex(await session.until(/EXITED=\d+/), /EXITED=143/);
	t.is(await policy(), undefined);

	// Now quit three times while the rollback's delete is held: the walk ends at once.
	const again = await walk('abandon', proxy, ns, state);
	await openNetworkPolicy(again);
	const created = proxy.hold(request => request.write && request.method === 'POST');
	await again.keys('f');
	await created;
	await again.keys('q');
	await again.until(/Stopping the fix under way before its next write/);
	const rollback = proxy.hold(request => request.write && request.method === 'DELETE');
	proxy.release();
	await rollback;
	await again.keys('q');
	await again.until(/Rollback in progress; still to revert: NetworkPolicy \S+/);
	await again.keys('q');
	t.regex(await again.until(/EXITED=\d+/), /EXITED=0/);
	proxy.release('cut');
	t.truthy(await policy(), 'the held rollback never reached the API server');

	const next = await walk('next', proxy, ns, state);
	t.regex(await next.until(/earlier fix\(es\) may have left changes/), /1 earlier fix\(es\) may have left changes in the cluster: #2 network-policy \(interrupted\)\./);
	await next.keys('q');
	await next.until(/EXITED=\d+/);
});
