// The built command in a real pseudo-terminal for the benchmarks: a private tmux server driven
// through one client in control mode (`tmux -C`). That client hands keys to tmux and is told of
// every piece of output the program writes (`%output`) as tmux reads it from the terminal, so a
// benchmark learns when the screen changed without polling; it then reads the screen as tmux
// holds it (`capture-pane`) to see what changed. No process is started per key or per look.
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import process from 'node:process';

interface Pending {
	resolve: (lines: string[]) => void;
	reject: (error: Error) => void;
}

export interface Seen {
	screen: string;
	/** performance.now() when the output that made this screen arrived from tmux. */
	at: number;
}

export class Pty {
	/** Opens a private tmux server with one window of width x height running `command`. */
	static async open(command: string, width = 100, height = 30): Promise<Pty> {
		const socket = `harden-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
		const child = spawn('tmux', ['-L', socket, '-f', '/dev/null', '-C', 'new-session', '-s', 'bench', '-x', String(width), '-y', String(height), command], {stdio: ['pipe', 'pipe', 'pipe']});
		const pty = new Pty(child, socket);
		await new Promise<void>((resolve, reject) => {
			child.once('error', reject);
			pty.started = resolve;
			child.once('exit', code => reject(new Error(`tmux exited ${code} before its session started: ${pty.errors.trim()}`)));
		});
		return pty;
	}

	/** performance.now() of the latest output tmux reported. */
	lastOutput = 0;
	private started?: () => void;
	private readonly pending: Pending[] = [];
	private block: string[] | undefined;
	private partial = '';
	private errors = '';
	private readonly waiters = new Set<() => void>();

	private constructor(private readonly child: ChildProcessWithoutNullStreams, private readonly socket: string) {
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			const lines = (this.partial + chunk).split('\n');
			this.partial = lines.pop() ?? '';
			for (const line of lines) {
				this.line(line);
			}
		});
		child.stderr.on('data', chunk => {
			this.errors += String(chunk);
		});
		child.on('exit', () => {
			for (const pending of this.pending.splice(0)) {
				pending.reject(new Error(`tmux control client exited ${this.errors.trim()}`));
			}
			this.wake();
		});
	}

	private line(line: string): void {
		if (this.block) {
			if (/^%(end|error) \d+ \d+ \d+$/.test(line)) {
				const [, , , flags] = line.split(' ');
				const body = this.block;
				this.block = undefined;
				// Flags 1: a command this client sent; 0: the session's own start-up command.
				if (flags === '1') {
					const pending = this.pending.shift();
					if (line.startsWith('%error')) {
						pending?.reject(new Error(`tmux: ${body.join('\n')}`));
					} else {
						pending?.resolve(body);
					}
				}
				return;
			}
			this.block.push(line);
			return;
		}
		if (line.startsWith('%begin ')) {
			this.block = [];
		} else if (line.startsWith('%output ')) {
			this.lastOutput = performance.now();
			this.wake();
		} else if (line.startsWith('%session-changed')) {
			this.started?.();
		}
	}

	private wake(): void {
		for (const waiter of this.waiters) {
			waiter();
		}
		this.waiters.clear();
	}

	/** One tmux command (as typed at tmux's prompt); resolves with its output lines. */
	command(line: string): Promise<string[]> {
		return new Promise((resolve, reject) => {
			this.pending.push({resolve, reject});
			this.child.stdin.write(`${line}\n`);
		});
	}

	/** The screen as tmux holds it, one line per row. */
	async screen(): Promise<string> {
		return (await this.command('capture-pane -p -t bench')).join('\n');
	}

	/** Hands tmux one key (a tmux key name: j, Down, Enter...); resolves with performance.now() when it was sent. */
	key(name: string): number {
		const at = performance.now();
		void this.command(`send-keys -t bench ${name}`).catch(() => undefined);
		return at;
	}

	/** Starts `command` in the window instead of what runs there; performance.now() when asked. */
	async respawn(command: string): Promise<number> {
		const at = performance.now();
		await this.command(`respawn-pane -k -t bench ${quote(command)}`);
		return at;
	}

	/**
	 * Waits until the screen matches `wanted`: the screen is read now and again after each output
	 * tmux reports. `at` is when the last output tmux reported before the matching screen was read
	 * arrived (at most one read, about a millisecond, after the output that made it); when no
	 * output came at all, when the screen was read.
	 */
	async until(wanted: (screen: string) => boolean, timeoutMs = 60_000): Promise<Seen> {
		const deadline = performance.now() + timeoutMs;
		let screen = '';
		for (;;) {
			const outputBefore = this.lastOutput;
			const asked = performance.now();
			screen = await this.screen();
			if (wanted(screen)) {
				return {screen, at: this.lastOutput > 0 ? this.lastOutput : asked};
			}
			if (this.child.exitCode !== null) {
				break;
			}
			if (this.lastOutput === outputBefore) {
				const left = deadline - performance.now();
				if (left <= 0) {
					break;
				}
				await new Promise<void>(resolve => {
					const timer = setTimeout(resolve, left);
					this.waiters.add(() => {
						clearTimeout(timer);
						resolve();
					});
				});
			}
		}
		throw new Error(`the screen did not show what was awaited within ${(timeoutMs / 1000).toFixed(0)} s; it showed:\n${screen}`);
	}

	async close(): Promise<void> {
		const exited = new Promise(resolve => {
			if (this.child.exitCode === null) {
				this.child.once('exit', resolve);
			} else {
				resolve(undefined);
			}
		});
		this.child.stdin.write('kill-server\n');
		await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 2000))]);
		if (this.child.exitCode === null) {
			this.child.kill();
		}
		await new Promise(resolve => {
			spawn('tmux', ['-L', this.socket, 'kill-server'], {stdio: 'ignore'}).on('exit', resolve).on('error', resolve);
		});
	}
}

/** A command for tmux's parser: in double quotes, with what tmux would expand escaped. */
function quote(text: string): string {
	return `"${text.replaceAll(/["\\$]/g, character => `\\${character}`)}"`;
}
