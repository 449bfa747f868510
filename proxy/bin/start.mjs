// `npm start [-- proxy options]`: installs packages and builds the PWA if needed, then starts the proxy.
import { ensureBuilt, ensureNodeModules, run } from './build.mjs';

ensureNodeModules();
ensureBuilt();
process.exit(run('npx', ['tsx', 'proxy/src/main.ts', ...process.argv.slice(2)]));
