// 4.6 encryption-at-rest: Secrets are encrypted in etcd.
// The check in one file: its probe and its words (the fix is manual).
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
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
	'step.write': 'Write a fresh EncryptionConfiguration (press o here, or run the command): secretbox with a new random key for Secrets, ConfigMaps and the cluster\'s custom resources, then identity. Where your platform offers a KMS v2 provider, prefer it. Back up the key apart from etcd: without it, nothing encrypted can be read again.',
	'step.copy': 'Copy the file to the same path on each control-plane node, readable by root only.',
	'step.flag': 'In the API server\'s static Pod manifest on each control-plane node (/etc/kubernetes/manifests/kube-apiserver.yaml on kubeadm), add the flag and mount the directory; the kubelet restarts the API server when the file is saved. Do one node at a time. Other layouts set the flag in their own service definition.',
	'step.verify': 'Check that the API server has loaded the configuration, then run this check again: it should show an encrypting provider once something is written.',
	'step.reencrypt': 'Rewrite what is already stored so it goes through the new provider (press e here, or run the command): until then, existing objects stay unencrypted in etcd.',
} as const;

const zh = translation(en)({
	title: 'Secret 在 etcd 中是加密的',
	risk: '沒有加密設定時，API 伺服器會把 Secret 以原始位元組存進 etcd；每一份 etcd 備份和磁碟快照，都含有叢集中所有的密碼、令牌和金鑰。',
	attack: '拿到 etcd 備份、控制平面磁碟快照或 etcd 資料目錄的攻擊者，完全不必碰 API 就能讀出每個 Secret。',
	fix: '這項不能透過 API 修改：加密設定是一個用參數交給 API 伺服器的檔案。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '為 secrets（以及含有敏感資料的 configmaps 和自訂資源）撰寫 EncryptionConfiguration，使用 kms v2 提供者，或使用帶隨機 32 位元組金鑰的 aescbc/secretbox，後面接著 identity；以 --encryption-provider-config=<file> 啟動 API 伺服器；然後重寫已儲存的資料：kubectl get secrets -A -o json | kubectl replace -f -。',
	link: en.link,
	'ev.flag': '已設定 --encryption-provider-config={file}',
	'ev.noFlag': '沒有 --encryption-provider-config：資源按寫入時的原樣儲存',
	'ev.noConfig': '不存在：API 伺服器沒有載入任何加密設定',
	'ev.secretWrites': '啟動以來寫入 Secret {count} 次，沒有一次經過加密的提供者',
	'ev.writes': '啟動以來寫入儲存所經過的提供者：{providers}',
	'reason.none': '沒有載入任何加密設定：Secret 以未加密的形式存放在 etcd 中。',
	'reason.identity': '已載入加密設定，但寫入只經過 identity 提供者：什麼都沒有加密。',
	'reason.noWrites': '已載入加密設定，但 API 伺服器啟動以來還沒有寫入任何東西，因此還看不出由哪個提供者加密。',
	'reason.encrypting': '寫入儲存時以 {providers} 加密。設定涵蓋哪些資源無法透過 API 讀取：請確認它列出了 Secret、ConfigMap 以及存放憑據的自訂資源，如新版指南所要求。',
	'reason.metricsRefused': '無法讀取 API 伺服器的 /metrics（{error}），因此不知道它是否加密。',
	'step.write': '產生一份新的 EncryptionConfiguration（在這裡按 o，或執行指令）：Secret、ConfigMap 和叢集的自訂資源使用帶新隨機金鑰的 secretbox，之後接 identity。平台提供 KMS v2 提供者時，優先使用它。把金鑰備份在 etcd 以外的地方：沒有它，加密過的資料就再也讀不回來。',
	'step.copy': '把檔案複製到每個控制平面節點的同一路徑，只讓 root 能讀取。',
	'step.flag': '在每個控制平面節點上 API 伺服器的靜態 Pod 清單（kubeadm 為 /etc/kubernetes/manifests/kube-apiserver.yaml）加上參數並掛載該目錄；檔案存檔後 kubelet 會重新啟動 API 伺服器。一次處理一個節點。其他部署方式則在各自的服務定義中設定這個參數。',
	'step.verify': '確認 API 伺服器已載入設定，然後再執行一次這項檢查：有資料寫入之後，應該會顯示加密的提供者。',
	'step.reencrypt': '重寫已儲存的資料，讓它經過新的提供者（在這裡按 e，或執行指令）：在那之前，既有物件在 etcd 中仍是未加密的。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('encryption-at-rest', words);

/** The prefix an encrypting provider writes ahead of each value it stores (`k8s:enc:aescbc:v1:`). */
function providerOf(prefix: string): string {
	return /^k8s:enc:([^:]+):/.exec(prefix)?.[1] ?? prefix;
}

/**
 * A provider's own prefix (`k8s:enc:<provider>:...`, or identity's), not the per-key prefix a
 * provider such as secretbox also reports beneath it (`key-20261129:`).
 */
function isProvider(prefix: string | undefined): prefix is string {
	return prefix !== undefined && (prefix.startsWith('k8s:enc:') || prefix === 'identity');
}

export const encryptionAtRest: Check = {
	id: 'encryption-at-rest',
	section: '4.6',
	words,
	actions: {file: 'encryption-config', reencrypt: true},
	steps: [
		{id: 'write', text: 'step.write', file: 'encryption-config', command: 'kubectl harden write encryption-config ./encryption-config.yaml'},
		{id: 'copy', text: 'step.copy', command: 'ssh <control-plane-node> \'install -d -m 700 /etc/kubernetes/enc\'\nscp ./encryption-config.yaml <control-plane-node>:/etc/kubernetes/enc/encryption-config.yaml\nssh <control-plane-node> \'chmod 600 /etc/kubernetes/enc/encryption-config.yaml\''},
		{id: 'flag', text: 'step.flag', command: '- --encryption-provider-config=/etc/kubernetes/enc/encryption-config.yaml\n\nvolumeMounts:\n- mountPath: /etc/kubernetes/enc\n  name: enc\n  readOnly: true\nvolumes:\n- name: enc\n  hostPath:\n    path: /etc/kubernetes/enc\n    type: DirectoryOrCreate'},
		{id: 'verify', text: 'step.verify', command: 'kubectl get --raw /metrics | grep -e apiserver_encryption_config_controller_last_config_info'},
		{id: 'reencrypt', text: 'step.reencrypt', command: 'kubectl harden reencrypt --yes'},
	],
	seeIt: [
		'kubectl get --raw /metrics | grep -e apiserver_encryption_config_controller_last_config_info -e \'apiserver_storage_transformation_operations_total{.*to_storage\'',
		'kubectl -n kube-system get pods -l component=kube-apiserver -o jsonpath=\'{range .items[*].spec.containers[0].command[*]}{@}{"\\n"}{end}\' | grep -e --encryption-provider-config',
	],
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
			.filter(sample => sample.name.startsWith('apiserver_storage_transformation_') && sample.labels['transformation_type'] === 'to_storage' && isProvider(sample.labels['transformer_prefix']))
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
