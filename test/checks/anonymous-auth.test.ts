import test from 'ava';
import {anonymousAuth} from '../../source/checks/anonymous-auth.js';
import {apiserver, codes, probe} from '../helpers/fixtures.js';

const asked = 'anonymous GET /api/v1/namespaces';

test('401 without credentials: anonymous authentication is off, a pass', async t => {
	const verdict = await probe(anonymousAuth, {answers: {[asked]: {status: 401}}});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['anonymous-auth.ev.401']);
	t.is(verdict.reasonCode, 'anonymous-auth.reason.off');
});

test('403 is a warning with the flag when visible; 200 fails', async t => {
	const on = await probe(anonymousAuth, {objects: [apiserver(['--anonymous-auth=true'])], answers: {[asked]: {status: 403}}});
	t.is(on.status, 'warn');
	t.deepEqual(codes(on), ['anonymous-auth.ev.403']);
	t.is(on.reasonCode, 'anonymous-auth.reason.on');
	t.deepEqual(on.reasonParams, {flag: 'true'});
	const unseen = await probe(anonymousAuth, {answers: {[asked]: {status: 403}}});
	t.deepEqual(unseen.reasonParams, {flag: 'not visible'});
	const open = await probe(anonymousAuth, {answers: {[asked]: {status: 200, body: {items: []}}}});
	t.is(open.status, 'fail');
	t.deepEqual(codes(open), ['anonymous-auth.ev.200']);
	t.is(open.reasonCode, 'anonymous-auth.reason.open');
});

test('unknown when the unauthenticated request itself fails', async t => {
	const verdict = await probe(anonymousAuth, {answers: {[asked]: {error: 'unreachable', detail: 'connection refused'}}});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.unreachable');
});
