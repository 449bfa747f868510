import { useQueryClient } from '@tanstack/solid-query';
import { Show, createSignal, onMount, type JSX } from 'solid-js';
import { registerServiceWorker } from '../pwa/register';
import { whenQueriesSettle } from '../queries/settled';

/** The longest the worker waits for the first screen. */
const REGISTER_BY_MS = 10_000;

/** Offers the new version once the service worker has it ready. */
export function UpdatePrompt(): JSX.Element {
  const [apply, setApply] = createSignal<(() => void) | null>(null);
  const client = useQueryClient();
  // After the first screen: installing the worker fetches every asset of the app from the proxy that answers the
  // first screen's requests, and an update check fetches sw.js.
  onMount(() => {
    void whenQueriesSettle(client, REGISTER_BY_MS).then(() => registerServiceWorker({ onNeedRefresh: (update) => setApply(() => update) }));
  });
  return (
    <Show when={apply()}>
      {(update) => (
        <div class="toast" role="status">
          <span>A new version of Porthole is ready.</span>
          <button type="button" class="button button-primary button-small" onClick={() => update()()}>
            Reload
          </button>
          <button type="button" class="button button-ghost button-small" onClick={() => setApply(null)}>
            Later
          </button>
        </div>
      )}
    </Show>
  );
}
