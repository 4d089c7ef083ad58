import test from 'ava';
import {etcdBackups} from '../../source/checks/etcd-backups.js';
import {setLanguage} from '../../source/messages/catalog.js';
import {checkText, tableOf} from '../../source/engine/words.js';
import {codes, probe} from '../helpers/fixtures.js';

test('the API cannot tell: unknown (never a pass) with the reason saying so, reading nothing', async t => {
	// No objects and no answers: a read would throw, so the verdict rests on nothing from the cluster.
	const verdict = await probe(etcdBackups, {});
	t.is(verdict.status, 'unknown');
	t.deepEqual(codes(verdict), []);
	t.is(verdict.reasonCode, 'etcd-backups.reason.unseen');
});

test('its steps to tick off and read-only commands exist, each step worded in English and Traditional Chinese', t => {
	const steps = etcdBackups.steps ?? [];
	t.true(steps.length >= 3);
	t.is(new Set(steps.map(step => step.id)).size, steps.length);
	for (const step of steps) {
		const en = (tableOf(etcdBackups.words) as unknown as Record<string, string>)[step.text];
		t.truthy(en, step.text);
		setLanguage('zh-TW');
		try {
			const zh = (etcdBackups.words['zh-TW'] as Record<string, string> | undefined)?.[step.text];
			t.truthy(zh, step.text);
			t.not(zh, en);
		} finally {
			setLanguage('en');
		}
	}
	t.true((etcdBackups.seeIt ?? []).length > 0);
	for (const command of etcdBackups.seeIt ?? []) {
		t.regex(command, /^kubectl (-n \S+ )?(get|auth can-i)\b/, 'a see-it command only reads');
	}
	t.truthy(checkText(etcdBackups, 'title'));
});
