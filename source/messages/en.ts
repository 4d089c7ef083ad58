// English message catalog. Keys are stable ids; values may hold {placeholders}.
export const en = {
	// Command line
	'cli.usage': `Usage:
  kubectl harden [flags]                     interactive walk through "Securing a Cluster"
  kubectl harden --report json [flags]       non-interactive report on stdout

Walks you, section by section, through the Kubernetes guide "Securing a Cluster",
probes your live cluster for each section, explains every risk and offers fixes
that are applied through the Kubernetes API only when you press the key.
Probing is read-only.

Flags:
      --kubeconfig <path>        kubeconfig file to use (default: $KUBECONFIG, then ~/.kube/config)
      --context <name>           kubeconfig context to use
      --cluster <name>           kubeconfig cluster to use (overrides the context's)
      --user <name>              kubeconfig user to use (overrides the context's)
  -n, --namespace <name>         namespace for namespaced requests (default: the context's)
      --request-timeout <dur>    time limit for each API request: 0 (none), 30s, 1m, 1h (default 30s)
      --as <user>                act as this user (impersonation)
      --as-group <group>         act as a member of this group (repeatable; needs --as)
      --report json              print a JSON report on stdout instead of the walk
  -h, --help                     show this help
      --version                  show the version

Exit status: 0 done; 1 the cluster could not be read (the message says why);
2 bad command line or no terminal for the walk.

Try it without a cluster of your own: npm run sandbox (in a checkout of kubectl-harden).`,
	'cli.error.prefix': 'kubectl harden: {message}',
	'cli.error.noTty': 'the interactive walk needs a terminal, and none is attached. Use --report json for a non-interactive report.',
	'cli.error.badReportFormat': '--report takes "json", not "{value}".',
	'cli.error.badTimeout': '--request-timeout takes a duration such as 0, 30s, 1m or 1h30m, not "{value}".',
	'cli.error.asGroupWithoutAs': '--as-group needs --as: name the user to act as.',
	'cli.error.unexpectedArgs': 'unexpected argument "{arg}". See kubectl harden --help.',
	'cli.error.unknownFlag': 'unknown flag {flag}. See kubectl harden --help.',
	'cli.error.flagNeedsValue': '{flag} needs a value. See kubectl harden --help.',
	'cli.error.walkNotYet': 'the interactive walk is not available in this build yet. Use --report json.',
	'cli.error.internal': 'an internal error stopped the run: {message}. Please report it with the command you ran.',

	// Kubeconfig
	'kubeconfig.error.noConfig': 'no kubeconfig found: set --kubeconfig or KUBECONFIG, or create ~/.kube/config.',
	'kubeconfig.error.missingFile': 'the kubeconfig file {path} does not exist or cannot be read ({reason}).',
	'kubeconfig.error.notYaml': 'the kubeconfig file {path} is not valid YAML: {reason}.',
	'kubeconfig.error.notKubeconfig': 'the kubeconfig file {path} is not a kubeconfig: {reason}.',
	'kubeconfig.error.noCurrentContext': 'the kubeconfig has no current context: pass --context (contexts there: {contexts}).',
	'kubeconfig.error.unknownContext': 'the context "{context}" is not in the kubeconfig (contexts there: {contexts}).',
	'kubeconfig.error.unknownCluster': 'the cluster "{cluster}" is not in the kubeconfig (clusters there: {clusters}).',
	'kubeconfig.error.unknownUser': 'the user "{user}" is not in the kubeconfig (users there: {users}).',
	'kubeconfig.error.noServer': 'the cluster "{cluster}" in the kubeconfig has no server address.',
	'kubeconfig.error.credentials': 'the credentials of user "{user}" could not be loaded: {reason}.',
	'kubeconfig.none': '(none)',

	// API access errors
	'kube.error.unreachable': 'cannot reach the API server at {server}: {reason}. Check that the cluster is running and the address is right.',
	'kube.error.tls': 'the TLS connection to {server} failed verification: {reason}. The kubeconfig\'s certificate authority does not vouch for this server.',
	'kube.error.unauthorized': 'the API server at {server} did not accept your credentials (401 Unauthorized). They may have expired or belong to another cluster.',
	'kube.error.forbidden': 'forbidden: {identity} may not {verb} {resource}{scope}. The API server said: {detail}',
	'kube.error.impersonationForbidden': 'forbidden: you may not act as "{as}" (--as, --as-group). The API server said: {detail}',
	'kube.error.timeout': 'the API server at {server} did not answer {verb} {resource} within {timeout} (--request-timeout).',
	'kube.error.notFound': '{resource} "{name}"{scope} was not found.',
	'kube.error.conflict': '{resource} "{name}"{scope} changed while we were working on it ({detail}).',
	'kube.error.invalid': 'the API server refused {verb} {resource}: {detail}',
	'kube.error.gone': 'the list of {resource} changed too much while it was being read in pages; try again.',
	'kube.error.server': 'the API server answered {status} to {verb} {resource}: {detail}',
	'kube.error.badResponse': 'the API server sent an answer to {verb} {resource} that is not JSON.',
	'kube.scope.namespace': ' in namespace "{namespace}"',
	'kube.scope.cluster': ' (cluster-wide)',
	'kube.identity.you': 'you',
	'kube.identity.named': 'user "{user}"',

	// Sandbox and test cluster
	'cluster.starting': 'Starting a throwaway Kubernetes API server and etcd on loopback...',
	'cluster.building': 'Building kube-apiserver and etcd from Go modules (first time on this machine: several minutes)...',
	'cluster.ready': 'Cluster ready in {seconds}s: {server}',
	'cluster.state': 'Cluster state (removed when it stops): {dir}',
	'cluster.stopped': 'Cluster stopped and its state removed.',
	'cluster.notRunning': 'No cluster started by cluster:up is running.',
	'cluster.error.start': 'The test cluster did not start: {reason}',
	'sandbox.seeding': 'Seeding the sandbox with what a careless cluster holds...',
	'sandbox.ready': 'Sandbox ready. Admin kubeconfig: {kubeconfig}',
	'sandbox.stopping': 'Stopping the sandbox...',
} as const satisfies Record<string, string>;
