// The sandbox: a throwaway cluster seeded with what a careless kubeadm-style cluster holds,
// so a new admin can practise the walk without a cluster of their own.
import crypto from 'node:crypto';
import type {KubeClient} from '../kube/client.js';
import {isKubeError} from '../kube/errors.js';
import {collectionPath, objectPath, type KubeObject} from '../kube/objects.js';
import type {NodeSpec} from './nodes.js';

const controlPlaneNode = 'sandbox-control-plane';

/** Creates the object; one that already exists is left as it is. */
export async function ensure(client: KubeClient, object: KubeObject): Promise<void> {
	try {
		await client.request({method: 'POST', path: collectionPath(object.apiVersion, object.kind, object.metadata.namespace), body: object});
	} catch (error) {
		if (!isKubeError(error, 'conflict')) {
			throw error;
		}
	}
}

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject[] {
	return [
		{apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels}},
		// No controller manager runs here, so each namespace's default ServiceAccount is made by hand.
		{apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace: name}},
	];
}

export function pod(ns: string, name: string, spec: Record<string, unknown>, labels: Record<string, string> = {app: name}): KubeObject {
	return {apiVersion: 'v1', kind: 'Pod', metadata: {name, namespace: ns, labels}, spec: {automountServiceAccountToken: false, ...spec}};
}

/** Sandbox nodes are EC2 instances, as the AWS cloud provider names them. */
function providerID(name: string): string {
	return `aws:///eu-west-1a/i-0${crypto.createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

function node(name: string, labels: Record<string, string>): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Node',
		metadata: {name, labels: {'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'topology.kubernetes.io/zone': 'eu-west-1a', ...labels}},
		spec: {providerID: providerID(name)},
	};
}

/** A control-plane component as kubeadm writes its static pod manifest. */
function staticPod(component: string, image: string, command: string[]): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name: component, namespace: 'kube-system', labels: {component, tier: 'control-plane'}},
		spec: {hostNetwork: true, priorityClassName: 'system-node-critical', containers: [{name: component, image, command}]},
	};
}

/**
 * The sandbox's real nodes (on a machine that can run them): a kubeadm-style control plane whose
 * kubelet runs kube-apiserver and etcd as static pods (mirrored into the API as kubeadm's are),
 * a worker whose kubelet is left wide open, and a worker with the kubelet's defaults. All on
 * EC2, as their providerIDs say.
 */
export function sandboxNodes(): NodeSpec[] {
	return [
		{name: controlPlaneNode, kind: 'default', controlPlane: true, providerID: providerID(controlPlaneNode), staticPods: [
			staticPod('kube-apiserver', 'registry.k8s.io/kube-apiserver:v1.37.2', apiserverCommand),
			staticPod('etcd', 'registry.k8s.io/etcd:3.6.5-0', etcdCommand),
		]},
		{name: 'sandbox-worker-1', kind: 'careless', controlPlane: false, providerID: providerID('sandbox-worker-1')},
		{name: 'sandbox-worker-2', kind: 'default', controlPlane: false, providerID: providerID('sandbox-worker-2')},
	];
}

function mirrorPod(component: string, image: string, command: string[]): KubeObject {
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name: `${component}-${controlPlaneNode}`,
			namespace: 'kube-system',
			labels: {component, tier: 'control-plane'},
			annotations: {
				'kubernetes.io/config.mirror': crypto.createHash('md5').update(component).digest('hex'),
				'kubernetes.io/config.source': 'file',
			},
		},
		spec: {
			nodeName: controlPlaneNode,
			hostNetwork: true,
			priorityClassName: 'system-node-critical',
			containers: [{name: component, image, command}],
		},
	};
}

const pki = '/etc/kubernetes/pki';

/** kube-apiserver as kubeadm writes it, minus audit logging and encryption at rest. */
const apiserverCommand = [
	'kube-apiserver',
	'--advertise-address=10.0.0.10',
	'--allow-privileged=true',
	'--authorization-mode=Node,RBAC',
	`--client-ca-file=${pki}/ca.crt`,
	'--enable-admission-plugins=NodeRestriction',
	'--enable-bootstrap-token-auth=true',
	`--etcd-cafile=${pki}/etcd/ca.crt`,
	`--etcd-certfile=${pki}/apiserver-etcd-client.crt`,
	`--etcd-keyfile=${pki}/apiserver-etcd-client.key`,
	'--etcd-servers=https://127.0.0.1:2379',
	`--kubelet-client-certificate=${pki}/apiserver-kubelet-client.crt`,
	`--kubelet-client-key=${pki}/apiserver-kubelet-client.key`,
	'--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
	`--proxy-client-cert-file=${pki}/front-proxy-client.crt`,
	`--proxy-client-key-file=${pki}/front-proxy-client.key`,
	'--requestheader-allowed-names=front-proxy-client',
	`--requestheader-client-ca-file=${pki}/front-proxy-ca.crt`,
	'--secure-port=6443',
	'--service-account-issuer=https://kubernetes.default.svc.cluster.local',
	`--service-account-key-file=${pki}/sa.pub`,
	`--service-account-signing-key-file=${pki}/sa.key`,
	'--service-cluster-ip-range=10.96.0.0/12',
	`--tls-cert-file=${pki}/apiserver.crt`,
	`--tls-private-key-file=${pki}/apiserver.key`,
];

const etcdCommand = [
	'etcd',
	'--advertise-client-urls=https://10.0.0.10:2379',
	`--cert-file=${pki}/etcd/server.crt`,
	'--client-cert-auth=true',
	'--data-dir=/var/lib/etcd',
	'--initial-advertise-peer-urls=https://10.0.0.10:2380',
	'--initial-cluster=sandbox-control-plane=https://10.0.0.10:2380',
	`--key-file=${pki}/etcd/server.key`,
	'--listen-client-urls=https://127.0.0.1:2379,https://10.0.0.10:2379',
	'--listen-peer-urls=https://10.0.0.10:2380',
	'--name=sandbox-control-plane',
	`--peer-cert-file=${pki}/etcd/peer.crt`,
	'--peer-client-cert-auth=true',
	`--peer-key-file=${pki}/etcd/peer.key`,
	`--peer-trusted-ca-file=${pki}/etcd/ca.crt`,
	`--trusted-ca-file=${pki}/etcd/ca.crt`,
];

/** Without real nodes: Node objects, their mirror pods and the CNI's pod are made by hand. */
function handMadeNodes(): KubeObject[] {
	return [
		// Nodes: a control plane that anything may be scheduled on, and two workers.
		node(controlPlaneNode, {'node-role.kubernetes.io/control-plane': ''}),
		node('sandbox-worker-1', {}),
		node('sandbox-worker-2', {}),
		{apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace: 'kube-system'}},
		{apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'default', namespace: 'default'}},
		// Static control-plane pods as the kubelet mirrors them.
		mirrorPod('kube-apiserver', 'registry.k8s.io/kube-apiserver:v1.37.2', apiserverCommand),
		mirrorPod('etcd', 'registry.k8s.io/etcd:3.6.5-0', etcdCommand),
		...namespace('kube-flannel'),
		pod('kube-flannel', 'kube-flannel-ds-sandbox', {
			nodeName: 'sandbox-worker-1',
			hostNetwork: true,
			containers: [{name: 'kube-flannel', image: 'ghcr.io/flannel-io/flannel:v0.26.0', securityContext: {privileged: true}}],
		}, {app: 'flannel', 'k8s-app': 'flannel'}),
	];
}

/** With real nodes, a controller-manager and a scheduler: workloads whose pods are made by controllers. */
function workloads(): KubeObject[] {
	const template = (app: string, spec: Record<string, unknown>) => ({metadata: {labels: {app}}, spec});
	return [
		// A storefront with no requests, limits or security context.
		{apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'frontend', namespace: 'shop'}, spec: {
			replicas: 2, selector: {matchLabels: {app: 'frontend'}},
			template: template('frontend', {containers: [{name: 'frontend', image: 'nginx:1.27'}]}),
		}},
		// An admin tool scaled to zero between uses: privileged whenever it runs.
		{apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'legacy-admin', namespace: 'payments'}, spec: {
			replicas: 0, selector: {matchLabels: {app: 'legacy-admin'}},
			template: template('legacy-admin', {containers: [{name: 'admin', image: 'payments/admin:0.9', securityContext: {privileged: true}}]}),
		}},
		// A nightly backup that mounts the node's disk.
		{apiVersion: 'batch/v1', kind: 'CronJob', metadata: {name: 'nightly-backup', namespace: 'ci'}, spec: {
			schedule: '0 2 * * *',
			jobTemplate: {spec: {template: {spec: {
				restartPolicy: 'OnFailure',
				containers: [{name: 'backup', image: 'restic/restic:0.17', volumeMounts: [{name: 'host', mountPath: '/host'}]}],
				volumes: [{name: 'host', hostPath: {path: '/var/lib'}}],
			}}}},
		}},
	];
}

export function sandboxObjects(realNodes = false): KubeObject[] {
	const tokenSecret = crypto.randomBytes(8).toString('hex');
	return [
		...realNodes ? [] : handMadeNodes(),
		// A CNI that does not enforce NetworkPolicy.
		...realNodes ? namespace('kube-flannel') : [],
		{
			apiVersion: 'apps/v1',
			kind: 'DaemonSet',
			metadata: {name: 'kube-flannel-ds', namespace: 'kube-flannel', labels: {app: 'flannel'}},
			spec: {
				selector: {matchLabels: {app: 'flannel'}},
				template: {
					metadata: {labels: {app: 'flannel'}},
					spec: {hostNetwork: true, tolerations: [{operator: 'Exists', effect: 'NoSchedule'}], containers: [{name: 'kube-flannel', image: 'ghcr.io/flannel-io/flannel:v0.26.0', securityContext: {privileged: true}}]},
				},
			},
		},
		// Application namespaces with no Pod Security labels, quotas or NetworkPolicies.
		...namespace('shop'),
		...namespace('payments'),
		...namespace('ci'),
		pod('shop', 'web', {containers: [{name: 'web', image: 'nginx:1.27'}]}),
		pod('shop', 'log-collector', {
			containers: [{name: 'collector', image: 'fluent/fluent-bit:3.1', volumeMounts: [{name: 'varlog', mountPath: '/var/log'}]}],
			volumes: [{name: 'varlog', hostPath: {path: '/var/log'}}],
		}),
		pod('payments', 'api', {containers: [{name: 'api', image: 'payments/api:2.4', resources: {requests: {cpu: '100m', memory: '128Mi'}, limits: {memory: '256Mi'}}}]}),
		pod('payments', 'debug-shell', {
			hostPID: true,
			containers: [{name: 'shell', image: 'busybox:1.36', command: ['sleep', 'infinity'], securityContext: {privileged: true}}],
		}),
		{apiVersion: 'v1', kind: 'Service', metadata: {name: 'web', namespace: 'shop'}, spec: {type: 'NodePort', selector: {app: 'web'}, ports: [{port: 80, targetPort: 80}]}},
		...realNodes ? workloads() : [],
		// A CI service account that can do anything in the cluster.
		{apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'deployer', namespace: 'ci'}},
		{
			apiVersion: 'rbac.authorization.k8s.io/v1',
			kind: 'ClusterRoleBinding',
			metadata: {name: 'ci-deployer-cluster-admin'},
			roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin'},
			subjects: [{kind: 'ServiceAccount', name: 'deployer', namespace: 'ci'}],
		},
		// Read access for anyone who does not log in at all.
		{
			apiVersion: 'rbac.authorization.k8s.io/v1',
			kind: 'ClusterRole',
			metadata: {name: 'status-page-read'},
			rules: [{apiGroups: [''], resources: ['pods', 'services', 'namespaces'], verbs: ['get', 'list', 'watch']}],
		},
		{
			apiVersion: 'rbac.authorization.k8s.io/v1',
			kind: 'ClusterRoleBinding',
			metadata: {name: 'status-page-anonymous'},
			roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'status-page-read'},
			subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:anonymous'}],
		},
		// An add-on that syncs Secrets for CI, installed with read access to every Secret in the cluster.
		{apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'secrets-sync', namespace: 'ci'}},
		{
			apiVersion: 'rbac.authorization.k8s.io/v1',
			kind: 'ClusterRole',
			metadata: {name: 'secrets-sync-read'},
			rules: [{apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch']}],
		},
		{
			apiVersion: 'rbac.authorization.k8s.io/v1',
			kind: 'ClusterRoleBinding',
			metadata: {name: 'secrets-sync-read'},
			roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'secrets-sync-read'},
			subjects: [{kind: 'ServiceAccount', name: 'secrets-sync', namespace: 'ci'}],
		},
		// A bootstrap token that never expires (kubeadm's default token is given a TTL; this one lost it).
		{
			apiVersion: 'v1',
			kind: 'Secret',
			metadata: {name: 'bootstrap-token-a1b2c3', namespace: 'kube-system'},
			type: 'bootstrap.kubernetes.io/token',
			stringData: {
				'token-id': 'a1b2c3',
				'token-secret': tokenSecret,
				'usage-bootstrap-authentication': 'true',
				'usage-bootstrap-signing': 'true',
				'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token',
			},
		},
		// A long-lived service-account token kept in a Secret, last used months ago.
		{
			apiVersion: 'v1',
			kind: 'Secret',
			metadata: {
				name: 'deployer-token',
				namespace: 'ci',
				annotations: {'kubernetes.io/service-account.name': 'deployer'},
				labels: {'kubernetes.io/legacy-token-last-used': '2026-03-02'},
			},
			type: 'kubernetes.io/service-account-token',
			stringData: {token: `sandbox-placeholder-${crypto.randomBytes(12).toString('hex')}`},
		},
	];
}

/**
 * The API server taints every new Node "not-ready" until the node lifecycle controller sees a
 * healthy kubelet. No controller runs here, so the taint is lifted by hand, as it would be.
 */
export async function markReady(client: KubeClient, name: string): Promise<void> {
	const path = objectPath({apiVersion: 'v1', kind: 'Node', name});
	const current = await client.get<KubeObject>(path);
	const taints = ((current['spec'] as {taints?: Array<{key: string}>} | undefined)?.taints ?? []).filter(taint => !taint.key.startsWith('node.kubernetes.io/'));
	await client.request({method: 'PATCH', path, body: {spec: {taints: taints.length > 0 ? taints : null}}, contentType: 'application/merge-patch+json'});
}

/**
 * Seeds the careless state. With `realNodes` (the cluster runs the sandbox's nodes, a
 * controller-manager and a scheduler), the nodes and control-plane pods are real and workloads
 * are added; otherwise Node objects and mirror pods are made by hand.
 */
export async function seedSandbox(client: KubeClient, realNodes = false): Promise<void> {
	for (const object of sandboxObjects(realNodes)) {
		await ensure(client, object);
	}
	if (realNodes) {
		return;
	}
	// Node status is a subresource: give the nodes a kubelet version and an address.
	for (const name of [controlPlaneNode, 'sandbox-worker-1', 'sandbox-worker-2']) {
		const current = await client.get<KubeObject>(objectPath({apiVersion: 'v1', kind: 'Node', name}));
		current['status'] = {
			nodeInfo: {kubeletVersion: 'v1.37.2', kernelVersion: '6.8.0', osImage: 'Ubuntu 24.04 LTS', containerRuntimeVersion: 'containerd://2.0.0', architecture: 'amd64', operatingSystem: 'linux', machineID: '', systemUUID: '', bootID: '', kubeProxyVersion: ''},
			conditions: [{type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'sandbox node', lastHeartbeatTime: new Date().toISOString(), lastTransitionTime: new Date().toISOString()}],
		};
		await client.request({method: 'PUT', path: `${objectPath({apiVersion: 'v1', kind: 'Node', name})}/status`, body: current});
		await markReady(client, name);
	}
}
