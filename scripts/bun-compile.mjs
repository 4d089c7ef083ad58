// Run with a Bun from the npm registry: bun bun-compile.mjs <entry> <bun-target> <runtime-binary> <outfile> [worker...]
// Compiles the built ESM entry into a standalone executable for <bun-target>, embedding the
// runtime binary given (an @oven/bun-<os>-<arch> package's bin/bun), so nothing is downloaded.
// Each worker (a file `new Worker` starts, such as dist/source/engine/probe-worker.js) is
// bundled as an entry point of its own; the executable serves it at its path relative to the
// entry's directory (/$bunfs/root/engine/probe-worker.js).
const [entry, target, executablePath, outfile, ...workers] = process.argv.slice(2);
if (!outfile) {
	console.error('usage: bun bun-compile.mjs <entry> <bun-target> <runtime-binary> <outfile> [worker...]');
	process.exit(2);
}

// Ink loads react-devtools-core only when DEV=true; it is an optional peer that is not
// installed. Resolve it to an empty module so the bundle has no dangling import.
const stubDevtools = {
	name: 'stub-react-devtools-core',
	setup(build) {
		build.onResolve({filter: /^react-devtools-core$/}, () => ({path: 'react-devtools-core', namespace: 'stub'}));
		build.onLoad({filter: /.*/, namespace: 'stub'}, () => ({
			contents: 'export default {initialize() {}, connectToDevTools() {}};',
			loader: 'js',
		}));
	},
};

const result = await Bun.build({
	entrypoints: [entry, ...workers],
	compile: {
		target,
		outfile,
		executablePath,
		// A kubectl plugin runs in the user's working directory: never pick up a .env,
		// bunfig.toml, tsconfig.json or package.json from there.
		autoloadDotenv: false,
		autoloadBunfig: false,
		autoloadTsconfig: false,
		autoloadPackageJson: false,
	},
	minify: true,
	// Compiled to bytecode at build time, so the executable does not parse its bundle at each
	// start (--help 24-37 ms instead of 74-350 ms, measured on the build machine); bytecode with
	// top-level await needs the ESM output format.
	bytecode: true,
	format: 'esm',
	sourcemap: 'none',
	define: {'process.env.NODE_ENV': '"production"'},
	plugins: [stubDevtools],
});
if (!result.success) {
	for (const log of result.logs) console.error(log);
	process.exit(1);
}
for (const output of result.outputs) console.log(output.path);
