// Small helpers the checks share: evidence lines, the namespaces a check judges, pod
// containers, resource quantities and fix targets.
import type {} from '@kubernetes/client-node';
import net from 'node:net';
import type {V1Container, V1EphemeralContainer, V1LabelSelector, V1NamespaceStatus, V1PodSpec, V1PodStatus} from '@kubernetes/client-node';
import type {KubeObject} from '../kube/objects.js';
import {UserError} from '../kube/errors.js';
import {t} from '../messages/catalog.js';
import {because, catalogPhrase, detailOf, type Phrase} from '../engine/words.js';
import type {CheckContext, Evidence, FixOptions, Severity, Verdict} from '../engine/types.js';
import {isSystemNamespace, target} from '../engine/types.js';

export const guideUrl = 'https://kubernetes.io/docs/tasks/administer-cluster/securing-a-cluster/';

export function evidence(object: {kind: string; metadata: {namespace?: string | undefined; name: string}}, detail: string | Phrase | Phrase[]): Evidence {
	return {kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name, ...detailOf(detail)};
}

export function namespaceEvidence(name: string, detail: string | Phrase | Phrase[]): Evidence {
	return {kind: 'Namespace', name, ...detailOf(detail)};
}

/** The verdict of a namespace check when no workload namespace is in scope. */
/**
 * The probe of a guide point the API cannot show (a firewall, a backup, a disk): always
 * `unknown`, never a pass, with the check's reason saying so; the check teaches it by its steps.
 */
export function cannotBeSeen(severity: Severity, reason: () => Pick<Verdict, 'reason' | 'reasonCode' | 'reasonParams'>): () => Promise<Verdict> {
	return async () => ({status: 'unknown', severity, evidence: [], ...reason()});
}

export function noWorkloadNamespaces(): Verdict {
	return {status: 'pass', severity: 'info', evidence: [], ...because(catalogPhrase('check.common.noWorkloadNamespaces'))};
}

/** The namespaces in scope that hold workloads (system namespaces have their own rules), not being deleted. */
export async function workloadNamespaces(context: CheckContext): Promise<KubeObject[]> {
	const all = await context.snapshot.namespaces();
	return all.filter(ns => !isSystemNamespace(ns.metadata.name) && (ns['status'] as V1NamespaceStatus | undefined)?.phase !== 'Terminating');
}

/** A container as the pod spec states it (init, app or ephemeral). */
export type Container = V1Container | V1EphemeralContainer;

export type PodSpec = V1PodSpec;

export function podSpec(pod: KubeObject): PodSpec {
	return (pod['spec'] ?? {}) as PodSpec;
}

export function allContainers(pod: KubeObject): Container[] {
	const spec = podSpec(pod);
	return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

export interface SeccompProfile {
	container: string;
	/** The container's own profile type, else the pod's; undefined when neither sets one. */
	type: string | undefined;
}

/** The seccomp profile each container runs under, as the pod spec states it. */
export function seccompProfiles(pod: KubeObject): SeccompProfile[] {
	const podProfile = podSpec(pod).securityContext?.seccompProfile?.type;
	return allContainers(pod).map(container => ({container: container.name, type: container.securityContext?.seccompProfile?.type ?? podProfile}));
}

/** RuntimeDefault and Localhost filter system calls; Unconfined and no profile at all do not. */
export function isConfined(type: string | undefined): boolean {
	return type === 'RuntimeDefault' || type === 'Localhost';
}

/** Pods that run or will run (not Succeeded or Failed). */
export function isActive(pod: KubeObject): boolean {
	const phase = (pod['status'] as V1PodStatus | undefined)?.phase;
	return phase !== 'Succeeded' && phase !== 'Failed';
}

export async function activePods(context: CheckContext, namespaces?: Set<string>): Promise<KubeObject[]> {
	const pods = await context.snapshot.list('v1', 'Pod');
	return pods.filter(pod => isActive(pod) && (!namespaces || namespaces.has(pod.metadata.namespace ?? '')));
}

const binarySuffixes: Record<string, number> = {Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60};
const decimalSuffixes: Record<string, number> = {n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18};

/** A Kubernetes quantity ("250m", "1.5", "128Mi", "1e3") as a number; undefined when unreadable. */
export function parseQuantity(value: string | number | undefined): number | undefined {
	if (value === undefined) {
		return undefined;
	}
	if (typeof value === 'number') {
		return value;
	}
	const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/.exec(value.trim());
	if (!match) {
		return undefined;
	}
	const number = Number(match[1]);
	if (match[2]) {
		return number * 10 ** Number(match[2].slice(1));
	}
	const suffix = match[3] ?? '';
	return number * (binarySuffixes[suffix] ?? decimalSuffixes[suffix] ?? 1);
}

export function cpuText(cores: number): string {
	return `${Math.ceil(cores * 1000)}m`;
}

export function memoryText(bytes: number): string {
	return `${Math.ceil(bytes / 2 ** 20)}Mi`;
}

/**
 * The targets a fix acts on: all fixable ones, or those the operator named. A named target
 * that needs nothing is reported in the notes (so a second run is a no-op, not an error).
 */
export function chooseTargets(fixable: string[], options: FixOptions, notes: string[]): string[] {
	const requested = options.targets ?? [];
	if (requested.length === 0) {
		return fixable;
	}
	const chosen: string[] = [];
	for (const name of requested) {
		if (fixable.includes(name)) {
			chosen.push(name);
		} else {
			notes.push(t('fix.target.notAffected', {target: name}));
		}
	}
	return chosen;
}

/** A yes/no fix option ("true", "false", "yes", "no"); a bad value is the operator's error. */
export function booleanOption(options: FixOptions, name: string, fallback: boolean): boolean {
	const value = options.options?.[name];
	if (value === undefined) {
		return fallback;
	}
	if (/^(true|yes|1)$/i.test(value)) {
		return true;
	}
	if (/^(false|no|0)$/i.test(value)) {
		return false;
	}
	throw new UserError(t('fix.error.badOption', {name, value, expected: 'true or false'}), 2);
}

/** Whether an IP address lies in a CIDR (IPv4 or IPv6). */
export function cidrContains(cidr: string, ip: string): boolean {
	const [address, bits] = cidr.split('/');
	const family = net.isIPv6(ip) ? 'ipv6' : 'ipv4';
	if (!address || net.isIP(address) === 0 || (net.isIPv6(address) ? 'ipv6' : 'ipv4') !== family) {
		return false;
	}
	const list = new net.BlockList();
	list.addSubnet(address, bits === undefined ? (family === 'ipv6' ? 128 : 32) : Number(bits), family);
	return list.check(ip, family);
}

export {isSystemNamespace, target};

/** An empty label selector selects every pod. */
export function selectsAll(selector: unknown): boolean {
	if (selector === undefined || selector === null) {
		return false;
	}
	const value = selector as V1LabelSelector;
	return Object.keys(value.matchLabels ?? {}).length === 0 && (value.matchExpressions ?? []).length === 0;
}
