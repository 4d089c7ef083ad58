// The entry of a source checkout (bin/kubectl-harden runs this file): Node's compile cache is
// switched on before anything else loads, so later runs take the program's and its packages'
// compiled code from the cache (Node keys it by its own version and each file's content; the
// cache lives in the system's temporary directory unless NODE_COMPILE_CACHE names another).
// The released executable (Bun) starts at cli.js.
import module from 'node:module';

module.enableCompileCache?.();
await import('./cli.js');
