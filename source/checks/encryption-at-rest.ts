// 4.6 encryption-at-rest: Secrets are encrypted in etcd.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer} from '../engine/words.js';
import {apiserverEvidence, controlPlane, flag} from '../facts/control-plane.js';
import {metrics} from '../facts/metrics.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'Secrets are encrypted in etcd',
	risk: 'Without an encryption configuration, the API server stores Secrets in etcd as plain bytes; every etcd backup and disk snapshot holds every password, token and key in the cluster.',
	attack: 'An attacker who gets hold of an etcd backup, a snapshot of a control-plane disk or etcd\'s data directory reads every Secret without ever touching the API.',
	fix: 'Nothing to change through the API: the encryption configuration is a file given to the API server with a flag.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Write an EncryptionConfiguration for secrets (and configmaps and custom resources holding sensitive data) with a kms v2 provider, or aescbc/secretbox with a random 32-byte key, followed by identity; start the API server with --encryption-provider-config=<file>; then rewrite what is stored: kubectl get secrets -A -o json | kubectl replace -f -.',
	link: `${guideUrl}#encrypt-secrets-at-rest`,
	'ev.flag': '--encryption-provider-config={file}',
	'ev.noFlag': 'no --encryption-provider-config: resources are stored as written',
	'ev.noConfig': 'absent: the API server has loaded no encryption configuration',
	'ev.secretWrites': '{count} Secret writes since start, none through an encrypting provider',
	'ev.writes': 'writes to storage since start went through: {providers}',
	'reason.none': 'No encryption configuration is loaded: Secrets are stored in etcd unencrypted.',
	'reason.identity': 'An encryption configuration is loaded, but writes go through the identity provider only: nothing is encrypted.',
	'reason.noWrites': 'An encryption configuration is loaded, but nothing has been written since the API server started, so which provider encrypts is not yet visible.',
	'reason.encrypting': 'Writes to storage are encrypted with {providers}. Which resources the configuration covers cannot be read through the API: check that it lists Secrets, ConfigMaps and the custom resources that hold credentials, as the newer guide edition asks.',
	'reason.metricsRefused': 'The API server\'s /metrics could not be read ({error}), so whether it encrypts is not known.',
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('encryption-at-rest', words);

/** The prefix an encrypting provider writes ahead of each value it stores (`k8s:enc:aescbc:v1:`). */
function providerOf(prefix: string): string {
	return /^k8s:enc:([^:]+):/.exec(prefix)?.[1] ?? prefix;
}

export const encryptionAtRest: Check = {
	id: 'encryption-at-rest',
	section: '4.6',
	words,
	actions: {file: 'encryption-config', reencrypt: true},
	async probe(context) {
		const evidence: Evidence[] = [];
		const plane = await controlPlane(context);
		const configFlag = plane.apiserver ? flag(plane.apiserver, 'encryption-provider-config') : undefined;
		if (plane.apiserver) {
			evidence.push(apiserverEvidence(plane, configFlag ? say.code('ev.flag', {file: configFlag}) : say.code('ev.noFlag')));
		}
		const {samples, error} = await metrics(context);
		if (error) {
			return plane.apiserver && !configFlag
				? {status: 'fail', severity: 'high', evidence, ...say.reason('reason.none')}
				: {status: 'unknown', severity: 'high', evidence, ...say.reason('reason.metricsRefused', {error})};
		}
		const loaded = samples.some(sample => sample.name === 'apiserver_encryption_config_controller_last_config_info');
		const prefixes = new Set(samples
			.filter(sample => sample.name.startsWith('apiserver_storage_transformation_') && sample.labels['transformation_type'] === 'to_storage' && sample.labels['transformer_prefix'])
			.map(sample => sample.labels['transformer_prefix']!));
		const providers = [...prefixes].map(providerOf).filter(name => name !== 'identity');
		if (prefixes.size > 0) {
			evidence.push({kind: 'Metric', name: 'apiserver_storage_transformation_operations_total', ...say.line('ev.writes', {providers: [...prefixes].map(providerOf).join(', ')})});
		}
		if (!loaded && !configFlag) {
			evidence.push({kind: 'Metric', name: 'apiserver_encryption_config_controller_last_config_info', ...say.line('ev.noConfig')});
			return {status: 'fail', severity: 'high', evidence, ...say.reason('reason.none')};
		}
		if (prefixes.size > 0 && providers.length === 0) {
			return {status: 'fail', severity: 'high', evidence, ...say.reason('reason.identity')};
		}
		// The identity provider is not measured: when Secrets were written since start and no
		// encrypting provider shows up, they were written as they are.
		const secretWrites = samples
			.filter(sample => sample.name === 'apiserver_request_total' && sample.labels['resource'] === 'secrets' && ['POST', 'PUT', 'PATCH'].includes(sample.labels['verb'] ?? '') && (sample.labels['code'] ?? '').startsWith('2') && !sample.labels['subresource'])
			.reduce((sum, sample) => sum + sample.value, 0);
		if (providers.length === 0 && secretWrites > 0) {
			evidence.push({kind: 'Metric', name: 'apiserver_request_total', ...say.line('ev.secretWrites', {count: secretWrites})});
			return {status: 'fail', severity: 'high', evidence, ...say.reason('reason.identity')};
		}
		if (providers.length === 0) {
			return {status: 'unknown', severity: 'high', evidence, ...say.reason('reason.noWrites'), facts: {encryptionLoaded: true}};
		}
		return {status: 'pass', severity: 'info', evidence, ...say.reason('reason.encrypting', {providers: [...new Set(providers)].join(', ')}), facts: {encryptionLoaded: true}};
	},
};
