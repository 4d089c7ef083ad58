// The kubelets' running configuration, read once per run through the API server's node proxy
// (`/api/v1/nodes/NAME/proxy/configz`); on a large cluster a sample of nodes is read, and the
// verdicts say how many. Read by sections 1.1, 2, 4.3, 4.4 and 5.
import {forEachLimited, requestConcurrency} from '../engine/limit.js';
import type {CheckContext} from '../engine/types.js';
import {type Words, sayer, translation} from '../engine/words.js';
import {isKubeError, type KubeError} from '../kube/errors.js';
import type {KubeObject} from '../kube/objects.js';

const kubeletEn = {
	'ev.readOnlyPort': 'read-only port {port} is open, without authentication',
	'reason.noNodes': 'The nodes could not be listed: {error}',
	'reason.none': 'There are no Node objects, so no kubelet to ask.',
	'error.noConfig': 'the kubelet answered without a configuration',
	'error.dns': 'the API server could not resolve the node\'s address {host} (DNS); it reaches kubelets by the first of --kubelet-preferred-address-types that the node reports, so put InternalIP first or make node names resolve',
	'error.refused': 'nothing accepts connections on the kubelet\'s port at {address} (the kubelet is down, or serves elsewhere)',
	'error.timeout': 'the kubelet at {address} did not answer in time (a firewall between the API server and the node, or the node is gone)',
	'error.unreachable': 'the API server has no route to the kubelet at {address}',
	'error.tls': 'the API server does not trust the kubelet\'s serving certificate ({detail}): --kubelet-certificate-authority does not vouch for it',
	'error.kubeletRefused': 'the kubelet refused the API server\'s own client (HTTP {status}): its authentication or authorization does not accept the identity the API server uses (--kubelet-client-certificate; for webhook authorization, bind it to system:kubelet-api-admin)',
} as const;

const kubeletZh = translation(kubeletEn)({
	'ev.readOnlyPort': '唯讀端口 {port} 開著，而且不需要認證',
	'reason.noNodes': '無法列出節點：{error}',
	'reason.none': '叢集裡沒有任何 Node 物件，所以沒有 kubelet 可以詢問。',
	'error.noConfig': 'kubelet 有回應，但沒有附上設定',
	'error.dns': 'API 伺服器無法解析節點的位址 {host}（DNS）；它依節點回報的位址中、最先符合 --kubelet-preferred-address-types 的那一種去連 kubelet，所以請把 InternalIP 排在第一位，或讓節點名稱可以被解析',
	'error.refused': '{address} 上 kubelet 的端口沒有接受連線（kubelet 停了，或在別的端口服務）',
	'error.timeout': '{address} 的 kubelet 沒有及時回應（API 伺服器與節點之間有防火牆，或節點已經不在了）',
	'error.unreachable': 'API 伺服器沒有路由可以到達 {address} 的 kubelet',
	'error.tls': 'API 伺服器不信任 kubelet 的服務證書（{detail}）：--kubelet-certificate-authority 不為它擔保',
	'error.kubeletRefused': 'kubelet 拒絕了 API 伺服器自己的客戶端（HTTP {status}）：它的認證或鑑權不接受 API 伺服器所用的身分（--kubelet-client-certificate；若用 webhook 鑑權，請把這個身分綁定到 system:kubelet-api-admin）',
});

export const kubeletWords: Words<typeof kubeletEn> = {en: kubeletEn, 'zh-TW': kubeletZh};
export const sayKubelet = sayer('kubelet', kubeletWords);

/** Nodes read at most per run; beyond this the nodes are sampled evenly by name. */
export const kubeletSample = 20;

export interface KubeletConfig {
	readOnlyPort?: number;
	rotateCertificates?: boolean;
	seccompDefault?: boolean;
	featureGates?: Record<string, boolean>;
	authentication?: {anonymous?: {enabled?: boolean}; webhook?: {enabled?: boolean}; x509?: {clientCAFile?: string}};
	authorization?: {mode?: string};
}

export interface KubeletRead {
	node: string;
	config?: KubeletConfig | undefined;
	/** Why this kubelet's configuration could not be read. */
	error?: string | undefined;
}

export interface Kubelets {
	/** Nodes in the cluster. */
	total: number;
	reads: KubeletRead[];
	/** Why the nodes themselves could not be listed. */
	error?: string | undefined;
}

/** Evenly spread over the sorted names, so repeated runs read the same nodes. */
export function sample<T>(items: T[], size: number): T[] {
	if (items.length <= size) {
		return items;
	}
	const step = items.length / size;
	return Array.from({length: size}, (_, index) => items[Math.floor(index * step)]!);
}

/**
 * Why the node proxy could not read a kubelet, told apart by the API server's own message: a
 * name that does not resolve, a refused or silent port, no route, a certificate the API server
 * does not trust, or the kubelet refusing the API server's client. Anything else (RBAC
 * refusing you nodes/proxy, a timeout of the request itself) keeps the request's own words.
 */
export function kubeletError(error: KubeError): string {
	const detail = error.detail ?? '';
	const address = /dial tcp ([^:\s]+:\d+|\[[^\]]+\]:\d+)/.exec(detail)?.[1] ?? '';
	const dns = /lookup ([^\s]+)(?: on [^:]+:\d+)?: (?:no such host|server misbehaving|Temporary failure)/.exec(detail);
	if (dns) {
		return sayKubelet('error.dns', {host: dns[1]!});
	}
	if (/connect: connection refused/.test(detail)) {
		return sayKubelet('error.refused', {address});
	}
	if (/i\/o timeout|connect: connection timed out/.test(detail)) {
		return sayKubelet('error.timeout', {address});
	}
	if (/no route to host|network is unreachable/.test(detail)) {
		return sayKubelet('error.unreachable', {address});
	}
	if (/x509:|tls: /.test(detail)) {
		return sayKubelet('error.tls', {detail: detail.slice(detail.includes('x509:') ? detail.indexOf('x509:') : detail.indexOf('tls: '))});
	}
	// The kubelet's own refusals come back through the proxy as its status with its plain-text body.
	if ((error.status === 401 || error.status === 403) && /^(Unauthorized|Forbidden \(user=)/.test(detail)) {
		return sayKubelet('error.kubeletRefused', {status: error.status});
	}
	return error.message;
}

export function kubelets(context: CheckContext): Promise<Kubelets> {
	return context.snapshot.once('kubelets', async () => {
		let nodes: KubeObject[];
		try {
			nodes = await context.snapshot.listAll('v1', 'Node');
		} catch (error) {
			if (!isKubeError(error)) {
				throw error;
			}
			return {total: 0, reads: [], error: error.message};
		}
		const chosen = sample([...nodes].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)), kubeletSample);
		const reads: KubeletRead[] = [];
		await forEachLimited(chosen, requestConcurrency, async node => {
			const name = node.metadata.name;
			try {
				const {body} = await context.snapshot.request<{kubeletconfig?: KubeletConfig}>({path: `/api/v1/nodes/${encodeURIComponent(name)}/proxy/configz`});
				reads.push(body.kubeletconfig ? {node: name, config: body.kubeletconfig} : {node: name, error: sayKubelet('error.noConfig')});
			} catch (error) {
				if (!isKubeError(error)) {
					throw error;
				}
				reads.push({node: name, error: kubeletError(error)});
			}
		});
		reads.sort((a, b) => a.node.localeCompare(b.node));
		return {total: nodes.length, reads};
	});
}
