// The usual setup of a browser test file: one proxy and one browser for the file, a fresh context per
// test (no session cookie carried over from another test), and pages logged in to that proxy.
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, type TestContext } from 'vitest';
import { newContext, useBrowser } from '../harness/browser.ts';
import { loginPage } from './page.ts';
import { ADMIN_TOKEN, startProxy, type TestProxy } from './proxy.ts';

export interface ProxyAndContextOptions {
  /** Extra proxy arguments; a function if they exist only once a beforeAll registered before this call has run. */
  proxyArgs?: string[] | (() => string[]);
  /** The proxy's --engine values (the test engine as "local" if not given); a function as for proxyArgs. */
  engines?: string[] | (() => string[]);
  /** Changes what no option sets (config.limits, where the tokens come from). */
  configure?: Parameters<typeof startProxy>[2];
  /** Options of every test's context, e.g. a viewport or acceptDownloads. */
  contextOptions?: BrowserContextOptions;
  /** Removes what the file made on the engine; runs after the file's tests, before the proxy closes. */
  cleanup?: () => Promise<unknown>;
}

export interface ProxyAndContext {
  proxy(): TestProxy;
  /** This test's context. */
  context(): BrowserContext;
  /** A new page in this test's context, logged in to the proxy and opened at `hash`. */
  login(hash?: string, token?: string): Promise<Page>;
  /** Closes this test's context and opens another with these options on top of the file's. */
  reopenContext(options: BrowserContextOptions): Promise<BrowserContext>;
}

/** Registers the hooks; the getters work only inside tests and hooks that run after them. */
export function useProxyAndContext(options: ProxyAndContextOptions = {}): ProxyAndContext {
  const browser = useBrowser();
  let proxy: TestProxy | undefined;
  let context: BrowserContext | undefined;
  const resolve = (value: string[] | (() => string[]) | undefined) => (typeof value === 'function' ? value() : value);

  beforeAll(async () => {
    proxy = await startProxy(resolve(options.proxyArgs), resolve(options.engines), options.configure);
  });
  afterAll(async () => {
    try {
      await options.cleanup?.();
    } finally {
      await proxy?.close();
      proxy = undefined;
    }
  });
  beforeEach(async () => {
    context = await newContext(browser(), options.contextOptions);
    await startTrace(context);
  });
  afterEach(async ({ task }) => {
    if (context) await stopTrace(context, task);
    await context?.close();
    context = undefined;
  });

  const session: ProxyAndContext = {
    proxy: () => {
      if (!proxy) throw new Error('useProxyAndContext(): the proxy exists only inside tests (after beforeAll)');
      return proxy;
    },
    context: () => {
      if (!context) throw new Error('useProxyAndContext(): the context exists only inside tests (after beforeEach)');
      return context;
    },
    login: (hash = '#/', token = ADMIN_TOKEN) => loginPage(session.context(), session.proxy(), hash, token),
    reopenContext: async (extra) => {
      await context?.close();
      context = undefined;
      context = await newContext(browser(), { ...options.contextOptions, ...extra });
      await startTrace(context);
      return context;
    },
  };
  return session;
}

/** Where failed browser tests leave their Playwright trace (open with `npx playwright show-trace FILE`). */
export const TRACE_DIR = resolvePath(import.meta.dirname, '../../test-results/traces');

async function startTrace(context: BrowserContext): Promise<void> {
  // DOM snapshots and network, no screenshots: cheap enough for every test on a busy machine.
  await context.tracing.start({ snapshots: true, screenshots: false, sources: false });
}

/** Saves the trace when the test failed, drops it otherwise. */
async function stopTrace(context: BrowserContext, task: TestContext['task']): Promise<void> {
  const failed = task.result?.state === 'fail' || (task.result?.errors?.length ?? 0) > 0;
  if (!failed) return context.tracing.stop().catch(() => undefined);
  mkdirSync(TRACE_DIR, { recursive: true });
  const name = `${task.file?.name.replace(/[^\w.-]+/g, '_') ?? 'test'}--${task.name.replace(/[^\w.-]+/g, '_').slice(0, 80)}.zip`;
  const path = join(TRACE_DIR, name);
  await context.tracing.stop({ path }).catch(() => undefined);
  process.stderr.write(`[browser] trace of the failed test: ${path}\n`);
}
