// The report as JUnit XML (`--report junit`): one testsuite per guide section, one testcase
// per check. fail and warn are failures whose text is the evidence; unknown and not-applicable
// are skipped with their reason; pass passes.
import {t} from '../messages/catalog.js';
import {findings, type Finding} from './formats.js';
import type {CheckReport, Report} from './report.js';
import {evidenceText, guideSections, inGuideSection, message} from './summary.js';

/** Text as XML character data: the five special characters escaped, characters XML 1.0 cannot hold dropped. */
export function xmlText(text: string): string {
	return text
		.replaceAll(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
		.replaceAll(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll('\'', '&apos;');
}

/** An attribute value: as text, with line breaks and tabs kept (a parser would fold them to spaces). */
function xmlAttribute(text: string): string {
	return xmlText(text).replaceAll('\n', '&#10;').replaceAll('\r', '&#13;').replaceAll('\t', '&#9;');
}

function attributes(values: Record<string, string | number>): string {
	return Object.entries(values).map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`).join('');
}

function findingLine(finding: Finding): string {
	return finding.evidence ? evidenceText({...finding.evidence, detail: finding.text}) : finding.text;
}

function testcase(check: CheckReport, lines: string[], suite: string): string[] {
	const open = `    <testcase${attributes({name: `${check.section} ${check.id}: ${check.title}`, classname: suite})}`;
	const verdict = t('walk.detail.verdict', {status: message(`walk.status.${check.status}`), severity: message(`walk.severity.${check.severity}`)});
	const body = xmlText(lines.join('\n'));
	if (check.status === 'fail' || check.status === 'warn') {
		return [`${open}>`, `      <failure${attributes({message: verdict, type: check.status})}>${body}</failure>`, '    </testcase>'];
	}
	if (check.status === 'unknown' || check.status === 'not-applicable') {
		return [`${open}>`, `      <skipped${attributes({message: check.reason ?? verdict})}>${body}</skipped>`, '    </testcase>'];
	}
	return [`${open}/>`];
}

export function junit(report: Report): string {
	const byCheck = new Map<string, string[]>();
	for (const finding of findings(report)) {
		byCheck.set(finding.check.id, [...byCheck.get(finding.check.id) ?? [], findingLine(finding)]);
	}
	const counts = (checks: CheckReport[]) => ({
		tests: checks.length,
		failures: checks.filter(check => check.status === 'fail' || check.status === 'warn').length,
		errors: 0,
		skipped: checks.filter(check => check.status === 'unknown' || check.status === 'not-applicable').length,
	});
	const time = (report.probe.durationMs / 1000).toFixed(3);
	const properties = {
		'cluster.server': report.cluster.server,
		'cluster.context': report.cluster.context ?? '',
		'cluster.version': report.cluster.version,
		'identity.username': report.identity.username,
		'scope.namespace': report.scope.namespace ?? '',
	};
	const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attributes({name: report.tool.name, ...counts(report.checks), time, timestamp: report.generatedAt})}>`];
	for (const section of guideSections) {
		const checks = report.checks.filter(check => inGuideSection(check.section, section));
		if (checks.length === 0) {
			continue;
		}
		const suite = `${section} ${message(`section.${section}.title`)}`;
		lines.push(`  <testsuite${attributes({name: suite, id: section, ...counts(checks), timestamp: report.generatedAt})}>`, '    <properties>');
		for (const [name, value] of Object.entries(properties)) {
			lines.push(`      <property${attributes({name, value})}/>`);
		}
		lines.push('    </properties>');
		for (const check of checks) {
			lines.push(...testcase(check, byCheck.get(check.id) ?? [], suite));
		}
		lines.push('  </testsuite>');
	}
	lines.push('</testsuites>');
	return `${lines.join('\n')}\n`;
}
