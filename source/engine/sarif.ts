// The report as SARIF 2.1.0 (`--report sarif`): one run, the checks as the tool's rules, one
// result per finding. A finding is located on the Kubernetes object it names: a logical location
// (kind, namespace, name) and, since GitHub code scanning wants one, an artifact URI made of the
// same parts (`kubernetes/<namespace or _cluster>/<kind>/<name>`), which is not a file in any
// repository. Its fingerprint is made of the check, the object and the message id of the
// evidence, never of its English text, so a dashboard follows one finding from run to run.
import crypto from 'node:crypto';
import {t} from '../messages/catalog.js';
import {checkOf, findings, type Finding} from './formats.js';
import type {CheckReport, Report} from './report.js';
import type {Check, Severity, Status} from './types.js';
import {checkText} from './words.js';

export const sarifSchemaUri = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The key of the fingerprint in `partialFingerprints` (versioned: a change of recipe is a new key). */
export const fingerprintKey = 'kubectlHardenFinding/v1';

const levels: Record<Status, 'error' | 'warning' | 'note' | 'none'> = {fail: 'error', warn: 'warning', unknown: 'note', pass: 'none', 'not-applicable': 'none'};

/** GitHub code scanning ranks alerts by this number (0 to 10), as CVSS does. */
const securitySeverity: Record<Severity, string> = {critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0'};

const pascal = (id: string) => id.split('-').map(part => part.charAt(0).toUpperCase() + part.slice(1)).join('');

function help(check: Check | undefined): {text: string; markdown: string} | undefined {
	if (!check) {
		return undefined;
	}
	const parts = ([['walk.detail.attack', 'attack'], ['walk.detail.fix', 'fix'], ['walk.detail.manual', 'manual'], ['walk.detail.undo', 'undo']] as const)
		.map(([label, field]) => ({label: t(label), text: checkText(check, field)}));
	return {
		text: parts.map(part => `${part.label}\n${part.text}`).join('\n\n'),
		markdown: parts.map(part => `**${part.label}**\n\n${part.text}`).join('\n\n'),
	};
}

function rule(entry: CheckReport, check: Check | undefined) {
	const description = help(check);
	return {
		id: entry.id,
		name: pascal(entry.id),
		shortDescription: {text: entry.title},
		fullDescription: {text: check ? checkText(check, 'risk') : entry.title},
		...(description ? {help: description} : {}),
		...(entry.link ? {helpUri: entry.link} : {}),
		properties: {section: entry.section, severity: entry.severity, 'security-severity': securitySeverity[entry.severity], tags: ['security', 'kubernetes', `section-${entry.section}`]},
	};
}

function objectParts(finding: Finding) {
	const evidence = finding.evidence;
	return {kind: evidence?.kind ?? 'Cluster', namespace: evidence?.namespace ?? null, name: evidence?.name ?? ''};
}

function location(finding: Finding) {
	const {kind, namespace, name} = objectParts(finding);
	const path = ['kubernetes', namespace ?? '_cluster', kind, ...(name ? [name] : [])].map(part => encodeURIComponent(part)).join('/');
	return {
		physicalLocation: {artifactLocation: {uri: path}},
		logicalLocations: [{
			name: name || kind,
			fullyQualifiedName: [namespace, kind, name].filter(Boolean).join('/'),
			kind: 'resource',
			properties: {kind, namespace, name},
		}],
	};
}

/** Check, object and message id (the text only where the line is not a message); a count tells repeats apart. */
function fingerprints(all: Finding[]): string[] {
	const seen = new Map<string, number>();
	return all.map(finding => {
		const {kind, namespace, name} = objectParts(finding);
		const what = finding.evidence ? (finding.evidence.code ?? finding.evidence.detail) : (finding.check.reasonCode ?? finding.check.status);
		const key = JSON.stringify([finding.check.id, kind, namespace, name, what]);
		const count = seen.get(key) ?? 0;
		seen.set(key, count + 1);
		return crypto.createHash('sha256').update(`${key}#${count}`).digest('hex');
	});
}

export function sarif(report: Report, checks: Check[]) {
	const all = findings(report);
	const prints = fingerprints(all);
	const ruleIndex = new Map(report.checks.map((entry, index) => [entry.id, index]));
	return {
		$schema: sarifSchemaUri,
		version: '2.1.0' as const,
		runs: [{
			tool: {
				driver: {
					name: report.tool.name,
					version: report.tool.version,
					semanticVersion: report.tool.version,
					rules: report.checks.map(entry => rule(entry, checkOf(checks, entry.id))),
				},
			},
			invocations: [{executionSuccessful: true, endTimeUtc: report.generatedAt}],
			results: all.map((finding, index) => ({
				ruleId: finding.check.id,
				ruleIndex: ruleIndex.get(finding.check.id)!,
				level: levels[finding.check.status],
				message: {text: finding.text},
				locations: [location(finding)],
				partialFingerprints: {[fingerprintKey]: prints[index]!},
				properties: {
					status: finding.check.status,
					severity: finding.check.severity,
					code: finding.evidence ? finding.evidence.code : finding.check.reasonCode,
					params: finding.evidence ? finding.evidence.params : finding.check.reasonParams,
				},
			})),
			properties: {cluster: report.cluster, identity: report.identity.username, scope: report.scope, summary: report.summary},
		}],
	};
}
