import test from 'ava';
import {cloudMetadata} from '../../source/checks/cloud-metadata.js';
import {codes, namespace, node, probe} from '../helpers/fixtures.js';
import type {KubeObject} from '../../source/kube/objects.js';

const awsNode = node('ip-10-0-0-1', {}, {spec: {providerID: 'aws:///eu-west-1a/i-0abc'}});
const gceNode = node('gke-1', {}, {spec: {providerID: 'gce://project/zone/gke-1'}});
const egress = (ns: string, to: unknown[]): KubeObject => ({apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: {namespace: ns, name: 'egress'}, spec: {podSelector: {}, policyTypes: ['Egress'], egress: [{to}]}});

test('on a cloud, egress policies that leave the metadata address out pass', async t => {
	const verdict = await probe(cloudMetadata, {objects: [gceNode, namespace('web'), egress('web', [{ipBlock: {cidr: '0.0.0.0/0', except: ['169.254.169.254/32']}}])]});
	t.is(verdict.status, 'pass');
	t.deepEqual(codes(verdict), ['cloud-metadata.ev.provider']);
	t.is(verdict.reasonCode, 'cloud-metadata.pass');
});

test('a namespace that can reach the metadata service fails; on AWS the IPv6 address counts too', async t => {
	const verdict = await probe(cloudMetadata, {objects: [
		awsNode,
		namespace('web'),
		namespace('db'), egress('db', [{ipBlock: {cidr: '0.0.0.0/0', except: ['169.254.169.254/32']}}]),
		namespace('v6'), egress('v6', [{ipBlock: {cidr: '10.0.0.0/8'}}, {ipBlock: {cidr: '::/0'}}]),
	]});
	t.is(verdict.status, 'fail');
	t.deepEqual(codes(verdict), ['cloud-metadata.ev.provider', 'cloud-metadata.ev.open', 'cloud-metadata.ev.open']);
	t.deepEqual(verdict.evidence.slice(1).map(item => item.params?.['addresses']), ['169.254.169.254, fd00:ec2::254', 'fd00:ec2::254']);
	t.deepEqual(verdict.fixTargets, ['web', 'v6']);
	t.is(verdict.reasonCode, 'networkPolicy.reason.cni');
});

test('unknown without nodes, not applicable off cloud, unknown when nodes are hidden', async t => {
	const none = await probe(cloudMetadata, {});
	t.is(none.status, 'unknown');
	t.is(none.reasonCode, 'cloud-metadata.reason.noNodes');
	const offCloud = await probe(cloudMetadata, {objects: [node('bare-metal')]});
	t.is(offCloud.status, 'not-applicable');
	t.is(offCloud.reasonCode, 'cloud-metadata.reason.offCloud');
	const hidden = await probe(cloudMetadata, {forbidden: ['Node']});
	t.is(hidden.status, 'unknown');
	t.is(hidden.reasonCode, 'kube.forbidden');
});
