// NetworkPolicy specs as the checks read them (the API's defaults for policyTypes applied);
// read by network-policy (3.4) and cloud-metadata (3.5).
import {type Words, sayer, translation} from '../engine/words.js';
import type {KubeObject} from '../kube/objects.js';

const networkPolicyEn = {
	'reason.cni': 'NetworkPolicies only work if the network plugin enforces them: see cni-policy-support.',
} as const;

const networkPolicyZh = translation(networkPolicyEn)({
	'reason.cni': '網路策略要靠網路插件執行才有效果：請一併查看 cni-policy-support。',
});

export const networkPolicyWords: Words<typeof networkPolicyEn> = {en: networkPolicyEn, 'zh-TW': networkPolicyZh};
export const sayNetworkPolicy = sayer('networkPolicy', networkPolicyWords);

interface PolicySpec {
	podSelector?: unknown;
	policyTypes?: string[];
	ingress?: Array<{from?: unknown[]; ports?: unknown[]}>;
	egress?: Array<{to?: Array<{ipBlock?: {cidr: string; except?: string[]}; podSelector?: unknown; namespaceSelector?: unknown}>; ports?: unknown[]}>;
}

export function policySpec(policy: KubeObject): PolicySpec {
	return (policy['spec'] ?? {}) as PolicySpec;
}

export function policyTypes(policy: KubeObject): string[] {
	const spec = policySpec(policy);
	if (spec.policyTypes && spec.policyTypes.length > 0) {
		return spec.policyTypes;
	}
	// The API's default: Ingress always, Egress when egress rules are present.
	return spec.egress && spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}
