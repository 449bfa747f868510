// Debian's chromium driven by playwright-core. Never download a browser build: nothing but the registries is reachable here.
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox', // root in a container: the setuid sandbox cannot start
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking', // no traffic to anything but what a test opens
  '--disable-component-update',
  '--disable-sync',
  '--ignore-certificate-errors', // the proxy serves a self-signed certificate in tests
];

const open = new Set<Browser>();

/**
 * Launches chromium. Playwright kills it on SIGINT/SIGTERM/SIGHUP and process exit; call
 * close() (or use useBrowser()) so a test file does not keep it until the worker ends.
 */
export async function launchBrowser(): Promise<Browser> {
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  } catch (err) {
    throw new Error(
      `could not launch ${CHROMIUM_PATH}: ${(err as Error).message}\nInstall it with: node tests/tools/ensure-deps.mjs (Debian's package, never a downloaded browser)`,
    );
  }
  open.add(browser);
  browser.on('disconnected', () => open.delete(browser));
  return browser;
}

/** A context that accepts the test certificate (service workers need a "secure" origin). */
export function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ ignoreHTTPSErrors: true, ...options });
}

export async function closeAllBrowsers(): Promise<void> {
  await Promise.all([...open].map((b) => b.close().catch(() => undefined)));
}

/**
 * For a test file or describe block: launches one browser before its tests, closes it after.
 * Returns a getter, since the browser exists only once beforeAll ran.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    browser = undefined;
  });
  return () => {
    if (!browser) throw new Error('useBrowser(): the browser exists only inside tests (after beforeAll)');
    return browser;
  };
}
