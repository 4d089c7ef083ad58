import test from 'ava';
import {releaseTable, securityUpdates} from '../../source/checks/security-updates.js';
import {codes, node, probe} from '../helpers/fixtures.js';

const newest = releaseTable.minors[0]!;
const kubelet = (name: string, version: string) => node(name, {}, {status: {nodeInfo: {kubeletVersion: version}}});
const version = (gitVersion: string) => ({'GET /version': {body: {gitVersion}}});

test('the latest patch of the newest minor, on the API server and every kubelet: a pass', async t => {
	const verdict = await probe(securityUpdates, {objects: [kubelet('a', `v${newest.latestPatch}`)], answers: version(`v${newest.latestPatch}`)});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['security-updates.ev.current', 'security-updates.ev.kubelet']);
	t.is(verdict.reasonCode, 'security-updates.reason.pass');
});

test('a release older than the table fails; a kubelet newer than the API server fails too', async t => {
	const verdict = await probe(securityUpdates, {objects: [kubelet('a', 'v1.20.0'), kubelet('b', 'v1.20.0'), kubelet('c', `v${newest.latestPatch}`)], answers: version('v1.20.0')});
	t.is(verdict.status, 'fail');
	t.deepEqual(codes(verdict), ['security-updates.ev.older', 'security-updates.ev.kubelet', 'security-updates.ev.kubelet']);
	t.is(verdict.reasonCode, 'security-updates.reason.upgrade');
	t.deepEqual(verdict.evidence.slice(1).map(item => item.parts?.map(part => part.code)), [['security-updates.ev.kubelet', 'security-updates.ev.moreNodes'], undefined]);
});

test('unknown when /version is refused or the nodes may not be listed', async t => {
	const noVersion = await probe(securityUpdates, {objects: [kubelet('a', `v${newest.latestPatch}`)], answers: {'GET /version': {error: 'forbidden'}}});
	t.is(noVersion.status, 'unknown');
	t.is(noVersion.reasonCode, 'security-updates.reason.versionRefused');
	const noNodes = await probe(securityUpdates, {forbidden: ['Node'], answers: version(`v${newest.latestPatch}`)});
	t.is(noNodes.status, 'unknown');
	t.deepEqual(noNodes.reasonParts?.map(part => part.code).slice(0, 2), ['security-updates.reason.nodesRefused', 'security-updates.reason.table']);
});
