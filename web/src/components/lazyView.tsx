import { Dynamic } from 'solid-js/web';
import { Match, Switch, createResource, createSignal, type Component, type JSX } from 'solid-js';
import { ErrorPanel } from './ErrorPanel';
import { Loading } from './Loading';

/**
 * A view in its own chunk, like Solid's lazy(), but a chunk that fails to load (the network blinked) shows
 * why and a Retry, and the next navigation tries again: lazy() keeps the failed import forever and leaves
 * the view blank.
 */
// biome-ignore lint/suspicious/noExplicitAny: as Solid's lazy(): any component's props
export function lazyView<T extends Component<any>>(load: () => Promise<{ default: T }>): T {
  let loaded: T | null = null;
  const view = (props: Parameters<T>[0]): JSX.Element => {
    const [attempt, setAttempt] = createSignal(0);
    const [chunk] = createResource(attempt, async () => {
      if (loaded) return loaded;
      const mod = await load();
      loaded = mod.default;
      return loaded;
    });
    return (
      <Switch fallback={<Loading label="Loading…" />}>
        <Match when={chunk.state === 'errored'}>
          <main class="main" data-testid="chunk-error">
            <ErrorPanel
              title="This part of Porthole could not be loaded"
              error={new Error(`${chunk.error instanceof Error ? chunk.error.message : String(chunk.error)}. The network may have dropped for a moment; Retry loads it again.`)}
              onRetry={() => setAttempt((n) => n + 1)}
            />
          </main>
        </Match>
        <Match when={chunk.state === 'ready' && chunk()}>{(View) => <Dynamic {...(props as object)} component={View() as Component<object>} />}</Match>
      </Switch>
    );
  };
  return view as T;
}
