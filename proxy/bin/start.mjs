// `npm start [-- proxy options]`: installs packages and builds the PWA and the proxy if needed, then runs the
// built proxy (dist/proxy/main.js) in this very process: one node process, no npm, npx or tsx under it.
import { pathToFileURL } from 'node:url';
import { ensureBuilt, ensureNodeModules, proxyMain } from './build.mjs';

ensureNodeModules();
ensureBuilt();
await import(pathToFileURL(proxyMain).href);
