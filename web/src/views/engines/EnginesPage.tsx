import type { UseQueryResult } from '@tanstack/solid-query';
import { For, Show, type JSX } from 'solid-js';
import { formatHash, type LinkRoute } from '../../routes/router';
import type { EngineStatus } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { SysTable, type SysColumn } from '../../components/SysTable';
import { SystemTabs } from '../../components/SystemTabs';
import '../../styles/system.css';

/** /api/engines also says where each engine is (certificate paths left out). */
type EngineRow = EngineStatus & { url?: string };

const ENGINE_COLUMNS: SysColumn[] = [
  { label: 'Engine' },
  { label: 'Health' },
  { label: 'Version' },
  { label: 'API' },
  { label: 'Platform', narrow: true },
  { label: 'Address', narrow: true },
];

/** Every engine the proxy serves: health, version, API version, address; open one. */
export default function EnginesPage(props: { engines: UseQueryResult<EngineStatus[], Error>; current: string; navigate: (route: LinkRoute) => void }): JSX.Element {
  return (
    <section class="page sys-page" data-testid="engines-page" aria-labelledby="engines-title">
      <div class="page-head">
        <h1 id="engines-title">Engines</h1>
        <Show when={props.engines.data}>{(list) => <span class="count">{list().length}</span>}</Show>
        <div class="page-head-end">
          <button type="button" class="button button-small" data-testid="engines-refresh" onClick={() => void props.engines.refetch()} disabled={props.engines.isFetching}>
            {props.engines.isFetching ? 'Checking…' : 'Check again'}
          </button>
        </div>
      </div>
      <SystemTabs engine={props.current} active="engines" />
      <QueryBoundary query={props.engines} loadingLabel="Looking for engines…" isEmpty={(list) => list.length === 0} empty={<p class="state-message">The proxy serves no engine: start it with --engine NAME=URL.</p>}>
        {(list) => (
          <SysTable class="card" columns={ENGINE_COLUMNS}>
            <For each={list() as EngineRow[]}>
              {(engine) => (
                <tr data-testid="engine-row" data-name={engine.name} data-ok={engine.ok ? 'true' : 'false'} aria-current={engine.name === props.current ? 'true' : undefined}>
                  <th scope="row">
                    <Show when={engine.ok} fallback={<span>{engine.name}</span>}>
                      <a href={formatHash({ name: 'images', engine: engine.name })} data-testid="engine-open">
                        {engine.name}
                      </a>
                    </Show>
                    <Show when={engine.name === props.current}>
                      {' '}
                      <span class="chip">current</span>
                    </Show>
                  </th>
                  <td>
                    <span class="sys-state" data-state={engine.ok ? 'ok' : 'down'} data-testid="engine-health">
                      {engine.ok ? 'up' : 'unreachable'}
                    </span>
                    <Show when={!engine.ok && engine.error}>
                      <div class="sys-error">{engine.error}</div>
                    </Show>
                  </td>
                  <td data-testid="engine-version">{engine.version ?? '—'}</td>
                  <td data-testid="engine-api">{engine.apiVersion ?? '—'}</td>
                  <td class="sys-hide-narrow">{engine.os && engine.arch ? `${engine.os}/${engine.arch}` : '—'}</td>
                  <td class="sys-hide-narrow">
                    <code data-testid="engine-url">{engine.url ?? ''}</code>
                  </td>
                </tr>
              )}
            </For>
          </SysTable>
        )}
      </QueryBoundary>
      <p class="muted">Each engine keeps its own offline inventory; switching engines (here or in the header) keeps the view you are on.</p>
    </section>
  );
}
