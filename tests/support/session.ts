// The usual setup of a browser test file: one proxy and one browser for the file, a fresh context per
// test (no session cookie carried over from another test), and pages logged in to that proxy.
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { newContext, useBrowser } from '../harness/browser.ts';
import { loginPage } from './page.ts';
import { ADMIN_TOKEN, startProxy, type TestProxy } from './proxy.ts';

export interface ProxyAndContextOptions {
  /** Extra proxy arguments; a function if they exist only once a beforeAll registered before this call has run. */
  proxyArgs?: string[] | (() => string[]);
  /** The proxy's --engine values (the test engine as "local" if not given); a function as for proxyArgs. */
  engines?: string[] | (() => string[]);
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
    proxy = await startProxy(resolve(options.proxyArgs), resolve(options.engines));
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
  });
  afterEach(async () => {
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
      return context;
    },
  };
  return session;
}
