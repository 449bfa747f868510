import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, type JSX } from 'solid-js';
import type { EngineRef } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { formatBytes } from '../../engine/units';
import { barParts, type DiskCategory } from '../../system/df';
import { diskUsageOptions } from '../../queries/system';
import '../../styles/system.css';

/** `docker system df -v` as bars: what each kind holds, and the part a prune could free. */
export function DiskUse(props: { engine: EngineRef }): JSX.Element {
  const usage = useQuery(() => diskUsageOptions(props.engine));
  return (
    <section class="card" data-testid="disk-use" aria-labelledby="disk-title">
      <div class="sys-card-head">
        <h2 class="card-title" id="disk-title">
          Disk use
        </h2>
        <button type="button" class="button button-small" onClick={() => void usage.refetch()} disabled={usage.isFetching} data-testid="disk-refresh">
          {usage.isFetching ? 'Measuring…' : 'Measure again'}
        </button>
      </div>
      <QueryBoundary query={usage} loadingLabel="Measuring disk use (the engine walks every layer and volume)…">
        {(data) => {
          const largest = createMemo(() => Math.max(1, ...data().categories.map((c) => c.size)));
          return (
            <>
              <p class="sys-disk-total" data-testid="disk-total" data-size={data().size} data-reclaimable={data().reclaimable}>
                <strong>{formatBytes(data().size)}</strong> in use, <strong class="sys-reclaim">{formatBytes(data().reclaimable)}</strong> could be freed
              </p>
              <div class="sys-bars">
                <For each={data().categories}>{(category) => <DiskBar category={category} largest={largest()} />}</For>
              </div>
              <p class="muted sys-legend">
                <span class="sys-swatch sys-swatch-kept" aria-hidden="true" /> kept (in use) <span class="sys-swatch sys-swatch-free" aria-hidden="true" /> reclaimable
              </p>
            </>
          );
        }}
      </QueryBoundary>
    </section>
  );
}

function DiskBar(props: { category: DiskCategory; largest: number }): JSX.Element {
  const parts = createMemo(() => barParts(props.category, props.largest));
  const percent = () => (props.category.size > 0 ? Math.round((props.category.reclaimable / props.category.size) * 100) : 0);
  const items = createMemo(() => [...(props.category.items ?? [])].sort((a, b) => (b.size ?? 0) - (a.size ?? 0)));
  return (
    <details class="sys-bar-row" data-testid="disk-row" data-kind={props.category.kind} data-total={props.category.total} data-size={props.category.size} data-reclaimable={props.category.reclaimable}>
      <summary>
        <span class="sys-bar-label">
          <strong>{props.category.label}</strong>
          <span class="muted">
            {props.category.total} ({props.category.active} active)
          </span>
        </span>
        <span class="sys-bar" role="img" aria-label={`${props.category.label}: ${formatBytes(props.category.size)}, ${formatBytes(props.category.reclaimable)} reclaimable`}>
          <span class="sys-bar-kept" style={{ width: `${parts().kept * 100}%` }} />
          <span class="sys-bar-free" style={{ width: `${parts().reclaimable * 100}%` }} />
        </span>
        <span class="sys-bar-numbers num">
          {formatBytes(props.category.size)}
          <span class="muted">
            {' '}
            · {formatBytes(props.category.reclaimable)} ({percent()}%)
          </span>
        </span>
      </summary>
      <Show when={props.category.items} fallback={<p class="muted">The engine sent only totals for this kind.</p>}>
        <Show when={items().length > 0} fallback={<p class="muted">None.</p>}>
          <ul class="sys-items">
            <For each={items().slice(0, 50)}>
              {(item) => (
                <li classList={{ 'sys-item-free': !item.active }}>
                  <span class="ellipsis" title={item.name}>
                    {item.name}
                  </span>
                  <span class="muted">{item.detail}</span>
                  <span class="num">{item.size === null ? '?' : formatBytes(item.size)}</span>
                </li>
              )}
            </For>
          </ul>
          <Show when={items().length > 50}>
            <p class="muted">and {items().length - 50} more (smaller ones)</p>
          </Show>
        </Show>
      </Show>
    </details>
  );
}
