// Wrapping for the walk's screens: by display width (as Ink measures), never inside a URL.
import test from 'ava';
import stringWidth from 'string-width';
import {wrap} from '../../source/ui/lines.js';

test('wide characters count two columns: no line is wider than the screen', t => {
	const text = '保護叢集 '.repeat(12).trim();
	const lines = wrap(text, 20);
	t.true(lines.length > 1);
	for (const line of lines) {
		t.true(stringWidth(line) <= 20, line);
	}
	t.is(lines.join(' ').replaceAll(/\s+/g, ' '), text);
});

test('a URL is never split: it goes whole onto a line of its own', t => {
	const url = 'https://kubernetes.io/docs/tasks/administer-cluster/securing-a-cluster/#restricting-network-access';
	const lines = wrap(`Guide: ${url}`, 40);
	t.deepEqual(lines, ['Guide:', `  ${url}`]);
});

test('a long word that is not a URL is still cut to fit', t => {
	t.deepEqual(wrap('x'.repeat(25), 10), ['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
});
