import { QueryClientProvider } from '@tanstack/solid-query';
import { onCleanup, type JSX } from 'solid-js';
import { onUnauthorized } from '../api/http';
import { sessionKeys } from '../queries/session';
import { AuthGate } from './AuthGate';
import { createQueryClient } from './queryClient';
import { UpdatePrompt } from './UpdatePrompt';

export function App(): JSX.Element {
  const queryClient = createQueryClient();
  // Any 401 means the session is over: the gate then shows the login page, keeping the hash.
  const stop = onUnauthorized(() => queryClient.setQueryData(sessionKeys.current(), null));
  onCleanup(stop);
  return (
    <QueryClientProvider client={queryClient}>
      <AuthGate />
      <UpdatePrompt />
    </QueryClientProvider>
  );
}
