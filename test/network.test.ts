// 3.4 against the real API server: NetworkPolicies per namespace and exposed services.
import test from 'ava';
import {defaultDenyName, networkPolicy} from '../source/checks/network-policy.js';
import {exposedServices} from '../source/checks/exposed-services.js';
import {client} from './helpers/cluster.js';
import {create, fix, journal, namespaceWith, preview, probe, read, undo, context} from './helpers/checks.js';

const policy = (ns: string, name: string, spec: Record<string, unknown>) => ({apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {name, namespace: ns}, spec});

test('no NetworkPolicy fails; policies without a default deny warn; a default deny passes', async t => {
	const admin = await client();
	const none = await namespaceWith(admin, 'np-none');
	const verdict = await probe(networkPolicy, admin, none);
	t.is(verdict.status, 'fail');
	t.deepEqual(verdict.evidence, [{kind: 'Namespace', name: none, detail: 'no NetworkPolicy: every pod accepts connections from anywhere in the cluster', code: 'network-policy.ev.none', params: {}}]);

	const partial = await namespaceWith(admin, 'np-part', ns => [
		policy(ns, 'db-only', {podSelector: {matchLabels: {app: 'db'}}, policyTypes: ['Ingress']}),
		// Selects everything but lets every source in again: not a default deny.
		policy(ns, 'allow-all', {podSelector: {}, ingress: [{}]}),
	]);
	const partialVerdict = await probe(networkPolicy, admin, partial);
	t.is(partialVerdict.status, 'warn');
	t.regex(partialVerdict.evidence[0]!.detail, /^2 NetworkPolicies, none isolating all pods for ingress/);

	const denied = await namespaceWith(admin, 'np-deny', ns => [policy(ns, 'deny', {podSelector: {}, policyTypes: ['Ingress']})]);
	t.is((await probe(networkPolicy, admin, denied)).status, 'pass');
});

test('the default-deny fix keeps same-namespace traffic by default, denies all when asked, and undo deletes it', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'np-fix');
	const record = journal(admin);
	const previewed = await preview(networkPolicy, await context(admin, ns), {});
	t.deepEqual(previewed.plan.changes.map(change => change.summary), [`create NetworkPolicy ${ns}/${defaultDenyName} (ingress only from pods in ${ns})`]);
	t.true(previewed.plan.notes.some(note => note.includes('DNS lookups and other egress keep working')));
	const {result} = await fix(networkPolicy, admin, ns, record);
	t.true(result.ok);
	t.is(result.verdict?.status, 'pass');
	const created = await read(admin, {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: ns, name: defaultDenyName});
	t.deepEqual(created?.['spec'], {podSelector: {}, policyTypes: ['Ingress'], ingress: [{from: [{podSelector: {}}]}]});
	t.deepEqual((await preview(networkPolicy, await context(admin, ns), {})).plan.changes, []);
	t.true((await undo(admin, record, result.entry)).ok);
	t.is(await read(admin, {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: ns, name: defaultDenyName}), undefined);

	const strict = await preview(networkPolicy, await context(admin, ns), {options: {'same-namespace': 'false'}});
	t.deepEqual((strict.plan.changes[0] as unknown as {object: {spec: unknown}}).object.spec, {podSelector: {}, policyTypes: ['Ingress'], ingress: []});
	await t.throwsAsync(preview(networkPolicy, await context(admin, ns), {options: {'same-namespace': 'maybe'}}), {message: /same-namespace takes true or false, not "maybe"/});
});

test('undo refuses when the created policy was changed since, and --force undoes anyway', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'np-drift');
	const record = journal(admin);
	const {result} = await fix(networkPolicy, admin, ns, record);
	const ref = {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: ns, name: defaultDenyName};
	await admin.request({method: 'PATCH', path: `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies/${defaultDenyName}`, body: {metadata: {labels: {owner: 'someone-else'}}}, contentType: 'application/merge-patch+json'});
	const refused = await undo(admin, record, result.entry);
	t.false(refused.ok);
	t.deepEqual(refused.drift, [{object: `NetworkPolicy ${ns}/${defaultDenyName}`, why: 'someone changed it after the fix'}]);
	t.truthy(await read(admin, ref), 'nothing was undone');
	t.is(record.get(result.entry.id)?.status, 'applied');
	const forced = await undo(admin, record, result.entry, true);
	t.true(forced.ok);
	t.is(await read(admin, ref), undefined);
	t.is(record.get(result.entry.id)?.status, 'undone');
});

test('a fix that fails on its second write leaves the cluster as it was', async t => {
	const admin = await client();
	const first = await namespaceWith(admin, 'np-rb1');
	const second = await namespaceWith(admin, 'np-rb2');
	const record = journal(admin);
	const ctx = await context(admin);
	const previewed = await preview(networkPolicy, ctx, {targets: [first, second]});
	t.true(previewed.ok);
	t.is(previewed.plan.changes.length, 2);
	// Between the preview and the keystroke, someone else creates the second object.
	await create(admin, policy(second, defaultDenyName, {podSelector: {matchLabels: {app: 'x'}}}));
	const {apply} = await import('../source/engine/fix.js');
	const result = await apply(networkPolicy, ctx, previewed, record, {targets: [first, second]});
	t.false(result.ok);
	t.regex(result.error ?? '', /created by someone else after the fix was planned/);
	t.deepEqual(result.rolledBack, [`NetworkPolicy ${first}/${defaultDenyName}`]);
	t.deepEqual(result.rollbackFailures, []);
	t.is(await read(admin, {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: first, name: defaultDenyName}), undefined);
	const untouched = await read(admin, {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: second, name: defaultDenyName});
	t.deepEqual((untouched?.['spec'] as {podSelector: unknown}).podSelector, {matchLabels: {app: 'x'}}, 'the other party\'s object is left alone');
	t.is(record.get(result.entry.id)?.status, 'rolled-back');
});

test('a write the server refuses mid-fix is rolled back too (admission denies the second object)', async t => {
	const admin = await client();
	const first = await namespaceWith(admin, 'np-adm1');
	const second = await namespaceWith(admin, 'np-adm2', () => [], {'harden-test/deny-policies': 'true'});
	const policyName = `deny-np-${second}`;
	// A ValidatingAdmissionPolicy that refuses real (not dry-run) NetworkPolicy writes in the second namespace.
	await create(admin,
		{
			apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: {name: policyName},
			spec: {
				failurePolicy: 'Fail',
				matchConstraints: {resourceRules: [{apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: ['CREATE'], resources: ['networkpolicies']}]},
				validations: [{expression: 'request.dryRun == true', message: 'NetworkPolicies are frozen here'}],
			},
		},
		{
			apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: {name: policyName},
			spec: {policyName, validationActions: ['Deny'], matchResources: {namespaceSelector: {matchLabels: {'harden-test/deny-policies': 'true'}}}},
		});
	t.teardown(async () => {
		await admin.request({method: 'DELETE', path: `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings/${policyName}`});
		await admin.request({method: 'DELETE', path: `/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies/${policyName}`});
	});
	const record = journal(admin);
	const ctx = await context(admin);
	// Policies take a moment to be loaded by the API server: wait until a real write is refused.
	const probeName = 'admission-probe';
	for (let attempt = 0; attempt < 50; attempt++) {
		const refused = await create(admin, policy(second, probeName, {podSelector: {}})).then(() => false, () => true);
		if (refused) {
			break;
		}
		await admin.request({method: 'DELETE', path: `/apis/networking.k8s.io/v1/namespaces/${second}/networkpolicies/${probeName}`});
		await new Promise(resolve => setTimeout(resolve, 200));
	}
	const previewed = await preview(networkPolicy, ctx, {targets: [first, second]});
	t.true(previewed.ok, 'the dry-run is allowed through');
	const {apply} = await import('../source/engine/fix.js');
	const result = await apply(networkPolicy, ctx, previewed, record, {targets: [first, second]});
	t.false(result.ok);
	t.regex(result.error ?? '', /NetworkPolicies are frozen here/);
	t.deepEqual(result.rolledBack, [`NetworkPolicy ${first}/${defaultDenyName}`]);
	t.is(await read(admin, {apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespace: first, name: defaultDenyName}), undefined);
});

test('a fix the limited user may not apply is not offered, and says which permission is missing', async t => {
	const admin = await client();
	const limited = await client('limited');
	const {limitedNamespace} = await import('../source/testing/cluster.js');
	const {offerFix} = await import('../source/engine/runner.js');
	// The limited user owns its namespace (a Role granting everything there): the fix is offered there.
	const ctx = await context(limited, limitedNamespace);
	const ownVerdict = await networkPolicy.probe(ctx);
	t.is(ownVerdict.status, 'fail');
	const offeredToOwner = await offerFix(networkPolicy, ctx, ownVerdict);
	t.true(offeredToOwner?.available, JSON.stringify(offeredToOwner));
	// In someone else's namespace it is not, and the reason names the missing permission.
	const other = await namespaceWith(admin, 'np-other');
	const otherVerdict = await probe(networkPolicy, admin, other);
	const notOffered = await offerFix(networkPolicy, await context(limited, other), otherVerdict);
	t.false(notOffered?.available);
	t.is(notOffered?.reason, `not offered: you may not create networkpolicies.networking.k8s.io in namespace "${other}".`);
});

test('NodePort and LoadBalancer services are named, and whether a quota bounds them', async t => {
	const admin = await client();
	const ns = await namespaceWith(admin, 'svc', ns => [
		{apiVersion: 'v1', kind: 'Service', metadata: {name: 'np', namespace: ns}, spec: {type: 'NodePort', ports: [{port: 80, nodePort: 31999 - Math.floor(Math.random() * 500)}]}},
		{apiVersion: 'v1', kind: 'Service', metadata: {name: 'internal', namespace: ns}, spec: {ports: [{port: 80}]}},
	]);
	const verdict = await probe(exposedServices, admin, ns);
	t.is(verdict.status, 'warn');
	t.deepEqual(verdict.evidence.map(item => [item.kind, item.name]), [['Service', 'np']]);
	t.regex(verdict.evidence[0]!.detail, /^NodePort \(node ports \d+\); no quota limits services\.nodeports/);
	await create(admin, {apiVersion: 'v1', kind: 'ResourceQuota', metadata: {name: 'q', namespace: ns}, spec: {hard: {'services.nodeports': '1'}}});
	const bounded = await probe(exposedServices, admin, ns);
	t.is(bounded.status, 'pass');
	t.regex(bounded.evidence[0]!.detail, /bounded by a quota on services\.nodeports/);
	const quiet = await namespaceWith(admin, 'svc-none');
	t.is((await probe(exposedServices, admin, quiet)).status, 'pass');
});
