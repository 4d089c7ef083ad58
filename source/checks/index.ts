// Every check, in the order of the guide. Registering a check is one line here.
import type {Check} from '../engine/types.js';
import {anonymousAuth, anonymousBindings, apiTls, authorizationMode, clusterAdminSubjects, legacyTokenSecrets, nodeRestriction, operatorIdentity, rbacEscalation, staticCredentials} from './api-access.js';
import {alphaFeatures, auditLogging, encryptionAtRest, etcdAccess} from './components.js';
import {cloudMetadata} from './cloud-metadata.js';
import {kubeletConfig} from './kubelet.js';
import {kernelModules} from './kernel-modules.js';
import {cniPolicySupport, exposedServices, networkPolicy} from './network.js';
import {nodePlacement} from './node-placement.js';
import {podSecurity} from './pod-security.js';
import {podResources, resourceQuota} from './resources.js';
import {credentialRotation} from './rotation.js';
import {seccompDefault} from './seccomp.js';
import {securityUpdates} from './updates.js';
import {admissionWebhooks, integrationAccess} from './integrations.js';

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
