import test from 'ava';
import {nodeAge} from '../../source/checks/node-age.js';
import {codes, node, probe} from '../helpers/fixtures.js';

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000 - 60_000).toISOString();
const aged = (name: string, days: number) => node(name, {}, {metadata: {name, labels: {}, creationTimestamp: daysAgo(days)}});

test('nodes younger than the limit pass, saying the limit', async t => {
	const verdict = await probe(nodeAge, {objects: [aged('a', 3), aged('b', 89)]});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), []);
	t.is(verdict.reasonCode, 'node-age.reason.young');
	t.deepEqual(verdict.reasonParams, {total: 2, limit: 90});
});

test('nodes older than the limit are a warning (a hint, never a failure), each named with its age', async t => {
	const verdict = await probe(nodeAge, {objects: [aged('old', 400), aged('young', 1), aged('older', 91)]});
	t.is(verdict.status, 'warn');
	t.is(verdict.severity, 'low');
	t.deepEqual(codes(verdict), ['node-age.ev.old', 'node-age.ev.old']);
	t.deepEqual(verdict.evidence.map(item => [item.name, item.params?.['days']]), [['old', 400], ['older', 91]]);
	t.deepEqual(verdict.reasonParams, {count: 2, total: 3, limit: 90});
});

test('the limit comes from the run\'s settings (--node-max-age)', async t => {
	const {fixtureContext} = await import('../../source/engine/fixture.js');
	const {probe: run} = await import('../../source/engine/runner.js');
	const context = {...fixtureContext({objects: [aged('a', 10), aged('b', 3)]}), thresholds: {nodeMaxAgeDays: 7}};
	const verdict = await run(nodeAge, context);
	t.is(verdict.status, 'warn');
	t.deepEqual(verdict.evidence.map(item => item.name), ['a']);
	t.is(verdict.evidence[0]?.params?.['limit'], 7);
});

test('no nodes: not applicable; nodes that may not be listed: unknown', async t => {
	t.is((await probe(nodeAge, {objects: []})).status, 'not-applicable');
	const refused = await probe(nodeAge, {forbidden: ['Node']});
	t.is(refused.status, 'unknown');
	t.is(refused.reasonCode, 'kube.forbidden');
});
