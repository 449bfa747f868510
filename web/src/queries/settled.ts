import type { QueryClient } from '@tanstack/solid-query';

const idle = (work: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => work());
  else setTimeout(work, 0);
};

/**
 * Resolves once no query is fetching and the page is idle: the first screen's data is in and drawn. Or after
 * `maxMs`, whatever happens. What can wait for the first screen (the service worker's install, which fetches
 * every asset of the app from the same proxy that answers the first screen's requests) waits for this.
 */
export function whenQueriesSettle(client: QueryClient, maxMs: number): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      unsubscribe();
      clearTimeout(timer);
      resolve();
    };
    // Checked again when idle: one answer starts the next request (session, engines, list) in a microtask.
    const check = (): void => {
      if (!done && client.isFetching() === 0) idle(() => client.isFetching() === 0 && finish());
    };
    const unsubscribe = client.getQueryCache().subscribe(check);
    const timer = setTimeout(finish, maxMs);
    check();
  });
}
