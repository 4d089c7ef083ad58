// Messages of the guide-coverage work (issue 18): the node-age threshold on the command line
// and reencrypt over every resource type the encryption configuration covers.
export const guideEn = {
	'guide.cli.badNodeMaxAge': '--node-max-age takes a whole number of days (0 names every node), not "{value}".',
	'guide.reencrypt.badResource': '--resources takes resource types such as secrets,configmaps,widgets.example.com, not "{value}".',
	'guide.reencrypt.unknownResource': '--resources {value}: the API server serves no resource of that name that can be listed and updated (name it as the EncryptionConfiguration does: plural, then .group for anything outside the core group).',
	'guide.reencrypt.typesFlag': 'Resource types to rewrite, as --resources names them: {resources}. Seen stored through an encrypting provider since the API server started (/metrics): {seen}.',
	'guide.reencrypt.typesDefault': 'Resource types to rewrite: {resources}. Assumed, since the API cannot show which types the encryption configuration lists: Secrets, ConfigMaps and every custom resource (what kubectl harden write encryption-config covers), and whatever /metrics shows stored through an encrypting provider since the API server started: {seen}. Name the types with --resources if yours differ; a type the configuration does not cover is left as stored (the API server skips a write that changes no stored bytes).',
	'guide.reencrypt.seenNone': 'none yet',
	'guide.reencrypt.noCustom': 'Custom resources could not be listed ({error}); they are left out.',
	'guide.reencrypt.plan': '{count} objects will be written back unchanged ({counts}), so the API server stores each through the first provider the configuration names for its type. {reason}',
	'guide.reencrypt.progress': 'rewritten {done} of {seen} listed so far, now {resource} ({resumed} done in an earlier run, {raced} changed by others meanwhile, {failed} failed)',
	'guide.reencrypt.finished': 'Done: {done} objects are stored through the configured providers (this run: {types}; {resumed} in an earlier run, {raced} were written by others meanwhile).',
	'guide.reencrypt.failedOne': 'could not rewrite {object}: {error}',
	'guide.walk.key.reencrypt': 'e re-encrypt stored data',
	'guide.walk.help.reencrypt': '  e             (encryption at rest) rewrite stored objects so they are encrypted',
	'guide.walk.detail.reencryptOffer': 'Once the API servers run with the new configuration, press e to rewrite the Secrets, ConfigMaps and custom resources it covers so each is stored encrypted (progress shown; an interrupted run resumes).',
} as const;
