import { queryOptions, useMutation, useQueryClient, type QueryKey } from '@tanstack/solid-query';
import { fetchSession, login, logout } from '../api/auth';
import { forgetOffline } from '../app/offlineStore';
import { forgetRegistryCache } from './registryCache';
import type { ApiError } from '../api/errors';
import { sessionKeys } from './keys';

function isSessionKey(key: QueryKey): boolean {
  const session = sessionKeys.current();
  return key.length === session.length && key.every((part, index) => part === session[index]);
}

export function sessionOptions() {
  return queryOptions({
    queryKey: sessionKeys.current(),
    queryFn: ({ signal }) => fetchSession(signal),
    // The session only changes by logging in or out, or by a 401 elsewhere.
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/** Logs in, then refetches everything, so the view the user was on loads again. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, string>(() => ({
    mutationFn: (token) => login(token),
    onSuccess: () => queryClient.invalidateQueries(),
  }));
}

/**
 * Logs out and forgets every engine's data, even when the request fails (the user asked
 * to leave). The session is set to null first, so the views unmount before their queries
 * are removed.
 */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, void>(() => ({
    mutationFn: () => logout(),
    onSettled: async () => {
      queryClient.setQueryData(sessionKeys.current(), null);
      queryClient.removeQueries({ predicate: (query) => !isSessionKey(query.queryKey) });
      // A shared phone or laptop: the next person must not find this inventory offline.
      await Promise.all([forgetOffline(), forgetRegistryCache().catch(() => undefined)]);
    },
  }));
}
