import test from 'ava';
import {integrationAccess} from '../../source/checks/integration-access.js';
import {clusterRole, clusterRoleBinding, codes, namespace, probe, roleBinding} from '../helpers/fixtures.js';

const secretReader = clusterRole('secret-reader', [{verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets']}]);
const deployer = clusterRole('deployer', [{verbs: ['create'], apiGroups: ['apps'], resources: ['deployments']}]);

test('namespaced pod creation where Pod Security enforces, and no cluster-wide Secret reader: a pass', async t => {
	const verdict = await probe(integrationAccess, {objects: [deployer, namespace('web', {'pod-security.kubernetes.io/enforce': 'baseline'}), roleBinding('web', 'ci', {kind: 'ClusterRole', name: 'deployer'}, [{kind: 'ServiceAccount', namespace: 'ci', name: 'deployer'}])]});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), []);
	t.is(verdict.reasonCode, 'integration-access.pass');
});

test('a service account that lists Secrets cluster-wide fails; a person warns; pod creators in an unenforced namespace warn', async t => {
	const verdict = await probe(integrationAccess, {objects: [
		secretReader, deployer, namespace('web'),
		clusterRoleBinding('backup', 'secret-reader', [{kind: 'ServiceAccount', namespace: 'backup', name: 'agent'}, {kind: 'User', name: 'gina'}]),
		roleBinding('web', 'ci', {kind: 'ClusterRole', name: 'deployer'}, [{kind: 'User', name: 'hal'}]),
	]});
	t.is(verdict.status, 'fail');
	t.deepEqual(codes(verdict), ['integration-access.ev.grant', 'integration-access.ev.grant', 'integration-access.ev.privileged']);
	t.deepEqual(verdict.evidence[0]?.parts?.map(part => part.code), ['integration-access.ev.grant', 'integration-access.ev.serviceAccount']);
	t.deepEqual(verdict.fixTargets, ['backup']);
});

test('unknown when the bindings may not be listed', async t => {
	const verdict = await probe(integrationAccess, {forbidden: ['ClusterRoleBinding']});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});
