// 3.4 node-firewall: Each node's own firewall admits only the traffic it needs.
// The check in one file: its words and steps. Firewall rules on the nodes, security groups and
// how the nodes are separated live outside the Kubernetes API: the verdict is `unknown` with
// the steps to tick off.
import type {Check} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {cannotBeSeen, guideUrl} from '../facts/util.js';

const en = {
	title: 'Each node\'s firewall admits only the traffic it needs',
	risk: 'NetworkPolicies govern traffic between pods. The node itself listens too: the kubelet (10250), NodePorts (30000-32767), and on control-plane nodes the API server, etcd (2379-2380), the scheduler and controller manager. Without a firewall on each node (or security groups), anything that reaches the node\'s address reaches those ports, and nodes of different trust levels talk to each other freely.',
	attack: 'From a compromised pod on the node network, or from outside when the nodes have public addresses, an attacker reaches a kubelet, a forgotten NodePort or etcd directly, beside every NetworkPolicy.',
	fix: 'Nothing to change through the API: node firewalls and cloud security groups are set on the machines or in the cloud account.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'On each node (or in its security group) admit only what it serves: 10250 from the control plane, NodePorts from the load balancers that need them, 6443 on control-plane nodes from where clients are, 2379-2380 from control-plane nodes only. Keep node pools of different trust apart (separate subnets, or at least separate rules), and confirm from outside that the rest is closed.',
	link: `${guideUrl}#restricting-network-access`,
	'reason.unseen': 'The Kubernetes API cannot show a node\'s firewall or security groups: this stays unknown (never a pass) until you check them; tick off the steps once done.',
	'step.inventory': 'List the nodes\' addresses and the ports they serve (the commands below show the NodePorts in use).',
	'step.rules': 'Set each node\'s firewall (or security group) to admit only: 10250 from the control plane; NodePorts from the load balancers that use them; on control-plane nodes 6443 from clients and 2379-2380 from the other control-plane nodes.',
	'step.separate': 'Keep node pools of different trust (internet-facing, sensitive data) in separate subnets or under separate rules, so they cannot reach each other\'s kubelets.',
	'step.verify': 'From a machine outside the cluster, try the kubelet and etcd ports of a node: the connection should be refused or time out.',
} as const;

const zh = translation(en)({
	title: '每個節點的防火牆只放行需要的流量',
	risk: '網路策略管的是 Pod 之間的流量。節點本身也在監聽：kubelet（10250）、NodePort（30000-32767），控制平面節點上還有 API 伺服器、etcd（2379-2380）、調度器與控制器管理器。若每個節點沒有防火牆（或安全群組），任何能連到節點位址的人都能連到這些端口，不同信任等級的節點之間也能任意互通。',
	attack: '攻擊者從節點網路上一個被入侵的 Pod，或在節點有公開位址時從外部，直接連到 kubelet、被遺忘的 NodePort 或 etcd，繞過所有網路策略。',
	fix: '這項不能透過 API 修改：節點防火牆與雲端安全群組在機器上或雲端帳戶中設定。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '在每個節點（或它的安全群組）只放行它提供的服務：10250 只給控制平面；NodePort 只給需要的負載平衡器；控制平面節點的 6443 給用戶端所在的位置，2379-2380 只給其他控制平面節點。讓不同信任等級的節點池彼此分開（不同子網，至少不同規則），並從外部確認其餘端口都已關閉。',
	link: en.link,
	'reason.unseen': 'Kubernetes API 看不到節點的防火牆或安全群組：在你檢查之前這項維持未知（絕不算通過）；完成後請勾選各步驟。',
	'step.inventory': '列出節點的位址與它們提供服務的端口（下面的命令會列出正在使用的 NodePort）。',
	'step.rules': '把每個節點的防火牆（或安全群組）設為只放行：10250 給控制平面；NodePort 給使用它們的負載平衡器；控制平面節點上 6443 給用戶端，2379-2380 給其他控制平面節點。',
	'step.separate': '讓不同信任等級的節點池（面向網際網路的、存放敏感資料的）位於不同子網或使用不同規則，使它們無法連到彼此的 kubelet。',
	'step.verify': '從叢集外的機器嘗試連線某個節點的 kubelet 與 etcd 端口：連線應被拒絕或逾時。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('node-firewall', words);

export const nodeFirewall: Check = {
	id: 'node-firewall',
	section: '3.4',
	words,
	steps: [
		{id: 'inventory', text: 'step.inventory'},
		{id: 'rules', text: 'step.rules', command: '# iptables on a worker node, for example\niptables -A INPUT -p tcp --dport 10250 -s <control-plane-cidr> -j ACCEPT\niptables -A INPUT -p tcp --dport 10250 -j DROP'},
		{id: 'separate', text: 'step.separate'},
		{id: 'verify', text: 'step.verify', command: 'nc -vz -w 3 <node-address> 10250\nnc -vz -w 3 <control-plane-address> 2379'},
	],
	seeIt: [
		'kubectl get nodes -o wide',
		'kubectl get services -A -o wide | grep -E \'NodePort|LoadBalancer\'',
	],
	probe: cannotBeSeen('medium', () => say.reason('reason.unseen')),
};
