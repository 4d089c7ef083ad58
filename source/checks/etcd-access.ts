// 4.1 etcd-access: etcd demands TLS and client certificates (as its flags and the API server's show).
// The check in one file: its probe and its words (the fix is manual).
import {type Check, type Evidence, type Status, combine} from '../engine/types.js';
import {type Words, sayer, type Phrase, because, line, translation} from '../engine/words.js';
import {apiserverEvidence, controlPlane, flag, hiddenReason} from '../facts/control-plane.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'etcd demands TLS and client certificates (as its flags and the API server\'s show)',
	risk: 'etcd holds every object of the cluster, Secrets included. Whoever can write to it is cluster-admin without any RBAC check; whoever can read it has every credential.',
	attack: 'From a pod or a node on the control-plane network, an attacker connects to etcd\'s client port; if it does not demand a client certificate, they read every Secret or write a binding straight into the store.',
	fix: 'Nothing to change through the API: etcd\'s and the API server\'s flags live on the control-plane nodes.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'etcd: --client-cert-auth=true --trusted-ca-file=<etcd-ca> --cert-file/--key-file, --peer-client-cert-auth=true --peer-trusted-ca-file=<etcd-ca>, https:// listen URLs, no --auto-tls or --peer-auto-tls. API server: --etcd-servers=https://... --etcd-cafile --etcd-certfile --etcd-keyfile. Firewall the etcd ports (2379, 2380) to the control-plane nodes.',
	link: `${guideUrl}#restrict-access-to-etcd`,
	'ev.plain': 'reaches etcd without TLS: {urls}',
	'ev.noClientCert': 'no client certificate for etcd ({flags} missing)',
	'ev.apiserverGood': 'reaches etcd over TLS with a client certificate: {urls}',
	'ev.noClientAuth': 'clients need no certificate (--client-cert-auth is not true)',
	'ev.noPeerAuth': 'peers need no certificate (--peer-client-cert-auth is not true)',
	'ev.autoTls': '{flag}: self-generated certificates that nobody can verify',
	'ev.plainListen': 'serves clients without TLS on {urls}',
	'ev.etcdGood': 'client and peer certificates required, TLS only',
	'reason.external': 'No etcd pod is visible in kube-system: etcd runs outside the cluster, so its own settings cannot be read from here.',
	'step.etcd': 'On each control-plane node, edit etcd\'s static Pod manifest (/etc/kubernetes/manifests/etcd.yaml on kubeadm, which sets these by default) so it demands client and peer certificates and listens on https only; remove --auto-tls and --peer-auto-tls if present. An etcd outside the cluster keeps the same flags in its systemd unit or configuration file.',
	'step.apiserver': 'In the API server\'s static Pod manifest (/etc/kubernetes/manifests/kube-apiserver.yaml), reach etcd over https with the API server\'s own client certificate.',
	'step.firewall': 'Let only the control-plane nodes reach etcd\'s ports (2379 for clients, 2380 for peers): one ACCEPT line per control-plane node address, then drop the rest. Make the rules persistent, or use your cloud\'s security group instead.',
	'step.verify': 'From a machine that is not a control-plane node, connect to etcd without a client certificate: the TLS handshake must fail (or the connection time out behind the firewall).',
} as const;

const zh = translation(en)({
	title: 'etcd 要求 TLS 與客戶端證書（依它和 API 伺服器的參數判斷）',
	risk: 'etcd 存放叢集的所有物件，包括 Secret。能寫入 etcd 的人不經任何 RBAC 檢查就等同 cluster-admin；能讀取它的人就拿到所有憑據。',
	attack: '攻擊者從控制平面網路上的某個 Pod 或節點連到 etcd 的客戶端端口；如果 etcd 不要求客戶端證書，他就能讀出每個 Secret，或直接把一條綁定寫進儲存。',
	fix: '這項不能透過 API 修改：etcd 和 API 伺服器的參數都在控制平面節點上。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: 'etcd：--client-cert-auth=true --trusted-ca-file=<etcd-ca> --cert-file/--key-file、--peer-client-cert-auth=true --peer-trusted-ca-file=<etcd-ca>、https:// 的監聽 URL，不要使用 --auto-tls 或 --peer-auto-tls。API 伺服器：--etcd-servers=https://... --etcd-cafile --etcd-certfile --etcd-keyfile。用防火牆把 etcd 的端口（2379、2380）限制為只有控制平面節點能連。',
	link: en.link,
	'ev.plain': '不經 TLS 連到 etcd：{urls}',
	'ev.noClientCert': '連 etcd 時沒有客戶端證書（缺少 {flags}）',
	'ev.apiserverGood': '經 TLS 並帶客戶端證書連到 etcd：{urls}',
	'ev.noClientAuth': '客戶端不需要證書（--client-cert-auth 不是 true）',
	'ev.noPeerAuth': '對等節點不需要證書（--peer-client-cert-auth 不是 true）',
	'ev.autoTls': '{flag}：自行產生、沒有人能驗證的證書',
	'ev.plainListen': '在 {urls} 上不經 TLS 服務客戶端',
	'ev.etcdGood': '要求客戶端與對等節點證書，只使用 TLS',
	'reason.external': 'kube-system 中看不到 etcd 的 Pod：etcd 在叢集外執行，因此從這裡讀不到它自己的設定。',
	'step.etcd': '在每個控制平面節點上編輯 etcd 的靜態 Pod 清單（kubeadm 為 /etc/kubernetes/manifests/etcd.yaml，預設已設好這些參數），要求客戶端與對等節點證書，且只在 https 上監聽；如有 --auto-tls 和 --peer-auto-tls 就刪掉。在叢集外執行的 etcd，同樣的參數放在它的 systemd 單元或設定檔中。',
	'step.apiserver': '在 API 伺服器的靜態 Pod 清單（/etc/kubernetes/manifests/kube-apiserver.yaml）中，經 https 並用 API 伺服器自己的客戶端證書連到 etcd。',
	'step.firewall': '只讓控制平面節點連到 etcd 的端口（客戶端 2379、對等節點 2380）：每個控制平面節點位址一行 ACCEPT，其餘全部丟棄。記得讓規則在重新開機後仍然有效，或改用雲端的安全群組。',
	'step.verify': '從不是控制平面節點的機器，不帶客戶端證書連到 etcd：TLS 交握必須失敗（在防火牆後面則是連線逾時）。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('etcd-access', words);

export const etcdAccess: Check = {
	id: 'etcd-access',
	section: '4.1',
	words,
	steps: [
		{id: 'etcd', text: 'step.etcd', command: '- --client-cert-auth=true\n- --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n- --cert-file=/etc/kubernetes/pki/etcd/server.crt\n- --key-file=/etc/kubernetes/pki/etcd/server.key\n- --peer-client-cert-auth=true\n- --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n- --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n- --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n- --listen-client-urls=https://127.0.0.1:2379,https://<node-ip>:2379\n- --listen-peer-urls=https://<node-ip>:2380'},
		{id: 'apiserver', text: 'step.apiserver', command: '- --etcd-servers=https://127.0.0.1:2379\n- --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt\n- --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt\n- --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key'},
		{id: 'firewall', text: 'step.firewall', command: 'iptables -A INPUT -p tcp -m multiport --dports 2379,2380 -i lo -j ACCEPT\niptables -A INPUT -p tcp -m multiport --dports 2379,2380 -s <control-plane-node-ip> -j ACCEPT\niptables -A INPUT -p tcp -m multiport --dports 2379,2380 -j DROP'},
		{id: 'verify', text: 'step.verify', command: 'curl -sk --max-time 5 https://<control-plane-node-ip>:2379/version'},
	],
	seeIt: [
		'kubectl -n kube-system get pods -l component=etcd -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\n"}{range .spec.containers[0].command[*]}{"  "}{@}{"\\n"}{end}{end}\'',
		'kubectl -n kube-system get pods -l component=kube-apiserver -o jsonpath=\'{range .items[*].spec.containers[0].command[*]}{@}{"\\n"}{end}\' | grep -e --etcd',
	],
	async probe(context) {
		const plane = await controlPlane(context);
		if (!plane.apiserver) {
			return {status: 'unknown', severity: 'critical', evidence: [], ...because(hiddenReason(plane))};
		}
		const parts: Array<{status: Status; evidence: Evidence[]}> = [];
		const apiserver = plane.apiserver;
		const servers = (flag(apiserver, 'etcd-servers') ?? '').split(',').filter(Boolean);
		const plain = servers.filter(url => !url.startsWith('https://'));
		const missing = ['etcd-cafile', 'etcd-certfile', 'etcd-keyfile'].filter(name => !flag(apiserver, name));
		if (plain.length > 0 || missing.length > 0) {
			parts.push({status: 'fail', evidence: [apiserverEvidence(plane, [...plain.length > 0 ? [say.code('ev.plain', {urls: plain.join(', ')})] : [], ...missing.length > 0 ? [say.code('ev.noClientCert', {flags: missing.map(name => `--${name}`).join(', ')})] : []])]});
		} else {
			parts.push({status: 'pass', evidence: [apiserverEvidence(plane, say.code('ev.apiserverGood', {urls: servers.join(', ')}))]});
		}
		if (!plane.etcd) {
			parts.push({status: 'unknown', evidence: []});
			return {...combine(parts, 'critical'), ...say.reason('reason.external')};
		}
		const etcd = plane.etcd;
		const problems: Phrase[] = [];
		if (flag(etcd, 'client-cert-auth') !== 'true') {
			problems.push(say.code('ev.noClientAuth'));
		}
		if (flag(etcd, 'peer-client-cert-auth') !== 'true') {
			problems.push(say.code('ev.noPeerAuth'));
		}
		for (const name of ['auto-tls', 'peer-auto-tls']) {
			if (flag(etcd, name) === 'true') {
				problems.push(say.code('ev.autoTls', {flag: `--${name}`}));
			}
		}
		const plainListen = (flag(etcd, 'listen-client-urls') ?? '').split(',').filter(url => url.startsWith('http://'));
		if (plainListen.length > 0) {
			problems.push(say.code('ev.plainListen', {urls: plainListen.join(', ')}));
		}
		const pod = etcd.pod;
		parts.push({status: problems.length > 0 ? 'fail' : 'pass', evidence: [{kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, ...line(problems.length > 0 ? problems : say.code('ev.etcdGood'))}]});
		return combine(parts, 'critical');
	},
};
