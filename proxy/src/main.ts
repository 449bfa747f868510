// Command line entry: parse options, start the proxy, print where to open it and the token made at first start.
import { ConfigError, fixedTokens, parseArgs, usage } from './config.ts';
import { TokenFixed, TokenStore } from './auth.ts';
import { startPorthole } from './server.ts';
import { POLICY } from './policy.ts';
import { networkInterfaces } from 'node:os';
import { lanUrls } from './lan.ts';
import { phoneBanner } from './banner.ts';

async function main(): Promise<void> {
  const config = parseArgs(process.argv.slice(2));
  if (config.help) return void console.log(usage());
  if (config.service) {
    // Loaded only for these commands: the running proxy never holds it.
    const service = await import('./service.ts');
    return config.service === 'install' ? service.installService(config, process.argv.slice(2)) : service.uninstallService();
  }
  if (config.rotate) {
    const token = new TokenStore(config.stateDir, fixedTokens(config)).rotate(config.rotate);
    console.log(`New ${config.rotate} token (shown once; running proxies end the old token's sessions):\n\n  ${token}\n`);
    return;
  }
  const p = await startPorthole(config);
  console.log(`Porthole listening on ${p.url}  (HTTPS, certificate names: ${p.tls.names.join(', ')})`);
  const lan = lanUrls(networkInterfaces(), config.listenHost, p.port);
  for (const line of phoneBanner(lan, { ansi: process.stdout.isTTY === true, listenHost: config.listenHost, caCert: p.tls.caCert !== null })) console.log(line);
  await p.probed;
  for (const e of p.engines.values()) {
    console.log(`  engine ${e.name}: ${e.display} ${e.apiVersion ? `API v${e.apiVersion} (engine ${e.info?.Version})` : `NOT ANSWERING: ${e.lastError}`}`);
  }
  if (p.generated.admin) console.log(`\n  Admin token (shown once, only its hash is kept):\n\n    ${p.generated.admin}\n\n  Open ${p.url} and log in with it.`);
  if (p.generated.viewer) console.log(`  Viewer token (read-only, shown once): ${p.generated.viewer}`);
  console.log(`  Bind mounts allowed below: ${config.allowBinds.length ? config.allowBinds.join(', ') : '(none; --allow-bind DIR)'}`);
  console.log(`  Policy: ${POLICY.length} rows (docs/policy.md).`);
  if (config.unsafeAllowAll) {
    console.warn('\n  !!! --unsafe-allow-all: request body rules are OFF. Anyone with the admin token can create privileged');
    console.warn('  !!! containers, mount the host and take it over. Use only on a machine you would hand them anyway.\n');
  }
  const stop = () => void p.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
  const usage = e instanceof ConfigError || e instanceof TokenFixed;
  console.error(usage ? `porthole: ${e.message}` : `porthole: could not start: ${e.message}`);
  process.exit(usage ? 2 : 1);
});
