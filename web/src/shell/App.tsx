import { QueryClientProvider, type QueryClient } from '@tanstack/solid-query';
import { PersistQueryClientProvider } from '@tanstack/solid-query-persist-client';
import { Show, onCleanup, type JSX } from 'solid-js';
import { onUnauthorized } from '../api/http';
import { AuthGate } from './AuthGate';
import { createPersistOptions } from '../app/offlineStore';
import { createQueryClient } from '../app/queryClient';
import { UpdatePrompt } from './UpdatePrompt';
import { sessionKeys } from '../queries/keys';

/** `queryClient`: main.tsx's, whose first fetches have already started (a fresh one otherwise). */
export function App(props: { queryClient?: QueryClient }): JSX.Element {
  const queryClient = props.queryClient ?? createQueryClient();
  // Any 401 means the session is over: the gate then shows the login page, keeping the hash.
  const stop = onUnauthorized(() => queryClient.setQueryData(sessionKeys.current(), null));
  onCleanup(stop);
  // The last known inventories come back from IndexedDB, so the app opens offline; the
  // restored session is checked again at once (offline, that check fails and it stays).
  const persist = createPersistOptions();
  const recheckSession = (): void => {
    // For the benchmark's timeline (tests/bench/pwa.ts): when the stored inventory was back.
    performance.mark('porthole:restored');
    // main.tsx's check of the session is this page's: only a stored session with none under way is checked again.
    const session = queryClient.getQueryState(sessionKeys.current());
    if (session && (session.fetchStatus === 'fetching' || session.dataUpdatedAt >= performance.timeOrigin)) return;
    void queryClient.invalidateQueries({ queryKey: sessionKeys.current() });
  };
  return (
    <Show
      when={persist}
      fallback={
        <QueryClientProvider client={queryClient}>
          <AuthGate />
          <UpdatePrompt />
        </QueryClientProvider>
      }
    >
      {(options) => (
        <PersistQueryClientProvider client={queryClient} persistOptions={options()} onSuccess={recheckSession}>
          <AuthGate />
          <UpdatePrompt />
        </PersistQueryClientProvider>
      )}
    </Show>
  );
}
