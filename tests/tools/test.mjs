// `npm test`: everything a fresh Debian machine needs, then every suite against real parts
// (a private dockerd in its own network namespace, Debian's docker-registry, Debian's chromium).
import { ensureBuilt, ensureNodeModules, must } from '../../proxy/bin/build.mjs';

if (process.getuid?.() !== 0) {
  console.error('npm test must run as root: it starts a private dockerd in its own network namespace (try: sudo npm test).');
  process.exit(1);
}
must('node', ['tests/tools/ensure-deps.mjs']);
ensureNodeModules();
must('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
ensureBuilt();
must('npx', ['vitest', 'run', ...process.argv.slice(2)]);
