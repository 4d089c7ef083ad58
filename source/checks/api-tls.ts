// 1.1 api-tls: All API traffic is encrypted and verified.
// The check in one file: its probe and its words (the fix is manual).
import {type Check, type Evidence, type Status, combine} from '../engine/types.js';
import {type Words, sayer, type Phrase, line, translation} from '../engine/words.js';
import {certificateEvidence, sayCertificate} from '../facts/certificates.js';
import {apiserverEvidence, controlPlane, flag, hiddenReason} from '../facts/control-plane.js';
import {kubelets, sayKubelet} from '../facts/kubelets.js';
import {guideUrl} from '../facts/util.js';

const en = {
	title: 'All API traffic is encrypted and verified',
	risk: 'Whoever can read or alter traffic to the API server (or from it to etcd and the kubelets) sees tokens and Secrets in clear, or answers in the server\'s place, when that traffic is plain HTTP or the certificate is not checked.',
	attack: 'On a shared network, an attacker between you and the API server captures your token, or presents its own certificate to a client that skips verification and replays your requests with its own changes.',
	fix: 'Nothing here can be changed through the API: the kubeconfig is a file on your machine and the flags live on the control-plane nodes.',
	undo: 'Nothing to undo: this check changes nothing.',
	manual: 'In the kubeconfig, use an https:// server and its CA: kubectl config set-cluster <cluster> --server=https://<host>:6443 --certificate-authority=<ca.crt> --embed-certs, and remove insecure-skip-tls-verify. On the API server: --tls-min-version=VersionTLS12, --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt (once kubelets serve certificates signed by it, serverTLSBootstrap: true), --etcd-servers=https://... with --etcd-cafile/--etcd-certfile/--etcd-keyfile. On every kubelet: readOnlyPort: 0.',
	link: `${guideUrl}#use-transport-layer-security-tls-for-all-api-traffic`,
	'ev.http': 'the server is {server}: plain HTTP, nothing is encrypted',
	'ev.skipVerify': 'cluster {cluster} has insecure-skip-tls-verify: the server\'s certificate is not checked',
	'ev.noCa': 'cluster {cluster} names no certificate authority: the system\'s public CAs decide whom to trust',
	'ev.oldTls': '--tls-min-version={version} accepts TLS versions with known weaknesses',
	'ev.noKubeletCa': 'no --kubelet-certificate-authority: the API server does not verify the kubelets it connects to (logs, exec, port-forward)',
	'ev.etcdHttp': 'reaches etcd over plain HTTP: {urls}',
	'ev.insecurePort': '--insecure-port={port} serves the API without TLS or authentication',
	'reason.kubelets': 'None of the {count} kubelets read answered, so their read-only port is not known.',
	'step.kubeconfig': 'On your machine, point the kubeconfig at the https:// address with the cluster\'s CA embedded, and remove insecure-skip-tls-verify.',
	'step.kubelet': 'On every node, in /var/lib/kubelet/config.yaml (kubeadm; other installers keep the KubeletConfiguration elsewhere), close the read-only port and let the kubelet ask for a serving certificate signed by the cluster CA; then restart the kubelet.',
	'step.csr': 'Approve the kubelets\' serving-certificate requests (signer kubernetes.io/kubelet-serving), after checking that each names its own node.',
	'step.apiserver': 'On every control-plane node, add these flags to /etc/kubernetes/manifests/kube-apiserver.yaml (the kubelet restarts the API server by itself): TLS 1.2 at least, verify the kubelets, and reach etcd over TLS with a client certificate. Remove --insecure-port if it is there.',
	'step.verify': 'Check that logs still come back through the kubelets (the API server now verifies their certificates) and that the kubeconfig uses https://.',
} as const;

const zh = translation(en)({
	title: '所有 API 流量都經過加密與驗證',
	risk: '如果通往 API 伺服器的流量（或由它通往 etcd 與各 kubelet 的流量）是純 HTTP，或不檢查證書，那麼能讀取或竄改這些流量的人就能看到明文的令牌與 Secret，甚至冒充伺服器回應。',
	attack: '在共用網路上，攻擊者夾在你和 API 伺服器之間，截走你的令牌；或向略過驗證的客戶端出示自己的證書，再把你的請求改過之後轉送出去。',
	fix: '這裡沒有任何東西能透過 API 修改：kubeconfig 是你機器上的檔案，參數則設在控制平面節點上。',
	undo: '沒有要復原的：這項檢查不做任何變更。',
	manual: '在 kubeconfig 中使用 https:// 伺服器位址與它的 CA：kubectl config set-cluster <cluster> --server=https://<host>:6443 --certificate-authority=<ca.crt> --embed-certs，並拿掉 insecure-skip-tls-verify。在 API 伺服器上設定：--tls-min-version=VersionTLS12、--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt（要等 kubelet 改用由這個 CA 簽發的服務證書之後，即 serverTLSBootstrap: true）、--etcd-servers=https://...，並搭配 --etcd-cafile/--etcd-certfile/--etcd-keyfile。在每個 kubelet 上設定：readOnlyPort: 0。',
	link: en.link,
	'ev.http': '伺服器位址是 {server}：純 HTTP，什麼都沒有加密',
	'ev.skipVerify': '叢集 {cluster} 設了 insecure-skip-tls-verify：不檢查伺服器的證書',
	'ev.noCa': '叢集 {cluster} 沒有指定證書頒發機構：改由系統的公開 CA 決定信任誰',
	'ev.oldTls': '--tls-min-version={version} 接受已知有弱點的 TLS 版本',
	'ev.noKubeletCa': '沒有 --kubelet-certificate-authority：API 伺服器連到 kubelet 時（logs、exec、port-forward）不驗證對方',
	'ev.etcdHttp': '以純 HTTP 連到 etcd：{urls}',
	'ev.insecurePort': '--insecure-port={port} 在不用 TLS、也不認證的情況下提供 API',
	'reason.kubelets': '讀取的 {count} 個 kubelet 都沒有回應，所以不知道它們的唯讀端口。',
	'step.kubeconfig': '在你的機器上，讓 kubeconfig 指向 https:// 位址並內嵌叢集的 CA，再拿掉 insecure-skip-tls-verify。',
	'step.kubelet': '在每個節點的 /var/lib/kubelet/config.yaml（kubeadm；其他安裝工具會把 KubeletConfiguration 放在別處）中關閉唯讀端口，並讓 kubelet 申請由叢集 CA 簽發的服務證書；然後重新啟動 kubelet。',
	'step.csr': '核准各 kubelet 的服務證書請求（簽署者 kubernetes.io/kubelet-serving），核准前先確認每個請求都只列出它自己的節點。',
	'step.apiserver': '在每個控制平面節點上，把這些參數加進 /etc/kubernetes/manifests/kube-apiserver.yaml（kubelet 會自行重新啟動 API 伺服器）：至少 TLS 1.2、驗證 kubelet、以 TLS 和客戶端證書連到 etcd。如果有 --insecure-port，把它拿掉。',
	'step.verify': '確認透過 kubelet 取日誌仍然正常（API 伺服器現在會驗證它們的證書），並確認 kubeconfig 使用 https://。',
});

export const words: Words<typeof en> = {en, 'zh-TW': zh};
const say = sayer('api-tls', words);

export const apiTls: Check = {
	id: 'api-tls',
	section: '1.1',
	words,
	steps: [
		{id: 'kubeconfig', text: 'step.kubeconfig', command: 'kubectl config set-cluster <cluster> --server=https://<host>:6443 --certificate-authority=<ca.crt> --embed-certs=true\nkubectl config unset clusters.<cluster>.insecure-skip-tls-verify'},
		{id: 'kubelet', text: 'step.kubelet', command: 'readOnlyPort: 0\nserverTLSBootstrap: true\n---\nsudo systemctl restart kubelet'},
		{id: 'csr', text: 'step.csr', command: 'kubectl get csr --field-selector spec.signerName=kubernetes.io/kubelet-serving\nkubectl certificate approve <csr-name>'},
		{id: 'apiserver', text: 'step.apiserver', command: '- --tls-min-version=VersionTLS12\n- --kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt\n- --etcd-servers=https://127.0.0.1:2379\n- --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt\n- --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt\n- --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key'},
		{id: 'verify', text: 'step.verify', command: 'kubectl -n kube-system logs -l component=kube-apiserver --tail=1\nkubectl config view --minify -o jsonpath=\'{.clusters[0].cluster.server}{"\\n"}\''},
	],
	seeIt: [
		'kubectl config view --minify -o jsonpath=\'{.clusters[0].cluster.server}{"\\n"}{.clusters[0].cluster.insecure-skip-tls-verify}{"\\n"}\'',
		'kubectl -n kube-system get pods -l component=kube-apiserver -o jsonpath=\'{range .items[*].spec.containers[0].command[*]}{@}{"\\n"}{end}\' | grep -E -- \'--(tls-min-version|kubelet-certificate-authority|etcd-servers|etcd-cafile|insecure-port)\'',
		'kubectl get --raw /api/v1/nodes/<node>/proxy/configz',
	],
	async probe(context) {
		const target = context.snapshot.target;
		const parts: Array<{status: Status; evidence: Evidence[]}> = [];
		const reasons: Phrase[] = [];
		const kubeconfig = (detail: Phrase, status: Status) => parts.push({status, evidence: [{kind: 'Kubeconfig', name: target.contextName ?? target.clusterName, ...line(detail)}]});
		const http = target.server.startsWith('http://');
		if (http) {
			kubeconfig(say.code('ev.http', {server: target.server}), 'fail');
		}
		if (target.cluster.skipTLSVerify) {
			kubeconfig(say.code('ev.skipVerify', {cluster: target.clusterName}), 'fail');
		} else if (!http && !target.cluster.caData && !target.cluster.caFile) {
			kubeconfig(say.code('ev.noCa', {cluster: target.clusterName}), 'warn');
		}
		if (!http) {
			try {
				parts.push(certificateEvidence(sayCertificate('servingName'), await context.snapshot.servingCertificate()));
			} catch (error) {
				parts.push({status: 'unknown', evidence: []});
				reasons.push(sayCertificate.code('reason.handshake', {error: (error as Error).message}));
			}
		}
		const plane = await controlPlane(context);
		if (plane.apiserver) {
			const apiserver = plane.apiserver;
			const minimum = flag(apiserver, 'tls-min-version');
			if (minimum === 'VersionTLS10' || minimum === 'VersionTLS11') {
				parts.push({status: 'warn', evidence: [apiserverEvidence(plane, say.code('ev.oldTls', {version: minimum}))]});
			}
			if (!flag(apiserver, 'kubelet-certificate-authority')) {
				parts.push({status: 'warn', evidence: [apiserverEvidence(plane, say.code('ev.noKubeletCa'))]});
			}
			const etcd = (flag(apiserver, 'etcd-servers') ?? '').split(',').filter(url => url.startsWith('http://'));
			if (etcd.length > 0) {
				parts.push({status: 'fail', evidence: [apiserverEvidence(plane, say.code('ev.etcdHttp', {urls: etcd.join(', ')}))]});
			}
			const insecure = flag(apiserver, 'insecure-port');
			if (insecure !== undefined && insecure !== '0') {
				parts.push({status: 'fail', evidence: [apiserverEvidence(plane, say.code('ev.insecurePort', {port: insecure}))]});
			}
		} else {
			parts.push({status: 'unknown', evidence: []});
			reasons.push(...hiddenReason(plane));
		}
		const facts = await kubelets(context);
		for (const read of facts.reads) {
			if ((read.config?.readOnlyPort ?? 0) > 0) {
				parts.push({status: 'fail', evidence: [{kind: 'Node', name: read.node, ...sayKubelet.line('ev.readOnlyPort', {port: read.config!.readOnlyPort!})}]});
			}
		}
		if (facts.reads.length > 0 && facts.reads.every(read => !read.config)) {
			parts.push({status: 'unknown', evidence: []});
			reasons.push(say.code('reason.kubelets', {count: facts.reads.length}));
		}
		return combine(parts, 'high', reasons);
	},
};
