import { QueryClient } from '@tanstack/solid-query';
import { shouldRetry } from '../api/errors';

/** How long unused data stays in the cache; also how long a persisted cache will be worth restoring. */
export const CACHE_TIME = 24 * 60 * 60 * 1000;

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Long enough for a persister (added later) to restore yesterday's inventory offline.
        gcTime: CACHE_TIME,
        staleTime: 10_000,
        retry: shouldRetry,
      },
      mutations: {
        retry: false,
      },
    },
  });
}
