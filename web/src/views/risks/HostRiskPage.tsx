import { useQuery } from '@tanstack/solid-query';
import { For, Show, type JSX } from 'solid-js';
import { formatHash } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { ListPageHead } from '../../components/ListPage';
import { QueryBoundary } from '../../components/QueryBoundary';
import type { HostRiskRow } from '../../system/hostRisk';
import { hostRiskOptions } from '../../queries/hostRisk';
import { useEngineEvents } from '../../streams/events';
import { SystemTabs } from '../../components/SystemTabs';
import '../../styles/home.css';

/**
 * Every container and service on the engine with a way into the host, judged by the proxy's own rules
 * (the ones that refuse consoles and file transfers into them): why, in plain words, and what to change.
 * Viewers see it too: knowing is not acting.
 */
export default function HostRiskPage(props: { engine: EngineRef }): JSX.Element {
  const risks = useQuery(() => hostRiskOptions(props.engine));
  const live = useEngineEvents(props.engine);
  const rows = () => risks.data?.rows ?? [];
  return (
    <section class="page" aria-labelledby="risks-title" data-testid="host-risks">
      <SystemTabs engine={props.engine.name} active="hostRisks" />
      <ListPageHead
        titleId="risks-title"
        title="Host access"
        query={risks}
        live={live()}
        countTestid="risk-count"
        shown={rows().length}
        total={rows().length}
        countText={`${rows().length} of ${risks.data?.judged ?? 0}`}
      />
      <p class="muted">
        Containers and services that can reach the host they run on: a console or file transfer into them is refused, because it
        would reach the host too.
        <Show when={risks.data?.unsafeAllowAll}> This proxy runs with --unsafe-allow-all, so it lets admins into them anyway.</Show>
      </p>
      <QueryBoundary
        query={risks}
        loadingLabel="Judging every container…"
        isEmpty={(data) => data.rows.length === 0}
        empty={
          <div class="state" data-testid="risk-empty">
            <p class="state-title">Nothing here can reach the host</p>
            <p class="state-message">No container or service is privileged, on the host's namespaces, given capabilities or devices, or binds host paths outside the allowed directories.</p>
          </div>
        }
      >
        {() => (
          <ul class="risk-list">
            <For each={rows()}>{(row) => <RiskItem row={row} engine={props.engine.name} />}</For>
          </ul>
        )}
      </QueryBoundary>
    </section>
  );
}

function RiskItem(props: { row: HostRiskRow; engine: string }): JSX.Element {
  const href = () =>
    props.row.kind === 'container'
      ? formatHash({ name: 'container', engine: props.engine, id: props.row.name })
      : formatHash({ name: 'swarm', engine: props.engine, service: props.row.name });
  return (
    <li class="card risk-item" data-testid="risk-row" data-name={props.row.name} data-kind={props.row.kind}>
      <div class="risk-head">
        <a href={href()} class="risk-name">
          {props.row.name}
        </a>
        <span class="muted">{props.row.kind === 'service' ? 'service' : props.row.state}</span>
      </div>
      <ul class="risk-reasons">
        <For each={props.row.access}>
          {(access) => (
            <li data-testid="risk-reason" data-kind={access.kind}>
              <span class="risk-why">{access.why}</span>
              <span class="risk-fix">
                <span class="muted">To change: </span>
                {access.fix}
              </span>
            </li>
          )}
        </For>
      </ul>
    </li>
  );
}
