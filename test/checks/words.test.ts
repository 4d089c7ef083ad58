// The typed words every check keeps in its file: a missing key or placeholder is a compile
// error (the @ts-expect-error lines fail the build if the types stop catching them), and a
// translation must have the English keys with the same placeholders.
import test from 'ava';
import {checks} from '../../source/checks/index.js';
import {setLanguage} from '../../source/messages/catalog.js';
import {checkText, sayer, translation, type Words} from '../../source/engine/words.js';

const en = {
	title: 'Doors are locked',
	'ev.open': 'door {door} is open since {since}',
	'ev.yaml': 'set anonymous: {enabled: false}',
} as const;
const words: Words<typeof en> = {en, 'zh-TW': translation(en)({title: '門都鎖上了', 'ev.open': '{door} 號門自 {since} 起開著', 'ev.yaml': '設定 anonymous: {enabled: false}'})};
const say = sayer('doors', words);

test('say fills placeholders, codes are <prefix>.<key>, YAML braces are text', t => {
	t.is(say('ev.open', {door: 3, since: 'Monday'}), 'door 3 is open since Monday');
	t.deepEqual(say.code('ev.open', {door: 3, since: 'Monday'}), {code: 'doors.ev.open', params: {door: 3, since: 'Monday'}, text: 'door 3 is open since Monday'});
	t.is(say('ev.yaml'), 'set anonymous: {enabled: false}');
	// @ts-expect-error: a key that does not exist
	t.is(say('ev.closed'), '');
	// @ts-expect-error: a missing placeholder
	say('ev.open', {door: 3});
	// @ts-expect-error: parameters for a template that takes none
	say('title', {door: 3});
});

test('a translation is typed against English and chosen by the language in use', t => {
	// @ts-expect-error: a translation without a key
	translation(en)({title: 'x', 'ev.open': '{door} {since}'});
	// @ts-expect-error: a translation whose placeholders differ
	translation(en)({title: 'x', 'ev.open': '{door}', 'ev.yaml': 'y'});
	setLanguage('zh-TW');
	try {
		t.is(say('title'), '門都鎖上了');
		t.is(say('ev.open', {door: 3, since: '週一'}), '3 號門自 週一 起開著');
	} finally {
		setLanguage('en');
	}
});

test('every registered check has its texts, a link to the guide, and an id that names its file', t => {
	for (const check of checks) {
		for (const field of ['title', 'risk', 'attack', 'fix', 'undo', 'manual'] as const) {
			t.true(checkText(check, field).length > 0, `${check.id} ${field}`);
		}
		t.regex(checkText(check, 'link'), /^https:\/\/kubernetes\.io\/docs\//, check.id);
	}
	t.is(new Set(checks.map(check => check.id)).size, 39);
});
