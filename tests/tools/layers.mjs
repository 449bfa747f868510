// The layer checks CI runs before any test suite (tests/tools/test.mjs), also `npm run lint:deps`:
// every layer's tsconfig (the pure folders without DOM or Node types, the PWA without Node, the proxy
// without DOM) and dependency-cruiser's import rules (dependency-cruiser.cjs). The configs live here, beside the checks.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const LAYER_TSCONFIGS = ['tsconfig.json', 'tests/tools/tsconfig.pure.json', 'tests/tools/tsconfig.web.json', 'tests/tools/tsconfig.proxy.json'];

/** Runs dependency-cruiser with the project's rules on `dirs` below `cwd`; the exit status and what it printed. */
export function cruise(cwd = ROOT, dirs = ['web/src', 'proxy/src']) {
  const bin = `${ROOT}node_modules/dependency-cruiser/bin/dependency-cruise.mjs`;
  const run = spawnSync(process.execPath, [bin, '--config', `${ROOT}tests/tools/dependency-cruiser.cjs`, '--output-type', 'err', ...dirs], { cwd, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { status, output } = cruise();
  process.stdout.write(output);
  process.exit(status ?? 1);
}
