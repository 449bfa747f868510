// Shared by the npm scripts (start, dev, test): run commands, install packages, and build the PWA and the
// proxy when needed. `node proxy/bin/build.mjs` builds both (what `npm run build` runs).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = new URL('../..', import.meta.url).pathname;

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw new Error(`${cmd} could not run: ${r.error.message}`);
  return r.status ?? 1;
}

export function must(cmd, args, opts) {
  const status = run(cmd, args, opts);
  if (status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${status}).`);
    process.exit(status);
  }
}

/** Installs node packages when they are missing or older than the lock file. */
export function ensureNodeModules() {
  const lock = join(root, 'package-lock.json');
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) must('npm', ['ci', '--no-audit', '--no-fund']);
}

function newest(dir, skip = () => false) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (skip(e.name)) continue;
    t = Math.max(t, e.isDirectory() ? newest(p, skip) : statSync(p).mtimeMs);
  }
  return t;
}

const mtime = (p) => statSync(join(root, p)).mtimeMs;
const stale = (output, sources) => !existsSync(output) || statSync(output).mtimeMs < sources;
// Vite's own command line, run by node itself: no npx (and no npm) in the way. NODE_ENV is set because
// Vite derives import.meta.env.PROD from it: a build started under vitest (NODE_ENV=test) dropped the
// service worker's registration.
const vite = (args) =>
  must(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', ...args], { env: { ...process.env, NODE_ENV: 'production' } });

/** The built proxy: one plain JavaScript file, run by node without TypeScript tooling. */
export const proxyMain = join(root, 'dist', 'proxy', 'main.js');

/** Builds the PWA (dist/web) and the proxy (dist/proxy/main.js) when missing or older than their sources. */
export function ensureBuilt() {
  const lock = mtime('package-lock.json');
  const web = Math.max(newest(join(root, 'web')), newest(join(root, 'public')), mtime('vite.config.ts'), lock);
  if (stale(join(root, 'dist', 'web', 'index.html'), web)) vite([]);
  const proxy = Math.max(newest(join(root, 'proxy', 'src'), (name) => name.endsWith('.test.ts')), mtime('proxy/vite.config.ts'), lock);
  if (stale(proxyMain, proxy)) vite(['-c', 'proxy/vite.config.ts']);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  vite([]);
  vite(['-c', 'proxy/vite.config.ts']);
}
