// 4.1 etcd-isolation: Only the API servers use the cluster's etcd.
// The check in one file: its probe, words and steps. TLS and client certificates are
// etcd-access's; this one is about who else holds them. What the API shows: pods, other than
// etcd and the API server, that carry etcd's endpoints or mount etcd's certificates (a network
// plugin with an etcd datastore, a backup job); each of them reads and writes the whole
// keyspace unless etcd's own users and roles confine it. etcd's users, roles and firewall are
// not visible, so with nothing found the verdict is `unknown`, never a pass.
import type {V1Container} from '@kubernetes/client-node';
import type {Check, Evidence} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {activePods, evidence as evidenceOf, guideUrl, podSpec} from '../facts/util.js';

const en = {
	title: 'Only the API servers use the cluster\'s etcd',
	risk: 'Any component holding a client certificate for the cluster\'s etcd reads and writes every object, Secrets and RBAC included, with no authorization check: it is cluster-admin in all but name. Network plugins with an etcd datastore, backup jobs and monitoring often get such a certificate.',
	attack: 'An attacker who takes over a pod that mounts etcd\'s client certificate (a network plugin, a backup job) reads every Secret straight from etcd, or writes a ClusterRoleBinding into it, and no audit log records it.',
	fix: 'Nothing to change through the API: etcd\'s users, roles and the certificates given to components are set on the control plane.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'Give components other than the API servers an etcd of their own (a network plugin\'s datastore, for example), or turn on etcd authentication and give each component a user whose role reaches only its own key prefix (etcdctl role grant-permission <role> readwrite /calico/ --prefix). Never hand out the API server\'s etcd client certificate. Keep etcd\'s ports reachable from the API servers only.',
	link: `${guideUrl}#restrict-access-to-etcd`,
	'ev.certs': 'mounts etcd\'s files from the node ({path}): it can act as an etcd client',
	'ev.endpoints': 'container {container} is given etcd endpoints ({value}): it talks to an etcd directly',
	'reason.found': 'Components other than the API server talk to etcd. Unless each has an etcd of its own or etcd\'s roles confine it to its own keys, each can read and write the whole cluster.',
	'reason.unseen': 'No pod other than etcd and the API server carries etcd endpoints or etcd\'s certificates. Whether etcd runs users and roles, or components outside the cluster use it, cannot be seen through the API: this stays unknown (never a pass); tick off the steps once checked.',
	'step.clients': 'List who holds a client certificate for the cluster\'s etcd (the API servers, and anything found here or outside the cluster).',
	'step.separate': 'Give every other component an etcd of its own, or turn on etcd authentication with a user per component and a role confined to its key prefix.',
	'step.firewall': 'Admit etcd\'s client and peer ports (2379-2380) from the API servers and the other etcd members only.',
} as const;

const zh = translation(en)({
	title: '只有 API 伺服器使用叢集的 etcd',
	risk: '持有叢集 etcd 用戶端證書的任何組件，都能讀寫每個對象（包括 Secret 與 RBAC），不經任何鑑權：除了名稱，它就是 cluster-admin。以 etcd 為資料庫的網路插件、備份作業與監控常會拿到這樣的證書。',
	attack: '攻擊者控制一個掛載 etcd 用戶端證書的 Pod（網路插件、備份作業）後，直接從 etcd 讀取每個 Secret，或寫入一個 ClusterRoleBinding，審計日誌不會有任何紀錄。',
	fix: '這項不能透過 API 修改：etcd 的使用者、角色以及發給組件的證書都在控制平面上設定。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '讓 API 伺服器以外的組件使用自己的 etcd（例如網路插件的資料庫），或開啟 etcd 認證，為每個組件建立一個使用者，其角色只能存取自己的鍵前綴（etcdctl role grant-permission <role> readwrite /calico/ --prefix）。絕不要把 API 伺服器的 etcd 用戶端證書交給別人。etcd 的端口只讓 API 伺服器連線。',
	link: en.link,
	'ev.certs': '從節點掛載 etcd 的檔案（{path}）：它能當 etcd 用戶端',
	'ev.endpoints': '容器 {container} 被給予 etcd 端點（{value}）：它直接與 etcd 溝通',
	'reason.found': 'API 伺服器以外的組件與 etcd 溝通。除非每個都有自己的 etcd，或 etcd 的角色把它限制在自己的鍵，否則每個都能讀寫整個叢集。',
	'reason.unseen': '除了 etcd 與 API 伺服器，沒有 Pod 帶有 etcd 端點或 etcd 的證書。etcd 是否啟用使用者與角色、叢集外是否有組件使用它，無法透過 API 看到：這項維持未知（絕不算通過）；檢查後請勾選各步驟。',
	'step.clients': '列出持有叢集 etcd 用戶端證書的對象（API 伺服器，以及這裡或叢集外找到的任何組件）。',
	'step.separate': '讓其他每個組件使用自己的 etcd，或開啟 etcd 認證，每個組件一個使用者，角色只限於它的鍵前綴。',
	'step.firewall': 'etcd 的用戶端與對等端口（2379-2380）只放行 API 伺服器與其他 etcd 成員。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('etcd-isolation', words);

const components = new Set(['etcd', 'kube-apiserver']);

/** The etcd endpoints a container is given by a flag or its environment, if any. */
function etcdEndpoints(container: V1Container): string | undefined {
	for (const arg of [...(container.command ?? []), ...(container.args ?? [])]) {
		const match = /^--?([\w-]+)=(.+)$/.exec(arg);
		if (match && ((/etcd/i.test(match[1]!) && match[2]!.includes('://')) || /:2379\b/.test(match[2]!))) {
			return match[2];
		}
	}
	return (container.env ?? []).find(item => /etcd/i.test(item.name) && /:\/\/|:2379\b/.test(item.value ?? ''))?.value;
}

export const etcdIsolation: Check = {
	id: 'etcd-isolation',
	section: '4.1',
	reads: ['Pod'],
	words,
	steps: [
		{id: 'clients', text: 'step.clients', command: 'ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key auth status'},
		{id: 'separate', text: 'step.separate', command: 'etcdctl user add calico\netcdctl role add calico\netcdctl role grant-permission calico readwrite /calico/ --prefix\netcdctl user grant-role calico calico\netcdctl auth enable'},
		{id: 'firewall', text: 'step.firewall'},
	],
	seeIt: [
		'kubectl get pods -A -o json | jq -r \'.items[] | select(any(.spec.volumes[]?; (.hostPath.path // "") | test("etcd"))) | "\\(.metadata.namespace)/\\(.metadata.name)"\'',
		'kubectl get pods -A -o json | jq -r \'.items[] | select(any(.spec.containers[]; any((.args // [])[], (.command // [])[], (.env // [])[].value // ""; tostring | test(":2379")))) | "\\(.metadata.namespace)/\\(.metadata.name)"\'',
	],
	async probe(context) {
		const found: Evidence[] = [];
		for (const pod of await activePods(context)) {
			const component = pod.metadata.labels?.['component'];
			if (component && components.has(component) && pod.metadata.namespace === 'kube-system') {
				continue;
			}
			const spec = podSpec(pod);
			const certs = (spec.volumes ?? []).map(volume => volume.hostPath?.path ?? '').find(path => /(^|\/)(pki\/etcd|etcd\/(ssl|pki|certs?))(\/|$)/.test(path) || path === '/var/lib/etcd');
			if (certs) {
				found.push(evidenceOf(pod, say.code('ev.certs', {path: certs})));
				continue;
			}
			for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
				const value = etcdEndpoints(container);
				if (value) {
					found.push(evidenceOf(pod, say.code('ev.endpoints', {container: container.name, value})));
					break;
				}
			}
		}
		return found.length > 0
			? {status: 'warn', severity: 'high', evidence: found, ...say.reason('reason.found')}
			: {status: 'unknown', severity: 'high', evidence: [], ...say.reason('reason.unseen')};
	},
};
