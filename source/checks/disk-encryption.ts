// 4.6 disk-encryption: The disks of control-plane nodes and nodes are encrypted.
// The check in one file: its words and steps. Disk encryption is a property of the machines
// and their volumes, not of the Kubernetes API: the verdict is `unknown` with the steps to tick
// off.
import type {Check} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {cannotBeSeen, guideUrl} from '../facts/util.js';

const en = {
	title: 'The disks of control-plane nodes and nodes are encrypted',
	risk: 'etcd\'s data directory, the kubelet\'s copies of mounted Secrets and tokens, container images and volumes all sit on disk. A discarded disk, a stolen snapshot of a cloud volume or a disk read outside the machine gives all of it away unless the disk is encrypted.',
	attack: 'An attacker who can snapshot a control-plane node\'s volume in the cloud account, or gets hold of a retired disk, mounts it elsewhere and reads etcd\'s data and every token and Secret the kubelet wrote there.',
	fix: 'Nothing to change through the API: disk encryption is set up on the machines or in the cloud account.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Encrypt the disks of the control-plane nodes (etcd\'s data above all) and of the nodes: on a cloud, encrypted volumes (by default for the account, with a key you manage where it matters); on your own machines, LUKS with the key in a TPM or a network key server. Encrypt the disks of persistent volumes through their StorageClass.',
	link: `${guideUrl}#encrypt-secrets-at-rest`,
	'reason.unseen': 'The Kubernetes API cannot show whether the machines\' disks are encrypted: this stays unknown (never a pass) until you check them; tick off the steps once done.',
	'step.control': 'Check that every control-plane node\'s disk, where etcd keeps its data, is encrypted.',
	'step.nodes': 'Check the same for every node (the kubelet keeps mounted Secrets and tokens there).',
	'step.default': 'On a cloud, turn on encryption by default for new volumes, so that replacement machines are encrypted too.',
	'step.volumes': 'Encrypt persistent volumes through their StorageClass (the provisioner\'s encryption parameter).',
} as const;

const zh = translation(en)({
	title: '控制平面節點與節點的磁碟已加密',
	risk: 'etcd 的資料目錄、kubelet 寫下的已掛載 Secret 與令牌副本、容器映像和卷都在磁碟上。除非磁碟已加密，一顆汰換的磁碟、一份被盜的雲端卷快照，或在機器之外讀取的磁碟，都會洩漏這一切。',
	attack: '能在雲端帳戶中為控制平面節點的卷建立快照、或拿到一顆汰換磁碟的攻擊者，把它掛到別處，讀取 etcd 的資料以及 kubelet 寫在那裡的每個令牌與 Secret。',
	fix: '這項不能透過 API 修改：磁碟加密在機器上或雲端帳戶中設定。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '為控制平面節點（尤其是 etcd 的資料）與節點的磁碟加密：在雲端上使用加密卷（帳戶預設加密，重要之處使用你自己管理的金鑰）；在自有機器上使用 LUKS，金鑰放在 TPM 或網路金鑰伺服器。透過 StorageClass 為持久卷的磁碟加密。',
	link: en.link,
	'reason.unseen': 'Kubernetes API 看不到機器的磁碟是否加密：在你檢查之前這項維持未知（絕不算通過）；完成後請勾選各步驟。',
	'step.control': '確認每個控制平面節點存放 etcd 資料的磁碟都已加密。',
	'step.nodes': '對每個節點做同樣的確認（kubelet 在那裡存放已掛載的 Secret 與令牌）。',
	'step.default': '在雲端上為新卷開啟預設加密，讓替換上來的機器也是加密的。',
	'step.volumes': '透過 StorageClass 為持久卷加密（供應者的加密參數）。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('disk-encryption', words);

export const diskEncryption: Check = {
	id: 'disk-encryption',
	section: '4.6',
	words,
	steps: [
		{id: 'control', text: 'step.control', command: 'lsblk -o NAME,TYPE,FSTYPE,MOUNTPOINT    # a "crypt" device under the disk holding /var/lib/etcd'},
		{id: 'nodes', text: 'step.nodes', command: 'lsblk -o NAME,TYPE,FSTYPE,MOUNTPOINT    # the disk holding /var/lib/kubelet'},
		{id: 'default', text: 'step.default', command: '# AWS\naws ec2 get-ebs-encryption-by-default\naws ec2 enable-ebs-encryption-by-default'},
		{id: 'volumes', text: 'step.volumes', command: 'kubectl get storageclasses -o custom-columns=NAME:.metadata.name,PROVISIONER:.provisioner,PARAMETERS:.parameters'},
	],
	seeIt: [
		'kubectl get storageclasses -o custom-columns=NAME:.metadata.name,PROVISIONER:.provisioner,PARAMETERS:.parameters',
		'kubectl get nodes -o custom-columns=NAME:.metadata.name,PROVIDER:.spec.providerID',
	],
	probe: cannotBeSeen('medium', () => say.reason('reason.unseen')),
};
