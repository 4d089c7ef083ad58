// Every check, in the order of the guide. A check is one file, named for its id (see "Adding a
// check" in the README); registering it is its import and its place in the list below.
import type {Check} from '../engine/types.js';
import {apiTls} from './api-tls.js';
import {operatorIdentity} from './operator-identity.js';
import {anonymousAuth} from './anonymous-auth.js';
import {anonymousBindings} from './anonymous-bindings.js';
import {staticCredentials} from './static-credentials.js';
import {legacyTokenSecrets} from './legacy-sa-tokens.js';
import {authorizationMode} from './authorization-mode.js';
import {clusterAdminSubjects} from './cluster-admin-subjects.js';
import {rbacEscalation} from './rbac-escalation.js';
import {nodeRestriction} from './node-restriction.js';
import {kubeletConfig} from './kubelet-config.js';
import {resourceQuota} from './resource-quota.js';
import {podResources} from './pod-resources.js';
import {podSecurity} from './pod-security.js';
import {kernelModules} from './kernel-modules.js';
import {networkPolicy} from './network-policy.js';
import {cniPolicySupport} from './cni-policy-support.js';
import {exposedServices} from './exposed-services.js';
import {cloudMetadata} from './cloud-metadata.js';
import {nodePlacement} from './node-placement.js';
import {etcdAccess} from './etcd-access.js';
import {auditLogging} from './audit-logging.js';
import {alphaFeatures} from './alpha-features.js';
import {credentialRotation} from './credential-rotation.js';
import {integrationAccess} from './integration-access.js';
import {admissionWebhooks} from './admission-webhooks.js';
import {encryptionAtRest} from './encryption-at-rest.js';
import {securityUpdates} from './security-updates.js';
import {seccompDefault} from './seccomp-default.js';

export const checks: Check[] = [
	apiTls,
	operatorIdentity,
	anonymousAuth,
	anonymousBindings,
	staticCredentials,
	legacyTokenSecrets,
	authorizationMode,
	clusterAdminSubjects,
	rbacEscalation,
	nodeRestriction,
	kubeletConfig,
	resourceQuota,
	podResources,
	podSecurity,
	kernelModules,
	networkPolicy,
	cniPolicySupport,
	exposedServices,
	cloudMetadata,
	nodePlacement,
	etcdAccess,
	auditLogging,
	alphaFeatures,
	credentialRotation,
	integrationAccess,
	admissionWebhooks,
	encryptionAtRest,
	securityUpdates,
	seccompDefault,
];

export function findCheck(id: string): Check | undefined {
	return checks.find(check => check.id === id);
}

/** `3` selects 3.1 to 3.6; `3.2` selects only 3.2. */
export function inSections(check: Check, sections: string[]): boolean {
	return sections.length === 0 || sections.some(section => check.section === section || check.section.startsWith(`${section}.`));
}
