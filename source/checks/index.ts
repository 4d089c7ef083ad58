// Every check, in the order of the guide. A check is one file, named for its id (see "Adding a
// check" in the README); registering it is its one line below.
import type {Check} from '../engine/types.js';

export const checks: Check[] = [
	(await import('./api-tls.js')).apiTls,
	(await import('./operator-identity.js')).operatorIdentity,
	(await import('./anonymous-auth.js')).anonymousAuth,
	(await import('./anonymous-bindings.js')).anonymousBindings,
	(await import('./static-credentials.js')).staticCredentials,
	(await import('./legacy-sa-tokens.js')).legacyTokenSecrets,
	(await import('./authorization-mode.js')).authorizationMode,
	(await import('./cluster-admin-subjects.js')).clusterAdminSubjects,
	(await import('./rbac-escalation.js')).rbacEscalation,
	(await import('./node-restriction.js')).nodeRestriction,
	(await import('./takeover-rights.js')).takeoverRights,
	(await import('./token-automount.js')).tokenAutomount,
	(await import('./node-age.js')).nodeAge,
	(await import('./kubelet-config.js')).kubeletConfig,
	(await import('./resource-quota.js')).resourceQuota,
	(await import('./pod-resources.js')).podResources,
	(await import('./pod-security.js')).podSecurity,
	(await import('./kernel-modules.js')).kernelModules,
	(await import('./network-policy.js')).networkPolicy,
	(await import('./cni-policy-support.js')).cniPolicySupport,
	(await import('./exposed-services.js')).exposedServices,
	(await import('./node-firewall.js')).nodeFirewall,
	(await import('./cloud-metadata.js')).cloudMetadata,
	(await import('./instance-credentials.js')).instanceCredentials,
	(await import('./provisioning-secrets.js')).provisioningSecrets,
	(await import('./node-placement.js')).nodePlacement,
	(await import('./namespace-changes.js')).namespaceChanges,
	(await import('./etcd-access.js')).etcdAccess,
	(await import('./etcd-isolation.js')).etcdIsolation,
	(await import('./audit-logging.js')).auditLogging,
	(await import('./alpha-features.js')).alphaFeatures,
	(await import('./credential-rotation.js')).credentialRotation,
	(await import('./integration-access.js')).integrationAccess,
	(await import('./admission-webhooks.js')).admissionWebhooks,
	(await import('./etcd-backups.js')).etcdBackups,
	(await import('./disk-encryption.js')).diskEncryption,
	(await import('./encryption-at-rest.js')).encryptionAtRest,
	(await import('./security-updates.js')).securityUpdates,
	(await import('./seccomp-default.js')).seccompDefault,
];

export function findCheck(id: string): Check | undefined {
	return checks.find(check => check.id === id);
}

/** `3` selects 3.1 to 3.6; `3.2` selects only 3.2. */
export function inSections(check: Check, sections: string[]): boolean {
	return sections.length === 0 || sections.some(section => check.section === section || check.section.startsWith(`${section}.`));
}
