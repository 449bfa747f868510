import { useQuery } from '@tanstack/solid-query';
import { For, Show, type JSX } from 'solid-js';
import { describeError } from '../../api/errors';
import type { EngineRef } from '../../api/types';
import { TOP_REFRESH_MS, containerTopOptions } from '../../queries/containerActions';
import '../../styles/containers-create.css';
import '../../styles/containers-logs.css';

/** docker top: the container's processes with %CPU and %MEM, as the engine's ps sees them; refreshed while shown. */
export default function ContainerTop(props: { engine: EngineRef; id: string; running: boolean }): JSX.Element {
  const top = useQuery(() => containerTopOptions(props.engine, props.id, props.running));
  return (
    <Show when={props.running} fallback={<p class="muted">No processes: it is not running.</p>}>
      <div class="ct-actions">
        <span class="muted ct-hint" data-testid="top-args">
          <Show when={top.data} fallback="ps">
            {(d) => (d().args ? `ps ${d().args}` : "ps (the engine's ps takes no -o: its default columns, no %CPU or %MEM)")}
          </Show>{' '}
          · every {TOP_REFRESH_MS / 1000} s
        </span>
        <button type="button" class="button button-small" data-testid="top-refresh" disabled={top.isFetching} onClick={() => void top.refetch()}>
          {top.isFetching ? 'Reading…' : 'Refresh'}
        </button>
      </div>
      <Show when={top.error}>{(e) => <p class="ct-status ct-status-error">{describeError(e()).message}</p>}</Show>
      <Show when={top.data}>
        {(data) => (
          <div class="ct-top-wrap" tabindex="0" role="region" aria-label="Processes">
            <table class="ct-top" data-testid="container-top" data-count={data().Processes?.length ?? 0} data-updated={top.dataUpdatedAt}>
              <thead>
                <tr>
                  <For each={data().Titles ?? []}>{(t) => <th scope="col">{t}</th>}</For>
                </tr>
              </thead>
              <tbody>
                <For each={data().Processes ?? []}>
                  {(row) => (
                    <tr data-testid="top-row">
                      <For each={row}>{(cell) => <td>{cell}</td>}</For>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Show>
    </Show>
  );
}
