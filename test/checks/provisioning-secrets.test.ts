import test from 'ava';
import {provisioningSecrets} from '../../source/checks/provisioning-secrets.js';
import {setLanguage} from '../../source/messages/catalog.js';
import {checkText, tableOf} from '../../source/engine/words.js';
import {codes, probe} from '../helpers/fixtures.js';

test('the API cannot tell: unknown (never a pass) with the reason saying so, reading nothing', async t => {
	// No objects and no answers: a read would throw, so the verdict rests on nothing from the cluster.
	const verdict = await probe(provisioningSecrets, {});
	t.is(verdict.status, 'unknown');
	t.deepEqual(codes(verdict), []);
	t.is(verdict.reasonCode, 'provisioning-secrets.reason.unseen');
});

test('its steps to tick off and read-only commands exist, each step worded in English and Traditional Chinese', t => {
	const steps = provisioningSecrets.steps ?? [];
	t.true(steps.length >= 3);
	t.is(new Set(steps.map(step => step.id)).size, steps.length);
	for (const step of steps) {
		const en = (tableOf(provisioningSecrets.words) as unknown as Record<string, string>)[step.text];
		t.truthy(en, step.text);
		setLanguage('zh-TW');
		try {
			const zh = (provisioningSecrets.words['zh-TW'] as Record<string, string> | undefined)?.[step.text];
			t.truthy(zh, step.text);
			t.not(zh, en);
		} finally {
			setLanguage('en');
		}
	}
	t.true((provisioningSecrets.seeIt ?? []).length > 0);
	for (const command of provisioningSecrets.seeIt ?? []) {
		t.regex(command, /^kubectl (-n \S+ )?(get|auth can-i)\b/, 'a see-it command only reads');
	}
	t.truthy(checkText(provisioningSecrets, 'title'));
});
