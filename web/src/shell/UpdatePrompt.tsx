import { Show, createSignal, onMount, type JSX } from 'solid-js';
import { registerServiceWorker } from '../pwa/register';

/** Offers the new version once the service worker has it ready. */
export function UpdatePrompt(): JSX.Element {
  const [apply, setApply] = createSignal<(() => void) | null>(null);
  onMount(() => {
    void registerServiceWorker({ onNeedRefresh: (update) => setApply(() => update) });
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
