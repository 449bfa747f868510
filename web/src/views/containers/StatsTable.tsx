import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import type { EngineRef } from '../../api/types';
import { formatHash } from '../../routes/router';
import { QueryBoundary } from '../../components/QueryBoundary';
import { sortStatsRows, type StatsSortKey } from '../../containers/statsTable';
import { toContainerRow } from '../../engine/containers';
import { bytesSize, humanSize, percent } from '../../engine/units';
import { containerListOptions } from '../../queries/containers';
import { useEngineEvents } from '../../streams/events';
import { createStatsSampler, SAMPLE_EVERY_MS } from '../../streams/statsSampler';
import '../../styles/containers-logs.css';
import '../../styles/containers-create.css';

const COLUMNS: readonly { key: StatsSortKey; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'cpu', label: 'CPU %' },
  { key: 'mem', label: 'Mem usage / limit' },
  { key: 'net', label: 'Net I/O' },
  { key: 'io', label: 'Block I/O' },
  { key: 'pids', label: 'PIDs' },
];

/** `#/ENGINE/stats`: docker stats for every running container, live, sortable by CPU, memory, net and IO. */
export default function StatsTable(props: { engine: EngineRef }): JSX.Element {
  const list = useQuery(() => containerListOptions(props.engine));
  useEngineEvents(props.engine);
  const running = createMemo(
    () => (list.data ?? []).map(toContainerRow).filter((r) => r.state === 'running').map((r) => ({ id: r.id, name: r.name })),
    undefined,
    { equals: (a, b) => a.length === b.length && a.every((c, i) => c.id === b[i]!.id && c.name === b[i]!.name) },
  );
  const sampler = createStatsSampler(() => props.engine, running);
  const [sort, setSort] = createSignal<StatsSortKey>('cpu');
  const rows = createMemo(() => sortStatsRows(sampler.rows(), sort()));
  return (
    <section class="page" data-testid="stats-table-page">
      <a class="back-link" href={formatHash({ name: 'containers', engine: props.engine.name })}>
        ← Containers
      </a>
      <div class="page-head">
        <h1>Live stats</h1>
        <span class="muted" data-testid="stats-rounds" data-rounds={sampler.rounds()}>
          {running().length} running · every {SAMPLE_EVERY_MS / 1000} s
        </span>
        <label class="page-head-end">
          <span class="visually-hidden">Sort by</span>
          <select class="select" data-testid="stats-sort" value={sort()} onChange={(e) => setSort(e.currentTarget.value as StatsSortKey)}>
            <For each={COLUMNS}>{(c) => <option value={c.key}>by {c.label}</option>}</For>
          </select>
        </label>
      </div>
      <Show when={sampler.error()}>{(e) => <p class="ct-status ct-status-error" role="alert">{e()}</p>}</Show>
      <QueryBoundary query={list} loadingLabel="Loading containers…">
        {() => (
          <Show when={running().length > 0} fallback={<p class="state" data-testid="stats-none">No container runs on {props.engine.name}.</p>}>
            <div class="st-table-wrap">
              <table class="st-table" data-testid="stats-table">
                <thead>
                  <tr>
                    <For each={COLUMNS}>
                      {(c) => (
                        <th scope="col" aria-sort={sort() === c.key ? (c.key === 'name' ? 'ascending' : 'descending') : undefined}>
                          <button type="button" class="st-sort" data-testid={`stats-sort-${c.key}`} onClick={() => setSort(c.key)}>
                            {c.label}
                            {sort() === c.key ? (c.key === 'name' ? ' ↑' : ' ↓') : ''}
                          </button>
                        </th>
                      )}
                    </For>
                  </tr>
                </thead>
                <tbody>
                  <For each={rows()}>
                    {(row) => (
                      <tr data-testid="stats-row" data-id={row.id} data-name={row.name} data-cpu={row.cpuPercent.toFixed(2)} data-mem={row.memUsed} data-pids={row.pids} data-net={row.netRx + row.netTx} data-io={row.blkRead + row.blkWrite}>
                        <td class="st-name">
                          <a href={formatHash({ name: 'container', engine: props.engine.name, id: row.id })}>{row.name}</a>
                        </td>
                        <td class="num">{percent(row.cpuPercent)}</td>
                        <td class="num">
                          {bytesSize(row.memUsed)} / {bytesSize(row.memLimit)} <span class="muted">{percent(row.memPercent)}</span>
                        </td>
                        <td class="num">
                          {humanSize(row.netRx, 3)} / {humanSize(row.netTx, 3)}
                        </td>
                        <td class="num">
                          {humanSize(row.blkRead, 3)} / {humanSize(row.blkWrite, 3)}
                        </td>
                        <td class="num">{row.pids}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        )}
      </QueryBoundary>
    </section>
  );
}
