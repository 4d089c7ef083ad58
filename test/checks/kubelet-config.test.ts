import test from 'ava';
import {kubeletConfig} from '../../source/checks/kubelet-config.js';
import {closedKubelet, codes, configz, node, probe} from '../helpers/fixtures.js';

test('kubelets with anonymous off, webhook authn and authz, no read-only port pass', async t => {
	const verdict = await probe(kubeletConfig, {objects: [node('a'), node('b')], answers: {...configz('a', closedKubelet), ...configz('b', closedKubelet)}});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['kubelet-config.ev.good', 'kubelet-config.ev.good']);
	t.is(verdict.reasonCode, 'kubelet-config.reason.read');
	t.deepEqual(verdict.reasonParams, {read: 2, asked: 2, total: 2});
});

test('anonymous access, AlwaysAllow and the read-only port fail; only a missing webhook warns', async t => {
	const open = {authentication: {anonymous: {enabled: true}, webhook: {enabled: true}}, authorization: {mode: 'AlwaysAllow'}, readOnlyPort: 10255};
	const noWebhook = {...closedKubelet, authentication: {anonymous: {enabled: false}, webhook: {enabled: false}}};
	const failed = await probe(kubeletConfig, {objects: [node('a'), node('b')], answers: {...configz('a', open), ...configz('b', noWebhook)}});
	t.is(failed.status, 'fail');
	t.deepEqual(codes(failed), ['kubelet-config.ev.anonymous', 'kubelet-config.ev.noWebhook']);
	t.deepEqual(failed.evidence[0]?.parts?.map(part => part.code), ['kubelet-config.ev.anonymous', 'kubelet-config.ev.alwaysAllow', 'kubelet.ev.readOnlyPort']);
	t.is(failed.evidence[0]?.detail, 'anonymous requests are accepted; authorization mode AlwaysAllow: every authenticated caller may do anything; read-only port 10255 is open, without authentication');
	const warned = await probe(kubeletConfig, {objects: [node('b')], answers: configz('b', noWebhook)});
	t.is(warned.status, 'warn');
});

test('unknown when the nodes are hidden, when there are none, and when no kubelet answers', async t => {
	const hidden = await probe(kubeletConfig, {forbidden: ['Node']});
	t.is(hidden.status, 'unknown');
	t.is(hidden.reasonCode, 'kubelet.reason.noNodes');
	const none = await probe(kubeletConfig, {});
	t.is(none.status, 'unknown');
	t.is(none.reasonCode, 'kubelet.reason.none');
	const unread = await probe(kubeletConfig, {objects: [node('a')], answers: {'GET /api/v1/nodes/a/proxy/configz': {error: 'forbidden'}}});
	t.is(unread.status, 'unknown');
	t.deepEqual(codes(unread), ['kubelet-config.ev.unread']);
	t.deepEqual(unread.reasonParts?.map(part => part.code), ['kubelet-config.reason.read', 'kubelet-config.reason.noneRead']);
});

test('an unreadable kubelet says why, told apart by the API server\'s own message: DNS, a refused or silent port, TLS, the kubelet refusing the API server', async t => {
	const cases: Array<[{error: 'server' | 'forbidden' | 'unauthorized'; status: number; detail: string}, RegExp]> = [
		[{error: 'server', status: 503, detail: 'error trying to reach service: dial tcp: lookup node-a on 10.0.0.10:53: no such host'}, /^configuration not readable: the API server could not resolve the node's address node-a \(DNS\)/],
		[{error: 'server', status: 503, detail: 'error trying to reach service: dial tcp 198.18.1.12:10250: connect: connection refused'}, /^configuration not readable: nothing accepts connections on the kubelet's port at 198\.18\.1\.12:10250/],
		[{error: 'server', status: 503, detail: 'error trying to reach service: dial tcp 10.1.2.3:10250: i/o timeout'}, /did not answer in time \(a firewall between the API server and the node/],
		[{error: 'server', status: 503, detail: 'error trying to reach service: tls: failed to verify certificate: x509: certificate signed by unknown authority'}, /does not trust the kubelet's serving certificate \(x509: certificate signed by unknown authority\)/],
		[{error: 'forbidden', status: 403, detail: 'Forbidden (user=kube-apiserver-kubelet-client, verb=get, resource=nodes, subresource=configz)'}, /the kubelet refused the API server's own client \(HTTP 403\)/],
	];
	for (const [answer, expected] of cases) {
		const verdict = await probe(kubeletConfig, {objects: [node('a')], answers: {'GET /api/v1/nodes/a/proxy/configz': answer}});
		t.is(verdict.status, 'unknown');
		t.regex(verdict.evidence[0]?.detail ?? '', expected, answer.detail);
	}
	// RBAC refusing the operator nodes/proxy keeps the request's own words.
	const rbac = await probe(kubeletConfig, {objects: [node('a')], answers: {'GET /api/v1/nodes/a/proxy/configz': {error: 'forbidden', status: 403, detail: 'nodes "a" is forbidden: User "x" cannot get resource "nodes/proxy" in API group "" at the cluster scope'}}});
	t.regex(rbac.evidence[0]?.detail ?? '', /^configuration not readable: forbidden: /);
});
