// States a bench waits for before it measures, instead of a fixed pause: the page's list is live and
// no engine request is in flight (the refetch the events stream asks for once it connects has answered).
import type { Page } from 'playwright-core';

const ENGINE_PATH = /\/api\/engines\/[^/]+\/v[\d.]+\//;
const LONG_LIVED = /\/(events|logs|stats|attach)\b/;

/** Counts the page's engine requests that have not answered yet (events and other streams left out). */
export function trackEngineRequests(page: Page): () => number {
  const open = new Set<object>();
  const counts = (url: string) => ENGINE_PATH.test(url) && !LONG_LIVED.test(new URL(url).pathname);
  page.on('request', (r) => counts(r.url()) && open.add(r));
  page.on('requestfinished', (r) => open.delete(r));
  page.on('requestfailed', (r) => open.delete(r));
  return () => open.size;
}

/** Resolves once the page's events stream is live and no engine request is in flight, polled every 50 ms. */
export async function listSettled(page: Page, inFlight: () => number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const live = (await page.getByTestId('live-status').first().getAttribute('data-state')) === 'live';
    if (live && inFlight() === 0) return;
    if (Date.now() > deadline) throw new Error(`the list did not settle (live: ${live}, requests in flight: ${inFlight()})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
