// Runs one cluster process and makes sure it does not outlive whoever started it.
//   node supervise.js [--watch-stdin] -- <binary> <args...>
// With --watch-stdin the parent holds our stdin open; when the parent goes away (exits,
// crashes, is killed) stdin ends and the child is stopped. SIGTERM and SIGINT are passed on.
// Either way the child gets SIGTERM, then SIGKILL after five seconds.
import {spawn} from 'node:child_process';
import process from 'node:process';

const separator = process.argv.indexOf('--');
const watchStdin = process.argv.slice(2, separator).includes('--watch-stdin');
const [binary, ...args] = process.argv.slice(separator + 1);
if (separator === -1 || !binary) {
	process.stderr.write('usage: supervise [--watch-stdin] -- <binary> <args...>\n');
	process.exit(2);
}

const child = spawn(binary, args, {stdio: ['ignore', 'inherit', 'inherit']});
let stopping = false;

function stop(): void {
	if (stopping) {
		return;
	}
	stopping = true;
	child.kill('SIGTERM');
	setTimeout(() => child.kill('SIGKILL'), 5000).unref();
}

child.on('exit', (code, signal) => {
	process.exit(code ?? (signal ? 128 + 15 : 1));
});
child.on('error', error => {
	process.stderr.write(`supervise: cannot start ${binary}: ${error.message}\n`);
	process.exit(127);
});
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('SIGHUP', stop);
if (watchStdin) {
	process.stdin.on('end', stop);
	process.stdin.on('error', stop);
	process.stdin.on('close', stop);
	process.stdin.resume();
}
