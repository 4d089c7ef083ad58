// English message catalog. Keys are stable ids; values may hold {placeholders}.
import {accessEn} from './access.en.js';
import {checksEn} from './checks.en.js';
import {offerEn} from './offer.en.js';
import {progressEn} from './progress.en.js';
import {langEn} from './lang.en.js';
import {walkEn} from './walk.en.js';
import {guideEn} from './guide.en.js';

export const en = {
	...accessEn,
	...checksEn,
	...langEn,
	...walkEn,
	...offerEn,
	...progressEn,
	...guideEn,
	// Command line
	'cli.usage': `Usage:
  kubectl harden [flags]                       interactive walk through "Securing a Cluster"
  kubectl harden --report json [flags]         non-interactive report on stdout (or --output <file>)
  kubectl harden fix <check-id> [flags]        preview a check's fix (server-side dry-run); --yes applies it
  kubectl harden undo [<entry>] [flags]        undo the latest applied fix, or journal entry <entry>
  kubectl harden journal [flags]               list the fixes applied to this cluster from this machine
  kubectl harden write <file> <path> [--force] write a file for a manual step: audit-policy (4.2),
                                               encryption-config (4.6, a new random key, mode 0600)
  kubectl harden reencrypt [flags]             after encryption at rest is on: rewrite Secrets, ConfigMaps and
                                               custom resources so they are stored encrypted (--yes runs it;
                                               --resources <a,b> names the types; resumes if interrupted)
  kubectl harden mark <check-id> <step> [flags] mark a manual step done on this cluster (--note <text>
                                               adds a note; --undo unmarks it); never changes a verdict

Walks you, section by section, through the Kubernetes guide "Securing a Cluster",
probes your live cluster for each section, explains every risk and offers fixes
that are applied through the Kubernetes API only when you ask. Probing is read-only.

Flags:
      --kubeconfig <path>        kubeconfig file to use (default: $KUBECONFIG, then ~/.kube/config)
      --context <name>           kubeconfig context to use
      --cluster <name>           kubeconfig cluster to use (overrides the context's)
      --user <name>              kubeconfig user to use (overrides the context's)
  -n, --namespace <name>         judge only this namespace (default: the whole cluster)
      --request-timeout <dur>    time limit for each API request: 0 (none), 30s, 1m, 1h
                                 (default 10s for reads, 30s for writes)
      --as <user>                act as this user (impersonation)
      --as-group <group>         act as a member of this group (repeatable; needs --as)
      --lang en|zh-TW            the language to speak (default: the language last chosen in the walk,
                                 then LC_ALL, LC_MESSAGES, LANG: zh_TW, zh_HK, zh_MO choose zh-TW)
  -h, --help                     show this help
      --version                  show the version

Report flags:
      --report json|sarif|junit|markdown
                                 print a report instead of the walk: JSON, SARIF 2.1.0 (code
                                 scanning), JUnit XML (CI test views) or Markdown
      --output <file>            write the report to this file (whole or not at all; - is stdout)
      --section <n>              only this guide section, such as 3 or 3.2 (repeatable)
      --fail-on warn|fail        exit 3 when a check is at that level or worse (warn includes unknown)
      --node-max-age <days>      node-age: name nodes registered longer ago than this (default 90)

Fix and undo flags:
      --target <ns/name|name>    fix only this finding (repeatable; default: all the check found)
      --option <key=value>       a choice the fix offers, such as same-namespace=false (repeatable)
      --yes                      apply the fix after its dry-run passes (default: preview only)
      --accept-impact            with --yes: apply a fix even though its preview lists what it breaks
      --force                    undo even though the objects changed since the fix; write over an
                                 existing file; reencrypt though encryption could not be confirmed
      --resources <types>        reencrypt: the resource types the encryption configuration covers,
                                 such as secrets,configmaps,widgets.example.com (repeatable)

Exit status: 0 done; 1 the cluster could not be read or a fix or undo did not go through
(the message says why); 2 bad command line or no terminal for the walk; 3 --fail-on matched.

Try it without a cluster of your own: npm run sandbox (in a checkout of kubectl-harden).`,
	'cli.error.prefix': 'kubectl harden: {message}',
	'cli.error.noTty': 'the interactive walk needs a terminal, and none is attached. Use --report json for a non-interactive report.',
	'cli.error.badReportFormat': '--report takes "json", "sarif", "junit" or "markdown", not "{value}".',
	'cli.error.badOutput': '--output takes a file to write the report to, or - for stdout, not "{value}".',
	'cli.error.outputNoDirectory': '--output {path}: the directory {directory} does not exist; nothing was probed.',
	'cli.error.badTimeout': '--request-timeout takes a duration such as 0, 30s, 1m or 1h30m, not "{value}".',
	'cli.error.asGroupWithoutAs': '--as-group needs --as: name the user to act as.',
	'cli.error.unexpectedArgs': 'unexpected argument "{arg}". See kubectl harden --help.',
	'cli.error.unknownFlag': 'unknown flag {flag}. See kubectl harden --help.',
	'cli.error.flagNeedsValue': '{flag} needs a value. See kubectl harden --help.',
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
	'kubeconfig.error.tokenFile': 'the token file of user "{user}" in the kubeconfig, {path}, cannot be used ({reason}); nothing was sent without credentials.',
	'kubeconfig.error.emptyFile': 'it is empty',
	'kubeconfig.none': '(none)',

	// API access errors
	'kube.error.unreachable': 'cannot reach the API server at {server}: {reason}. Check that the cluster is running and the address is right.',
	'kube.error.connectionRefused': 'cannot reach the API server at {server}: {reason}: nothing is listening there. Check that the cluster is running and the address is right.',
	'kube.error.aborted': 'the connection to the API server at {server} broke during {verb} {resource} ({reason}); the server may or may not have carried the request out.',
	'kube.error.tlsOverHttp': 'the kubeconfig gives {server} as a plain http:// address, but the server there speaks HTTPS (TLS). Use https:// and the cluster\'s certificate authority; your credentials were not the problem.',
	'kube.error.plainHttp': 'the kubeconfig gives {server} as a plain http:// address: the connection would be neither encrypted nor checked, and it is refused. Use https:// with the cluster\'s certificate authority (for a throwaway local cluster only: insecure-skip-tls-verify: true). Your credentials were not the problem.',
	'kube.error.tls': 'the TLS connection to {server} failed verification: {reason}. The kubeconfig\'s certificate authority does not vouch for this server.',
	'kube.error.unauthorized': 'the API server at {server} did not accept your credentials (401 Unauthorized). They may have expired or belong to another cluster.',
	'kube.error.forbidden': 'forbidden: {identity} may not {verb} {resource}{scope}. The API server said: {detail}',
	'kube.error.refused': 'the API server refused to {verb} {resource}{scope}: {detail}',
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

	// Report, fix, undo and journal output
	'report.fix.manualOnly': 'no automatic fix: see the manual steps.',
	'report.finding.unknown': '{detail} (could not be decided: {reason})',
	'md.reason': 'Why: {reason}',
	'md.fix': '#{id} {check}: {summary} ({status})',
	'fix.print.header': 'Fix for {id} ({section}): {title}',
	'fix.print.nothing': 'Nothing to change: the cluster already satisfies this check, or nothing it found can be fixed automatically.',
	'fix.print.planned': 'Planned changes:',
	'fix.print.notes': 'How this was decided:',
	'fix.print.forbidden': 'Not offered: you may not {missing}.',
	'fix.print.dryRun': 'Server-side dry-run (validation and admission ran; nothing was stored):',
	'fix.print.ok': 'ok     ',
	'fix.print.refused': 'REFUSED',
	'fix.print.warning': 'warning from the API server: {warning}',
	'fix.print.notApplied': 'Nothing was changed.',
	'fix.print.previewOnly': 'Nothing was changed. Run the same command with --yes to apply it.',
	'fix.print.failed': 'The fix stopped: {error}',
	'fix.print.rolledBack': 'Rolled back what had been written: {objects}. The cluster is as it was before the fix.',
	'fix.print.rollbackFailed': 'Could NOT roll back {failure}',
	'fix.print.entry': 'Journal entry {id}: {status}.',
	'fix.print.interrupted': 'Interrupted by {signal}: no further change was written.',
	'fix.print.leftover': 'Still in the cluster from this fix: {objects}. Run kubectl harden undo {id} to revert them when the API server answers.',
	'fix.print.journalFailed': 'The journal could not be written: {failure}',
	'impact.accessRemoved': 'takes away only the access this check reports: {change}',
	'impact.unreadable': 'What this fix would break could not be read: {error}',
	'fix.print.impact': 'What it will break (read from the cluster now):',
	'fix.print.impactNone': 'What it will break: nothing found.',
	'fix.print.impactNotAssessed': 'What it will break: not assessed for this fix; read the planned changes.',
	'fix.print.impactBreaks': 'BREAKS ',
	'fix.print.impactUnknown': 'UNKNOWN',
	'fix.print.impactNote': 'note   ',
	'fix.print.undoAll': 'Undo restores everything this fix changes.',
	'fix.print.needsAccept': 'Not applied: this fix breaks what is listed above, or what it does there could not be judged. Run the same command with --yes --accept-impact to apply it anyway.',
	'fix.print.undoLimits': 'What undo cannot restore:',
	'fix.print.undoSameToken': '{object}: undo recreates it, and Kubernetes fills in the same token again (a legacy token holds no issue time), so whoever kept the deleted token can use it again after an undo.',
	'fix.print.undoLost': '{object}: its data is never recorded, so undo cannot bring it back.',
	'signal.stopping': '{signal}: stopping before the next write, then rolling back what this fix wrote...',
	'signal.stoppingUndo': '{signal}: stopping before the next change of this undo...',
	'signal.rollingBack': 'Rollback of journal entry {id} in progress; still to revert: {objects}. Press Ctrl-C once more to quit now: those stay in the cluster and kubectl harden undo {id} reverts them later.',
	'signal.quitNow': 'Quitting now. Journal entry {id} is marked interrupted; kubectl harden undo {id} reverts what is left.',
	'fix.print.applied': 'Applied. Journal entry {id}; undo it with: kubectl harden undo {id}',
	'fix.print.reprobe': 'Probed again: {status}.',
	'fix.print.resolved': 'No longer reported: {targets}.',
	'fix.print.remaining': 'Still reported (see the notes above): {targets}.',
	'journal.print.empty': 'No fixes have been applied to {server} from this machine.',
	'journal.print.header': 'Fixes applied to {server} (journal: {file}):',
	'journal.print.entry': '#{id}  {when}  {check}  {status}  by {user}',
	'journal.print.error': 'stopped: {error}',
	'journal.print.attention': 'Needs attention (changes of these fixes may still be in the cluster; kubectl harden undo <id> reverts exactly those):',
	'journal.print.others': 'Earlier and finished:',
	'journal.print.changes': '{left} change(s) may still be in the cluster: {objects}',
	'journal.print.recovered': 'Journal entry {id} ({check}) was being written by a process that is gone: checked the cluster, {landed} of its changes landed{unknown}. Marked interrupted; kubectl harden undo {id} reverts what landed.',
	'journal.print.recoveredUnknown': ' ({count} could not be checked now)',
	'journal.error.unreadable': 'the journal {file} cannot be read ({reason}).',
	'journal.error.corrupt': 'the journal {file} is damaged ({reason}). It was left untouched. To start a new one, move it aside: mv "{file}" "{file}.damaged" (the fixes it recorded can then no longer be undone with kubectl harden).',
	'journal.error.write': 'the journal {file} cannot be written ({reason}).',
	'journal.error.locked': 'the journal {file} is locked by another kubectl harden that has held it for over 15 seconds; try again when it has finished.',
	'journal.interruptedWhy': 'the process writing it was stopped before it finished',
	'undo.error.nothing': 'there is no applied fix to undo on {server}. See kubectl harden journal.',
	'undo.error.noEntry': 'there is no journal entry "{entry}" for this cluster. See kubectl harden journal.',
	'undo.error.notApplied': 'journal entry {entry} is {status}: nothing of it is left in the cluster to undo.',
	'undo.error.busy': 'journal entry {entry} is being written by another kubectl harden right now (process {pid}); wait for it to finish.',
	'undo.print.interrupted': 'Undo stopped by {signal} before the next change; {left} change(s) of entry {id} are still in the cluster. Run kubectl harden undo {id} to finish.',
	'undo.print.refused': 'Not undone: these objects changed after the fix, and undoing it would overwrite that:',
	'undo.print.force': 'Nothing was changed. To undo anyway, run it again with --force.',
	'undo.print.restored': 'restored {object}',
	'undo.print.failed': 'could not restore {failure}',
	'undo.print.done': 'Undone: journal entry {id}.',
	'undo.print.partly': 'Journal entry {id} is only partly undone: see above.',
	'cli.error.noNamespace': 'the namespace "{namespace}" (-n) does not exist on {server}; nothing was probed. kubectl get namespaces lists those that do.',
	'cli.error.badOption': '--option takes key=value, not "{value}".',
	'cli.error.fixNeedsCheck': 'name the check to fix: kubectl harden fix <check-id>. Checks with a fix: {checks}.',
	'cli.error.unknownCheck': 'there is no check "{id}". Checks: {checks}.',
	'cli.error.noAutomaticFix': 'the check "{id}" has no automatic fix. What to do by hand: {manual}',
	'cli.error.badFailOn': '--fail-on takes "warn" or "fail", not "{value}".',
	'cli.error.badSection': '--section takes a guide section such as 3 or 3.2, not "{value}" (sections with checks: {sections}).',
	'cli.error.subcommandArgs': 'unexpected argument "{arg}" after {command}. See kubectl harden --help.',
	'cli.error.flagNotHere': '{flag} only applies to {where}. See kubectl harden --help.',
	'cli.error.writeNeedsFile': 'name the file to write: kubectl harden write <file> <path>. Files: {files}.',
	'cli.error.unknownFile': 'there is no file "{id}" to write. Files: {files}.',
	'cli.error.writeNeedsPath': 'name where to write it: kubectl harden write {file} ./{name}',
	'files.error.noDirectory': 'the directory {directory} does not exist; nothing was written.',
	'files.error.exists': '{path} already exists; nothing was written. Choose another path, or pass --force to replace it.',
	'files.error.write': '{path} could not be written ({reason}); nothing was written.',
	'files.written.audit-policy': 'Wrote the audit policy to {path}. Copy it to each control-plane node and set the kube-apiserver flags listed at the top of the file.',
	'files.written.encryption-config': 'Wrote a new EncryptionConfiguration with a fresh key to {path} (mode 0600: it holds the key). Copy it to each control-plane node, set --encryption-provider-config, restart the API servers, then run kubectl harden reencrypt.',
	'files.note.noCustomResources': 'Custom resources could not be listed ({error}); the file covers Secrets and ConfigMaps only.',
	'reencrypt.notEnabled': 'Encryption at rest is not confirmed to be on (encryption-at-rest: {status}). {reason} Rewriting now would store the Secrets the way they are stored today; nothing was changed.',
	'reencrypt.forceUnknown': 'If you know the API servers run with --encryption-provider-config, run it again with --force.',
	'reencrypt.previewOnly': 'Nothing was changed. Run the same command with --yes to rewrite them; an interrupted run resumes where it stopped.',

	// Engine and fix pipeline
	'access.permission.namespaced': '{verb} {resource} in namespace "{namespace}"',
	'access.permission.cluster': '{verb} {resource} (cluster-wide)',
	'engine.unknown.noReason': 'the check could not decide and gave no reason (a bug: please report it).',
	'engine.unknown.internal': 'the check stopped on an internal error: {message}',
	'engine.fix.nothingToFix': 'nothing to fix.',
	'engine.fix.forbidden': 'not offered: you may not {missing}.',
	'fix.error.noFix': 'the check "{check}" has no automatic fix; its manual steps say what to do.',
	'fix.error.notReady': 'this fix did not pass its permission check and dry-run, so it cannot be applied.',
	'fix.error.appeared': '{object} was created by someone else after the fix was planned; nothing of this fix is left applied. Run the fix again to re-plan.',
	'fix.error.vanished': '{object} no longer exists.',
	'fix.error.changedSincePlan': '{object} changed after the fix was planned, so it was not overwritten; nothing of this fix is left applied. Run the fix again to re-plan.',
	'fix.error.notTargets': '--target {targets}: not a finding of {check} (nothing there to fix, or no such object). Findings it can fix: {valid}.',
	'fix.error.interrupted': 'stopped by {by}',
	'fix.error.secretPatch': '{object} is a Secret: a fix may change only its metadata.',
	'fix.error.notRestorable': '{object} was a Secret; its data was never recorded, so it cannot be put back.',
	'undo.drift.gone': 'it no longer exists',
	'undo.drift.replaced': 'it was deleted and created again by someone else',
	'undo.drift.modified': 'someone changed it after the fix',
	'undo.drift.fieldsChanged': 'the fields the fix set have been changed since',
	'undo.drift.recreated': 'an object of that name exists again',

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
