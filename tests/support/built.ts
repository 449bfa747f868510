// The built proxy (dist/proxy/main.js): tests that start the proxy as a process run what `npm start` and the
// service run. The integration project's global setup (buildSetup.ts) builds it when stale.
import { existsSync } from 'node:fs';
import { proxyMain } from '../../proxy/bin/build.mjs';

export function builtProxy(): string {
  if (!existsSync(proxyMain)) throw new Error(`${proxyMain} is missing: run npm run build`);
  return proxyMain;
}
