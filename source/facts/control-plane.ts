// What the control plane's own command lines say, where the cluster shows them: kubeadm-style
// clusters run kube-apiserver and etcd as static pods that the kubelet mirrors into kube-system.
// Managed control planes (EKS, GKE, AKS) hide them; they are named, never guessed at.
import type {CheckContext, Evidence} from '../engine/types.js';
import {allContainers} from '../facts/util.js';
import {isKubeError} from '../kube/errors.js';
import type {KubeObject} from '../kube/objects.js';
import {type MessageId, t} from '../messages/catalog.js';
import {catalogPhrase, detailOf, type Phrase} from '../engine/words.js';


export type Provider = 'EKS' | 'GKE' | 'AKS';

export interface Component {
	pod: KubeObject;
	/** Each flag's values, in order (`--a=1 --a=2` keeps both). */
	flags: Map<string, string[]>;
}

export interface ControlPlane {
	apiserver: Component | undefined;
	etcd: Component | undefined;
	provider: Provider | undefined;
	/** Why the command lines could not be read (forbidden, not mirrored here). */
	hidden: Phrase | undefined;
}

/** `--name=value`, `--name value` and bare `--name` (true), from command and args together. */
export function parseFlags(words: string[]): Map<string, string[]> {
	const flags = new Map<string, string[]>();
	for (let index = 0; index < words.length; index++) {
		const word = words[index]!;
		if (!word.startsWith('--')) {
			continue;
		}
		const equals = word.indexOf('=');
		let name: string;
		let value: string;
		if (equals !== -1) {
			name = word.slice(2, equals);
			value = word.slice(equals + 1);
		} else {
			name = word.slice(2);
			const next = words[index + 1];
			if (next !== undefined && !next.startsWith('--')) {
				value = next;
				index++;
			} else {
				value = 'true';
			}
		}
		flags.set(name, [...flags.get(name) ?? [], value]);
	}
	return flags;
}

/** The last value of a flag, as the component itself would take it. */
export function flag(component: Component, name: string): string | undefined {
	return component.flags.get(name)?.at(-1);
}

function component(pods: KubeObject[], name: string): Component | undefined {
	const pod = pods.find(item => item.metadata.labels?.['component'] === name && item.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined)
		?? pods.find(item => item.metadata.labels?.['component'] === name);
	if (!pod) {
		return undefined;
	}
	const container = allContainers(pod).find(item => (item.command ?? [])[0]?.endsWith(name) || item.name === name) ?? allContainers(pod)[0];
	return {pod, flags: parseFlags([...container?.command ?? [], ...container?.args ?? []])};
}

/** The managed service running the control plane, from the server address or the nodes' labels. */
export function providerOf(server: string, nodes: KubeObject[]): Provider | undefined {
	const host = (() => {
		try {
			return new URL(server).hostname;
		} catch {
			return '';
		}
	})();
	if (host.endsWith('.eks.amazonaws.com')) {
		return 'EKS';
	}
	if (host.endsWith('.azmk8s.io')) {
		return 'AKS';
	}
	const labels = nodes.map(node => Object.keys(node.metadata.labels ?? {}));
	if (labels.some(keys => keys.some(key => key.startsWith('eks.amazonaws.com/')))) {
		return 'EKS';
	}
	if (labels.some(keys => keys.some(key => key.startsWith('cloud.google.com/gke-')))) {
		return 'GKE';
	}
	if (labels.some(keys => keys.some(key => key.startsWith('kubernetes.azure.com/')))) {
		return 'AKS';
	}
	return undefined;
}

export function controlPlane(context: CheckContext): Promise<ControlPlane> {
	return context.snapshot.once('control-plane', async () => {
		const nodes = await context.snapshot.listAll('v1', 'Node').catch(() => [] as KubeObject[]);
		const provider = providerOf(context.snapshot.target.server, nodes);
		let pods: KubeObject[];
		try {
			pods = await context.snapshot.list('v1', 'Pod', 'kube-system');
		} catch (error) {
			if (!isKubeError(error)) {
				throw error;
			}
			return {apiserver: undefined, etcd: undefined, provider, hidden: catalogPhrase('controlPlane.hidden.error', {error: error.message})};
		}
		const apiserver = component(pods, 'kube-apiserver');
		const etcd = component(pods, 'etcd');
		return {apiserver, etcd, provider, hidden: apiserver ? undefined : catalogPhrase(provider ? 'controlPlane.hidden.managed' : 'controlPlane.hidden.notMirrored', {provider: provider ?? ''})};
	});
}

/** How to look at the hidden settings on a managed control plane, in the provider's own tools. */
export function providerAdvice(provider: Provider | undefined): Phrase {
	return catalogPhrase(provider ? `controlPlane.advice.${provider}` : 'controlPlane.advice.none');
}

/** The reason of an `unknown` verdict when the API server's flags cannot be read. */
export function hiddenReason(plane: ControlPlane): Phrase[] {
	return [...plane.hidden ? [plane.hidden] : [], providerAdvice(plane.provider)];
}

export function apiserverEvidence(plane: ControlPlane, detail: string | Phrase | Phrase[]): Evidence {
	const pod = plane.apiserver!.pod;
	return {kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, ...detailOf(detail)};
}
