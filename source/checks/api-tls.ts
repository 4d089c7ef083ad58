// 1.1 api-tls: All API traffic is encrypted and verified.
// The check in one file: its probe and its words (the fix is manual).
import {type Check, type Evidence, type Status, combine} from '../engine/types.js';
import {type Words, sayer, type Phrase, line} from '../engine/words.js';
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
} as const;

export const words: Words<typeof en> = {en};
const say = sayer('api-tls', words);

export const apiTls: Check = {
	id: 'api-tls',
	section: '1.1',
	words,
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
