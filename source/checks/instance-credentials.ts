// 3.5 instance-credentials: The nodes' cloud credentials allow only what a node needs.
// The check in one file: its words and steps. What a node's instance role or service account
// may do in the cloud account is not in the Kubernetes API: the verdict is `unknown` with the
// steps to tick off.
import type {Check} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {cannotBeSeen, guideUrl} from '../facts/util.js';

const en = {
	title: 'The nodes\' cloud credentials allow only what a node needs',
	risk: 'On a cloud, each node runs with an identity of the cloud account (an instance role, a service account, a managed identity), and anything on the node, pods included where the metadata API is open, can use it. If that identity may do more than a node needs (read buckets, change the network, create machines), a foothold on one node reaches into the cloud account.',
	attack: 'An attacker in a pod fetches the node\'s cloud credentials from the metadata API, or on the node itself, and uses them to read storage buckets, snapshot disks or start machines under the same account.',
	fix: 'Nothing to change through the API: instance roles are set in the cloud account.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Give the nodes\' instance role only what a node uses (pull images from the registry, attach its volumes, the network plugin\'s calls); move everything else to per-workload identities (EKS Pod Identity or IRSA, GKE Workload Identity, Azure Workload Identity); keep pods away from the metadata API (cloud-metadata).',
	link: `${guideUrl}#restricting-cloud-metadata-api-access`,
	'reason.unseen': 'The Kubernetes API cannot show what the nodes\' cloud identity may do: this stays unknown (never a pass) until you review it in the cloud account; tick off the steps once done.',
	'step.find': 'Find the cloud identity the nodes run as (the providerID below names the cloud and the instances).',
	'step.review': 'List what that identity may do in the cloud account.',
	'step.narrow': 'Remove every permission a node does not use; give workloads that call cloud APIs an identity of their own.',
	'step.block': 'Keep pods away from the metadata API, so they cannot borrow the node\'s identity (see cloud-metadata).',
} as const;

const zh = translation(en)({
	title: '節點的雲端憑據只允許節點需要的操作',
	risk: '在雲端上，每個節點都以雲端帳戶的某個身分執行（實例角色、服務帳戶、受控識別），節點上的任何東西都能使用它；若元資料 API 沒有被擋，Pod 也能。若這個身分能做的比節點需要的多（讀取儲存桶、修改網路、建立機器），在一個節點上的立足點就能延伸到整個雲端帳戶。',
	attack: '在 Pod 裡的攻擊者從元資料 API（或在節點上）取得節點的雲端憑據，用它讀取儲存桶、為磁碟建立快照或在同一帳戶下啟動機器。',
	fix: '這項不能透過 API 修改：實例角色在雲端帳戶中設定。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '節點的實例角色只給節點會用到的權限（從映像倉庫拉取映像、掛接自己的卷、網路插件的呼叫）；其他需求改用每個工作負載自己的身分（EKS Pod Identity 或 IRSA、GKE Workload Identity、Azure Workload Identity）；讓 Pod 連不到元資料 API（cloud-metadata）。',
	link: en.link,
	'reason.unseen': 'Kubernetes API 看不到節點的雲端身分能做什麼：在你於雲端帳戶中檢查之前這項維持未知（絕不算通過）；完成後請勾選各步驟。',
	'step.find': '找出節點執行時使用的雲端身分（下面的 providerID 指出雲端與實例）。',
	'step.review': '列出這個身分在雲端帳戶中能做的事。',
	'step.narrow': '移除節點用不到的每項權限；需要呼叫雲端 API 的工作負載改用自己的身分。',
	'step.block': '讓 Pod 連不到元資料 API，無法借用節點的身分（見 cloud-metadata）。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('instance-credentials', words);

export const instanceCredentials: Check = {
	id: 'instance-credentials',
	section: '3.5',
	words,
	steps: [
		{id: 'find', text: 'step.find', command: 'kubectl get nodes -o custom-columns=NAME:.metadata.name,PROVIDER:.spec.providerID'},
		{id: 'review', text: 'step.review', command: '# AWS\naws ec2 describe-instances --instance-ids <id> --query \'Reservations[].Instances[].IamInstanceProfile\'\naws iam list-attached-role-policies --role-name <node-role>\n# Google Cloud\ngcloud compute instances describe <node> --zone <zone> --format=\'value(serviceAccounts)\'\n# Azure\naz vmss identity show -g <resource-group> -n <scale-set>'},
		{id: 'narrow', text: 'step.narrow'},
		{id: 'block', text: 'step.block', command: 'kubectl harden fix cloud-metadata'},
	],
	seeIt: [
		'kubectl get nodes -o custom-columns=NAME:.metadata.name,PROVIDER:.spec.providerID',
	],
	probe: cannotBeSeen('high', () => say.reason('reason.unseen')),
};
