// `npm run dev [-- proxy options]`: the proxy on :9443 and Vite's dev server (which forwards /api and /auth to it).
import { spawn } from 'node:child_process';
import { ensureNodeModules, root } from './build.mjs';

ensureNodeModules();
const children = [
  spawn('npx', ['tsx', 'watch', 'proxy/src/main.ts', '--listen', '127.0.0.1:9443', '--allow-origin', 'http://localhost:5173', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root }),
  spawn('npx', ['vite'], { stdio: 'inherit', cwd: root }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => { stop(); process.exitCode = code ?? 1; });
