// `npm test`: everything a fresh Debian machine needs, then every suite against real parts
// (a private dockerd in its own network namespace, Debian's docker-registry, Debian's chromium).
import { ensureBuilt, ensureNodeModules, must } from './run.mjs';

must('node', ['scripts/ensure-deps.mjs']);
ensureNodeModules();
must('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
ensureBuilt();
must('npx', ['vitest', 'run', ...process.argv.slice(2)]);
