// The build scripts (scripts/build-*.sh) as the test cluster calls them.
import {spawn} from 'node:child_process';
import path from 'node:path';
import {packageRoot} from '../paths.js';

/**
 * Runs one of the build scripts (scripts/build-*.sh): it builds what is missing, passes its
 * "building ..." lines to `log`, and prints the directory holding the binaries last.
 */
export async function buildScript(name: string, what: string, log: (line: string) => void): Promise<string> {
	const child = spawn('bash', [path.join(packageRoot, 'scripts', name)], {stdio: ['ignore', 'pipe', 'pipe']});
	let out = '';
	let errors = '';
	child.stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		const text = chunk.toString();
		errors += text;
		for (const line of text.split('\n')) {
			if (line.startsWith('building ')) {
				log(line);
			}
		}
	});
	const code = await new Promise<number>(resolve => child.on('close', resolve));
	if (code !== 0) {
		throw new Error(`building ${what} failed:\n${errors.split('\n').slice(-20).join('\n')}`);
	}
	return out.trim().split('\n').pop()!;
}

