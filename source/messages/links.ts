// Where a link goes in the language in use: the one rule for every check's `link` (checks keep
// the English address in their words; no translation has to change it).
//
// kubernetes.io publishes its Chinese edition under /zh-cn/ (Simplified characters; the zh-TW
// guide this tool follows is that edition in Traditional characters). A zh-TW link goes there
// only for pages the guide itself links to in /zh-cn/ (the seeds' links show which), and keeps
// an anchor only where the Chinese page states the same id explicitly (`{#id}` in its heading):
// Hugo makes the other anchors from the Chinese heading text, which the seeds show only in
// Traditional characters, so those links go to the page without an anchor rather than guess.
import {currentLanguage, type Language} from './catalog.js';

const site = 'https://kubernetes.io';

/** Pages published in /zh-cn/, as the guide links to them. */
export const zhPages = new Set([
	'/docs/tasks/administer-cluster/securing-a-cluster/',
	'/docs/reference/access-authn-authz/service-accounts-admin/',
	'/docs/reference/access-authn-authz/authentication/',
	'/docs/reference/access-authn-authz/rbac/',
	'/docs/reference/access-authn-authz/node/',
	'/docs/reference/access-authn-authz/admission-controllers/',
	'/docs/reference/access-authn-authz/authorization/',
	'/docs/reference/access-authn-authz/kubelet-authn-authz/',
	'/docs/concepts/policy/resource-quotas/',
	'/docs/tasks/administer-cluster/manage-resources/memory-default-namespace/',
	'/docs/tasks/configure-pod-container/security-context/',
	'/docs/concepts/security/pod-security-admission/',
	'/docs/concepts/security/pod-security-standards/',
	'/docs/tasks/administer-cluster/declare-network-policy/',
	'/docs/concepts/cluster-administration/networking/',
	'/docs/concepts/scheduling-eviction/assign-pod-node/',
	'/docs/concepts/scheduling-eviction/taint-and-toleration/',
	'/docs/tasks/debug/debug-cluster/audit/',
	'/docs/concepts/security/pod-security-policy/',
	'/docs/tasks/administer-cluster/encrypt-data/',
	'/docs/reference/issues-security/security/',
	'/docs/concepts/security/security-checklist/',
	'/docs/reference/node/seccomp/',
]);

/**
 * Anchors the Chinese pages keep as in English: the guide's heading "防止容器加載不需要的內核模塊"
 * carries `{#preventing-containers-from-loading-unwanted-kernel-modules}`; the guide's own links
 * to `admission-controllers/#noderestriction` keep theirs in /zh-cn/ too.
 */
export const zhAnchors = new Set([
	'/docs/tasks/administer-cluster/securing-a-cluster/#preventing-containers-from-loading-unwanted-kernel-modules',
	'/docs/reference/access-authn-authz/admission-controllers/#noderestriction',
]);

/** The address of `url` (an English kubernetes.io page) for readers of `language`. */
export function linkFor(url: string, language: Language): string {
	if (language === 'en' || !url.startsWith(`${site}/docs/`)) {
		return url;
	}
	const [page = '', anchor] = url.slice(site.length).split('#');
	if (!zhPages.has(page)) {
		return url;
	}
	const keep = anchor !== undefined && zhAnchors.has(`${page}#${anchor}`);
	return `${site}/zh-cn${page}${keep ? `#${anchor}` : ''}`;
}

/** The address of `url` in the language in use. */
export function localLink(url: string): string {
	return linkFor(url, currentLanguage());
}
