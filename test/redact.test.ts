// The one gate for cluster objects leaving the cluster: decisions on plain objects.
import test from 'ava';
import {restorableCopy} from '../source/engine/journal.js';
import {redact} from '../source/engine/redact.js';

const secret = {
	apiVersion: 'v1', kind: 'Secret', type: 'Opaque',
	metadata: {
		name: 's', namespace: 'n', uid: 'u1', resourceVersion: '7', managedFields: [{manager: 'kubectl', fieldsV1: {'f:data': {'f:password': {}}}}],
		labels: {app: 'shop'},
		annotations: {
			'kubectl.kubernetes.io/last-applied-configuration': '{"data":{"password":"c2VjcmV0"}}',
			'example.com/copy': 'apiVersion: v1\nkind: Secret\ndata:\n  password: c2VjcmV0\n',
			'example.com/json-copy': '{"stringData": {"password": "secret"}}',
			'example.com/owner': 'team-shop',
			'example.com/note': 'rotated by: the on-call',
		},
	},
	data: {password: 'c2VjcmV0'},
	stringData: {password: 'secret'},
};

test('a Secret keeps its identity and harmless metadata, never its values or a copy of them', t => {
	t.deepEqual(redact(secret), {
		apiVersion: 'v1', kind: 'Secret', type: 'Opaque',
		metadata: {name: 's', namespace: 'n', labels: {app: 'shop'}, annotations: {'example.com/owner': 'team-shop', 'example.com/note': 'rotated by: the on-call'}},
	});
	t.notRegex(JSON.stringify(redact(secret)), /c2VjcmV0|"secret"|password/);
});

test('other objects lose only what the server owns and their status', t => {
	const binding = {
		apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
		metadata: {name: 'b', namespace: 'n', uid: 'u', resourceVersion: '1', creationTimestamp: 'x', managedFields: [], annotations: {'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"RoleBinding"}'}},
		roleRef: {kind: 'Role', name: 'r'}, subjects: [{kind: 'User', name: 'u'}], status: {x: 1},
	};
	t.deepEqual(redact(binding), {
		apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
		metadata: {name: 'b', namespace: 'n', annotations: {'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"RoleBinding"}'}},
		roleRef: {kind: 'Role', name: 'r'}, subjects: [{kind: 'User', name: 'u'}],
	});
});

test('a deleted service-account token can be recreated (the token controller fills it in); any other Secret cannot', t => {
	t.false(restorableCopy(secret).restorable);
	const token = {...secret, type: 'kubernetes.io/service-account-token'};
	t.true(restorableCopy(token).restorable);
	t.is(restorableCopy(token).object['data'], undefined);
});
