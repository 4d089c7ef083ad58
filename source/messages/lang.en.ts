// English wording of choosing the language (--lang, the walk's language key) and of the
// comments in the files the tool writes (audit policy, encryption configuration).
export const langEn = {
	'cli.error.badLang': '--lang takes "en" or "zh-TW", not "{value}".',
	'walk.key.lang': 'l 中文',
	'walk.help.lang': '  l             switch the language (English / 中文); remembered for next time',
	'walk.severity.info': 'info',
	'walk.severity.low': 'low',
	'walk.severity.medium': 'medium',
	'walk.severity.high': 'high',
	'walk.severity.critical': 'critical',
	'walk.lang.notSaved': 'The language was switched for this session, but the choice could not be saved ({reason}).',
	// Comments of the audit policy (each line becomes a YAML comment).
	'files.audit.header': `Audit policy written by kubectl harden (guide section 4.2).
Copy it to each control-plane node and start kube-apiserver with:
  --audit-policy-file=/etc/kubernetes/audit-policy.yaml
  --audit-log-path=/var/log/kubernetes/audit/audit.log
  --audit-log-maxage=30 --audit-log-maxbackup=10 --audit-log-maxsize=100
(on kubeadm, also mount both paths into the kube-apiserver static pod).
The first rule that matches a request decides its level.`,
	'files.audit.secrets': 'Secrets, ConfigMaps and tokens: who touched which one, never what is inside.',
	'files.audit.noise': 'Health checks, and the constant heartbeat traffic of nodes and controllers: not recorded.',
	'files.audit.reads': 'Reads: who looked at what.',
	'files.audit.writes': 'Changes, exec and port-forward included: who changed what, with the request body.',
	'files.audit.rest': 'Everything else.',
	// Comments of the EncryptionConfiguration.
	'files.encryption.header': `EncryptionConfiguration written by kubectl harden (guide section 4.6).
It holds a key: keep it readable by root only, never commit it, back it up apart from etcd.
Copy it to each control-plane node (for example /etc/kubernetes/enc/encryption-config.yaml),
start kube-apiserver with --encryption-provider-config=<that path> (on kubeadm, also mount the
directory into the kube-apiserver static pod), then rewrite what is already stored:
  kubectl harden reencrypt
A KMS v2 provider keeps the key off the node; prefer it where your platform offers one.`,
	// A section's line on the start screen: its title, then how its checks came out.
	'walk.start.sectionLine': '{title}: {detail}',
} as const satisfies Record<string, string>;
