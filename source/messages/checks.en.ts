// English wording shared by every check: the verdict of a namespace check with nothing to
// judge, and the fix options and targets. A check's own words live in its file.
export const checksEn = {
	'check.common.noWorkloadNamespaces': 'There are no namespaces besides the system ones in scope, so there is nothing to judge.',
	'fix.target.notAffected': '{target}: nothing to change there.',
	'fix.error.badOption': 'the fix option {name} takes {expected}, not "{value}".',
} as const satisfies Record<string, string>;
