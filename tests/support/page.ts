// Browser helpers: a Chromium page logged in to a test proxy.
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN_TOKEN, type TestProxy } from './proxy.ts';

/** Opens the app at `hash`, logs in through the login page with `token`, and waits for the shell. */
export async function loginPage(context: BrowserContext, proxy: TestProxy, hash = '#/', token = ADMIN_TOKEN): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${proxy.origin}/${hash}`);
  await page.getByTestId('login-token').fill(token);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('session-role').waitFor();
  return page;
}
