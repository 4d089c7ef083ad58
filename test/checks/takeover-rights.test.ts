import test from 'ava';
import {takeoverRights} from '../../source/checks/takeover-rights.js';
import {reviewBudget} from '../../source/facts/rbac.js';
import {fill, setLanguage} from '../../source/messages/catalog.js';
import type {ApiRequest} from '../../source/kube/client.js';
import {clusterRole, clusterRoleBinding, codes, pod, probe, role, roleBinding, sarPath} from '../helpers/fixtures.js';

const rbac = 'rbac.authorization.k8s.io/v1';
const allowed = {[sarPath]: {body: {status: {allowed: true}}}};
const secretReader = clusterRole('secret-reader', [{verbs: ['get'], apiGroups: [''], resources: ['secrets']}]);
const nodeProxy = clusterRole('node-proxy', [{verbs: ['get'], apiGroups: [''], resources: ['nodes/*']}]);

test('nothing beyond Kubernetes\' own default grants: a pass (the default bindings are recognised by their content)', async t => {
	const verdict = await probe(takeoverRights, {objects: [
		role('kube-system', 'system:controller:bootstrap-signer', [{verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['secrets']}]),
		roleBinding('kube-system', 'system:controller:bootstrap-signer', {kind: 'Role', name: 'system:controller:bootstrap-signer'}, [{kind: 'ServiceAccount', namespace: 'kube-system', name: 'bootstrap-signer'}]),
		clusterRole('system:kube-controller-manager', [{verbs: ['get'], apiGroups: [''], resources: ['secrets']}]),
		clusterRoleBinding('system:kube-controller-manager', 'system:kube-controller-manager', [{kind: 'User', name: 'system:kube-controller-manager'}]),
	], answers: allowed});
	t.is(verdict.status, 'pass');
	t.is(verdict.reasonCode, 'takeover-rights.pass');
});

test('system:authenticated with get on Secrets or nodes/proxy fails, says who that is and that the API server confirmed it', async t => {
	const asked: unknown[] = [];
	const verdict = await probe(takeoverRights, {objects: [
		secretReader, nodeProxy,
		clusterRoleBinding('everyone-secrets', 'secret-reader', [{kind: 'Group', name: 'system:authenticated'}]),
		clusterRoleBinding('accounts-proxy', 'node-proxy', [{kind: 'Group', name: 'system:serviceaccounts'}]),
	], answers: {[sarPath]: (request: ApiRequest) => {
		asked.push((request.body as {spec: unknown}).spec);
		return {body: {status: {allowed: true}}};
	}}});
	t.is(verdict.status, 'fail');
	t.is(verdict.severity, 'critical');
	t.deepEqual(codes(verdict), ['takeover-rights.ev.subject', 'takeover-rights.ev.subject']);
	t.deepEqual(verdict.evidence.map(item => item.detail), [
		'Group system:authenticated (everyone who signs in) can get Secrets in every namespace through ClusterRoleBinding everyone-secrets (confirmed by a SubjectAccessReview)',
		'Group system:serviceaccounts (every service account in every namespace) can use the kubelet API (nodes/proxy) in every namespace through ClusterRoleBinding accounts-proxy (confirmed by a SubjectAccessReview)',
	]);
	t.deepEqual(asked, [
		{user: 'kubectl-harden:group-member', groups: ['system:authenticated'], resourceAttributes: {verb: 'get', group: '', resource: 'secrets', subresource: undefined, namespace: undefined}},
		{user: 'kubectl-harden:group-member', groups: ['system:serviceaccounts'], resourceAttributes: {verb: 'get', group: '', resource: 'nodes', subresource: 'proxy', namespace: undefined}},
	]);
});

test('Secrets read in one namespace only warn, at a lower severity, naming the namespace; the rules alone decide when no review may be made', async t => {
	const verdict = await probe(takeoverRights, {objects: [
		role('shop', 'reader', [{verbs: ['get', 'watch'], apiGroups: [''], resources: ['*']}]),
		roleBinding('shop', 'reader', {kind: 'Role', name: 'reader'}, [{kind: 'User', name: 'erin'}]),
	], answers: {[sarPath]: {error: 'forbidden'}}});
	t.is(verdict.status, 'warn');
	t.is(verdict.severity, 'medium');
	t.is(verdict.evidence[0]?.detail, 'User erin can get, watch Secrets in namespace shop through RoleBinding shop/reader (from the RBAC objects; a SubjectAccessReview could not be made)');
});

test('an edited default binding is not exempt: an extra subject is named, and a swapped role names the default subject too', async t => {
	const signer = role('kube-system', 'system:controller:bootstrap-signer', [{verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['secrets']}]);
	const extra = await probe(takeoverRights, {objects: [signer, roleBinding('kube-system', 'system:controller:bootstrap-signer', {kind: 'Role', name: 'system:controller:bootstrap-signer'}, [{kind: 'ServiceAccount', namespace: 'kube-system', name: 'bootstrap-signer'}, {kind: 'User', name: 'mallory'}])], answers: allowed});
	t.is(extra.status, 'fail');
	t.deepEqual(extra.evidence.map(item => `${item.kind} ${item.name}`), ['User mallory']);
	const swapped = await probe(takeoverRights, {objects: [secretReader, {apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: {name: 'system:basic-user'}, roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'secret-reader'}, subjects: [{kind: 'Group', name: 'system:authenticated'}]}], answers: allowed});
	t.is(swapped.status, 'fail');
	t.deepEqual(swapped.evidence.map(item => `${item.kind} ${item.name}`), ['Group system:authenticated']);
});

test('an aggregated ClusterRole holds the rules of the roles it selects', async t => {
	const verdict = await probe(takeoverRights, {objects: [
		{apiVersion: rbac, kind: 'ClusterRole', metadata: {name: 'umbrella'}, aggregationRule: {clusterRoleSelectors: [{matchLabels: {'example.com/aggregate-to-umbrella': 'true'}}]}, rules: []},
		{apiVersion: rbac, kind: 'ClusterRole', metadata: {name: 'piece', labels: {'example.com/aggregate-to-umbrella': 'true'}}, rules: [{verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token']}]},
		clusterRoleBinding('umbrella', 'umbrella', [{kind: 'User', name: 'ivan'}]),
	], answers: {[sarPath]: {body: {status: {allowed: false}}}}});
	t.is(verdict.status, 'fail');
	t.is(verdict.evidence[0]?.detail, 'User ivan can mint service-account tokens in every namespace through ClusterRoleBinding umbrella (granted by the RBAC objects, though a SubjectAccessReview does not allow it now (an aggregated role not yet filled in, or another authorizer))');
});

test('a pod or workload running as an account that reads every Secret is a takeover path, named once with its account; cluster-admin accounts too', async t => {
	const verdict = await probe(takeoverRights, {objects: [
		secretReader,
		clusterRole('cluster-admin', [{verbs: ['*'], apiGroups: ['*'], resources: ['*']}]),
		clusterRoleBinding('syncer', 'secret-reader', [{kind: 'ServiceAccount', namespace: 'sync', name: 'syncer'}]),
		clusterRoleBinding('ci-admin', 'cluster-admin', [{kind: 'ServiceAccount', namespace: 'ci', name: 'runner'}]),
		pod('sync', 'syncer-abc', {serviceAccountName: 'syncer'}, {ownerReferences: [{kind: 'ReplicaSet', name: 'syncer-5d'}]}),
		{apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: {namespace: 'sync', name: 'syncer-5d', ownerReferences: [{kind: 'Deployment', name: 'syncer'}]}, spec: {template: {spec: {serviceAccountName: 'syncer', containers: [{name: 'app', image: 'app:1'}]}}}},
		{apiVersion: 'apps/v1', kind: 'Deployment', metadata: {namespace: 'sync', name: 'syncer'}, spec: {replicas: 0, template: {spec: {serviceAccountName: 'syncer', containers: [{name: 'app', image: 'app:1'}]}}}},
		{apiVersion: 'batch/v1', kind: 'CronJob', metadata: {namespace: 'ci', name: 'nightly'}, spec: {jobTemplate: {spec: {template: {spec: {serviceAccountName: 'runner', containers: [{name: 'app', image: 'app:1'}]}}}}}},
		pod('sync', 'quiet', {serviceAccountName: 'syncer', automountServiceAccountToken: false}),
	], answers: allowed});
	t.is(verdict.status, 'fail');
	t.deepEqual(verdict.evidence.filter(item => item.code === 'takeover-rights.ev.workload').map(item => `${item.kind} ${item.namespace}/${item.name}: ${item.detail}`), [
		'CronJob ci/nightly: runs as ServiceAccount ci/runner, which can do anything in every namespace through ClusterRoleBinding ci-admin: code running in it holds that',
		'Deployment sync/syncer: runs as ServiceAccount sync/syncer, which can get Secrets in every namespace through ClusterRoleBinding syncer: code running in it holds that',
	]);
});

test('unknown when the bindings may not be listed', async t => {
	const verdict = await probe(takeoverRights, {forbidden: ['ClusterRoleBinding']});
	t.is(verdict.status, 'unknown');
	t.is(verdict.reasonCode, 'kube.forbidden');
});

test('a grant to a namespace\'s service accounts names that namespace\'s pods; one to everyone who signs in is one line, not one per pod', async t => {
	const verdict = await probe(takeoverRights, {objects: [
		secretReader, nodeProxy,
		clusterRoleBinding('ci-accounts', 'secret-reader', [{kind: 'Group', name: 'system:serviceaccounts:ci'}]),
		clusterRoleBinding('everyone-proxy', 'node-proxy', [{kind: 'Group', name: 'system:authenticated'}]),
		pod('ci', 'runner', {serviceAccountName: 'builder'}),
		pod('web', 'shop'),
	], answers: allowed});
	t.is(verdict.status, 'fail');
	t.deepEqual(verdict.evidence.map(item => `${item.kind} ${item.namespace ?? ''}/${item.name}`), ['Group /system:authenticated', 'Group /system:serviceaccounts:ci', 'Pod ci/runner']);
	t.is(verdict.evidence[2]?.detail, 'runs as ServiceAccount ci/builder, which can get Secrets in every namespace through ClusterRoleBinding ci-accounts: code running in it holds that');
	t.is(verdict.evidence[1]?.detail, 'Group system:serviceaccounts:ci (every service account of namespace ci) can get Secrets in every namespace through ClusterRoleBinding ci-accounts (confirmed by a SubjectAccessReview)');
});

test('SubjectAccessReviews are bounded: beyond reviewBudget, the most severe findings are confirmed first and the rest say why they were not', async t => {
	const asked: Array<{groups: string[]; resourceAttributes: {namespace?: string}}> = [];
	const extra = 5;
	const teams = Array.from({length: reviewBudget + extra}, (_, index) => `team-${String(index).padStart(4, '0')}`);
	const verdict = await probe(takeoverRights, {objects: [
		secretReader,
		clusterRole('edit', [{verbs: ['get', 'list'], apiGroups: [''], resources: ['secrets']}]),
		// Listed last, severest: a cluster-wide grant to a user whose name sorts after every team.
		clusterRoleBinding('zed-secrets', 'secret-reader', [{kind: 'User', name: 'zed'}]),
		...teams.map(team => roleBinding(team, 'editors', {kind: 'ClusterRole', name: 'edit'}, [{kind: 'Group', name: team}])),
	], answers: {[sarPath]: (request: ApiRequest) => {
		asked.push((request.body as {spec: {groups: string[]; resourceAttributes: {namespace?: string}}}).spec);
		return {body: {status: {allowed: true}}};
	}}});
	t.is(verdict.status, 'fail');
	t.is(asked.length, reviewBudget);
	t.is(verdict.evidence.length, teams.length + 1);
	const detail = (name: string) => verdict.evidence.find(item => item.name === name)?.detail;
	t.is(detail('zed'), 'User zed can get Secrets in every namespace through ClusterRoleBinding zed-secrets (confirmed by a SubjectAccessReview)');
	// The cluster-wide finding took one review; the teams in order took the rest.
	const confirmedTeams = teams.slice(0, reviewBudget - 1);
	t.deepEqual(asked.slice(1).map(spec => spec.resourceAttributes.namespace), confirmedTeams);
	t.is(detail(teams[0]!), `Group ${teams[0]} can get, list Secrets in namespace ${teams[0]} through RoleBinding ${teams[0]}/editors (confirmed by a SubjectAccessReview)`);
	const unconfirmed = teams.slice(reviewBudget - 1);
	t.is(unconfirmed.length, extra + 1);
	for (const team of unconfirmed) {
		t.is(detail(team), `Group ${team} can get, list Secrets in namespace ${team} through RoleBinding ${team}/editors (from the RBAC objects; not confirmed by a SubjectAccessReview, as there were more than ${reviewBudget} to ask and the most severe findings were confirmed first)`);
	}
});

test.serial('in Traditional Chinese, a finding beyond the review budget says why in the check\'s own words', async t => {
	const teams = Array.from({length: reviewBudget + 1}, (_, index) => `team-${String(index).padStart(4, '0')}`);
	setLanguage('zh-TW');
	try {
		const verdict = await probe(takeoverRights, {objects: [
			clusterRole('edit', [{verbs: ['get'], apiGroups: [''], resources: ['secrets']}]),
			...teams.map(team => roleBinding(team, 'editors', {kind: 'ClusterRole', name: 'edit'}, [{kind: 'Group', name: team}])),
		], answers: allowed});
		t.is(verdict.status, 'warn');
		const zh = takeoverRights.words['zh-TW'] as unknown as Record<string, string>;
		const last = verdict.evidence.find(item => item.name === teams.at(-1));
		t.true(last?.detail.endsWith(`（${fill(zh['source.over-budget']!, {limit: reviewBudget})}）`), last?.detail);
		const first = verdict.evidence.find(item => item.name === teams[0]);
		t.true(first?.detail.endsWith(`（${zh['source.review-allowed']!}）`), first?.detail);
	} finally {
		setLanguage('en');
	}
});
