// Starts the whole test environment: engine, two registries, fixtures. Used by globalSetup,
// and usable from scripts that need the same environment.
import { randomBytes } from 'node:crypto';
import { cleanupStale, installExitHandlers } from './cleanup.ts';
import { engineDriver, startEngine, type TestEngine } from './engine.ts';
import { buildFixtures } from './fixtures.ts';
import { startRegistry, type TestRegistry } from './registry.ts';
import { logStep } from './sys.ts';
import type { TestEnv } from './types.ts';

export interface RunningTestEnv {
  env: TestEnv;
  engine: TestEngine;
  registry: TestRegistry;
  authRegistry: TestRegistry;
  /** Stops registries, then the engine; removes every netns, mount, process and temp dir. */
  stop(): Promise<void>;
}

export async function startTestEnv(): Promise<RunningTestEnv> {
  // Interrupted runs (Ctrl-C, crash) clean up synchronously; SIGKILLed ones at the next start.
  installExitHandlers();
  const t0 = performance.now();
  let t = t0;
  const stale = cleanupStale();
  if (stale.length > 0) process.stderr.write(`[harness] removed leftovers of earlier runs:\n  ${stale.join('\n  ')}\n`);
  logStep('cleanupStale', t);

  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async (): Promise<void> => {
    const errors: string[] = [];
    // Newest first: the registries run inside the engine's netns.
    for (const r of started.splice(0).reverse()) await r.stop().catch((e: Error) => errors.push(e.message));
    if (errors.length > 0) throw new Error(`test environment teardown: ${errors.join('\n')}`);
  };
  try {
    t = performance.now();
    const engine = await startEngine();
    started.push(engine);
    logStep(`engine ready (${engine.socketPath}, ${await engineDriver(engine)})`, t);

    t = performance.now();
    const auth = { user: 'porthole', password: randomBytes(9).toString('base64url') };
    const [registry, authRegistry] = await Promise.all([
      startRegistry({ netnsPath: engine.netnsPath }),
      startRegistry({ netnsPath: engine.netnsPath, auth }),
    ]);
    started.push(registry, authRegistry);
    logStep(`registries ready (${registry.host}, auth ${authRegistry.host})`, t);

    t = performance.now();
    const fixtures = await buildFixtures(engine, { plain: registry, auth: authRegistry });
    logStep('fixtures built', t);
    logStep('test environment ready', t0);

    const env: TestEnv = {
      engineSocket: engine.socketPath,
      netnsPath: engine.netnsPath,
      registry: { host: registry.host, url: registry.url },
      authRegistry: { host: authRegistry.host, url: authRegistry.url, user: auth.user, password: auth.password },
      fixtures,
    };
    const stop = async (): Promise<void> => {
      const ts = performance.now();
      await stopAll();
      logStep('test environment stopped', ts);
    };
    return { env, engine, registry, authRegistry, stop };
  } catch (err) {
    await stopAll().catch((e: Error) => process.stderr.write(`[harness] ${e.message}\n`));
    throw err;
  }
}
