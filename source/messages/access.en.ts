// English wording of the control-plane and RBAC facts the section 1 and 4 checks share (each
// check's own words live in its file under source/checks/).
export const accessEn = {
	// Control plane and RBAC facts
	'controlPlane.hidden.error': 'The kube-system pods could not be read ({error}), so the API server\'s flags are not visible.',
	'controlPlane.hidden.managed': 'The control plane is managed by {provider}: its command lines are not visible from the API.',
	'controlPlane.hidden.notMirrored': 'No kube-apiserver pod is visible in kube-system, so its flags cannot be read (the control plane is not run as static pods here, or runs out of sight).',
	'controlPlane.advice.EKS': 'Check with the provider: aws eks describe-cluster --name <cluster> (logging, encryptionConfig, endpoint access).',
	'controlPlane.advice.GKE': 'Check with the provider: gcloud container clusters describe <cluster> (databaseEncryption, masterAuth, legacyAbac).',
	'controlPlane.advice.AKS': 'Check with the provider: az aks show --name <cluster> --resource-group <group> (aadProfile, disableLocalAccounts, securityProfile).',
	'controlPlane.advice.none': 'Read the flags on a control-plane node (/etc/kubernetes/manifests/kube-apiserver.yaml on kubeadm) or ask whoever runs the control plane.',
	'rbac.noRules': 'nothing (the role does not exist)',
	'rbac.where.cluster': 'in every namespace',
	'rbac.where.namespace': 'in namespace {namespace}',
	'rbac.grant': 'gives {subjects} the {role} ({rules}) {where}',
	'rbac.grantAll': '{subject} can do anything {where} through {role}',
	'rbac.loses': '{subjects} would lose {role} ({rules}) {where}',
	'rbac.everything': 'every verb on every resource',
	'rbac.change.remove': 'remove subjects from {binding}: {loses}',
	'rbac.change.delete': 'delete {binding} (no subject would be left): {loses}',
	'rbac.note.keepOperator': 'Kept {subject} in {binding}: it is you, and removing it could lock you out.',
} as const;
