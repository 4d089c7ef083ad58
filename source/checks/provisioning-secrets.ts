// 3.5 provisioning-secrets: No secrets in the nodes' provisioning data.
// The check in one file: its words and steps. A machine's user data (cloud-init, bootstrap
// scripts) is held by the cloud, not the Kubernetes API: the verdict is `unknown` with the
// steps to tick off.
import type {Check} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {cannotBeSeen, guideUrl} from '../facts/util.js';

const en = {
	title: 'No secrets in the nodes\' provisioning data',
	risk: 'The data a machine boots from (user data, cloud-init, a bootstrap script) is served by the cloud\'s metadata API to anything on the machine, and is often readable by whoever may describe the instance. A bootstrap token, a kubelet credential, a registry password or a private key put there is handed to every pod that reaches the metadata API, and stays there for the machine\'s life.',
	attack: 'An attacker in a pod asks the metadata API for the node\'s user data, finds a bootstrap token or a kubelet key in it, and registers a node of their own, or signs in as the kubelet.',
	fix: 'Nothing to change through the API: provisioning data is set in the cloud account or the machine templates.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Read the user data of a node as its machine template has it; take out every secret (tokens, keys, passwords). Let the machine fetch what it needs at boot from a secret store with its own identity, or use short-lived bootstrap tokens (kubeadm token create --ttl 1h) created for that one join; rotate every secret that was there.',
	link: `${guideUrl}#restricting-cloud-metadata-api-access`,
	'reason.unseen': 'The Kubernetes API cannot show the machines\' provisioning data: this stays unknown (never a pass) until you read it; tick off the steps once done.',
	'step.read': 'Read the provisioning data (user data) of one node of each pool, as the cloud serves it.',
	'step.remove': 'Take out every secret found there; let the machine fetch what it needs at boot from a secret store, using its own identity, or use a bootstrap token that expires within the hour.',
	'step.rotate': 'Rotate every secret that was in the provisioning data: it was readable for as long as the machines ran.',
} as const;

const zh = translation(en)({
	title: '節點的設定資料中沒有機密',
	risk: '機器開機所用的資料（user data、cloud-init、引導腳本）由雲端的元資料 API 提供給機器上的任何東西，而且能描述該實例的人往往也讀得到。放在那裡的引導令牌、kubelet 憑據、映像倉庫密碼或私鑰，會交給每個連得到元資料 API 的 Pod，並在機器存在期間一直留在那裡。',
	attack: '在 Pod 裡的攻擊者向元資料 API 要節點的 user data，從中找到引導令牌或 kubelet 的金鑰，用它註冊自己的節點，或以 kubelet 的身分登入。',
	fix: '這項不能透過 API 修改：設定資料在雲端帳戶或機器範本中設定。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '依機器範本讀取節點的 user data；移除其中所有機密（令牌、金鑰、密碼）。讓機器在開機時以自己的身分從機密儲存取得所需資料，或只為那一次加入建立短期的引導令牌（kubeadm token create --ttl 1h）；輪換原本放在那裡的每個機密。',
	link: en.link,
	'reason.unseen': 'Kubernetes API 看不到機器的設定資料：在你讀過之前這項維持未知（絕不算通過）；完成後請勾選各步驟。',
	'step.read': '讀取每個節點池中一個節點的設定資料（user data），以雲端提供的內容為準。',
	'step.remove': '移除其中的所有機密；讓機器在開機時以自己的身分從機密儲存取得所需資料，或使用一小時內過期的引導令牌。',
	'step.rotate': '輪換原本放在設定資料裡的每個機密：機器執行期間它一直可被讀取。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('provisioning-secrets', words);

export const provisioningSecrets: Check = {
	id: 'provisioning-secrets',
	section: '3.5',
	words,
	steps: [
		{id: 'read', text: 'step.read', command: '# AWS\naws ec2 describe-instance-attribute --instance-id <id> --attribute userData --query UserData.Value --output text | base64 -d\n# Google Cloud\ngcloud compute instances describe <node> --zone <zone> --format=\'value(metadata.items)\'\n# Azure\naz vmss show -g <resource-group> -n <scale-set> --query virtualMachineProfile.userData -o tsv | base64 -d'},
		{id: 'remove', text: 'step.remove'},
		{id: 'rotate', text: 'step.rotate'},
	],
	seeIt: [
		'kubectl get nodes -o custom-columns=NAME:.metadata.name,PROVIDER:.spec.providerID',
		'kubectl -n kube-system get secrets --field-selector type=bootstrap.kubernetes.io/token',
	],
	probe: cannotBeSeen('high', () => say.reason('reason.unseen')),
};
