import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { LiveBadge, OfflineBanner } from '../../app/OfflineNotice';
import { formatHash } from '../../app/router';
import type { EngineRef } from '../../api/types';
import { Card, Field, KeyValueTable, None, RawJson, ValueList } from '../../components/Details';
import { QueryBoundary } from '../../components/QueryBoundary';
import { formatAge } from '../../engine/format';
import { containersByNetwork, networkOptions, toNetworkRow } from '../../engine/networks';
import type { NetworkSummary } from '../../engine/types';
import { containerListOptions } from '../../queries/containers';
import { networkDetailOptions } from '../../queries/networks';
import { useEngineEvents } from '../../streams/events';

export function NetworkPage(props: { engine: EngineRef; id: string }): JSX.Element {
  const network = useQuery(() => networkDetailOptions(props.engine, props.id));
  const containers = useQuery(() => ({ ...containerListOptions(props.engine), retry: false }));
  const live = useEngineEvents(props.engine);
  return (
    <section class="page" data-testid="network-page" data-state={network.status}>
      <div class="page-head">
        <a class="back-link" href={formatHash({ name: 'networks', engine: props.engine.name })}>
          ← Networks
        </a>
        <div class="page-head-end">
          <LiveBadge live={live()} updatedAt={network.dataUpdatedAt} error={network.error} />
        </div>
      </div>
      <OfflineBanner live={live()} updatedAt={network.dataUpdatedAt} error={network.error} />
      <QueryBoundary query={network} loadingLabel="Loading network…">
        {(data) => <NetworkDetails raw={data()} engine={props.engine.name} containers={containers.data} />}
      </QueryBoundary>
    </section>
  );
}

function NetworkDetails(props: { raw: NetworkSummary; engine: string; containers: Parameters<typeof containersByNetwork>[0] | undefined }): JSX.Element {
  const row = createMemo(() => toNetworkRow(props.raw, containersByNetwork(props.containers ?? [])));
  const extra = createMemo(() => networkOptions(props.raw));
  const now = createNow();
  const F = (p: { name: string; label: string; children: JSX.Element }): JSX.Element => (
    <Field prefix="network" name={p.name} label={p.label}>
      {p.children}
    </Field>
  );
  return (
    <div class="image-layout">
      <article class="image-main" aria-labelledby="network-title">
        <header class="image-head">
          <h1 id="network-title" class="image-title">
            {row().name}
          </h1>
          <div class="chips">
            <span class="chip">{row().driver}</span>
            <span class="chip">{row().scope}</span>
            <Show when={row().internal}>
              <span class="chip">internal</span>
            </Show>
          </div>
        </header>
        <Card title="Network">
          <dl class="fields">
            <F name="id" label="ID">
              <code class="break">{row().id}</code>
            </F>
            <F name="driver" label="Driver">
              {row().driver}
            </F>
            <F name="scope" label="Scope">
              {row().scope}
            </F>
            <F name="subnet" label="Subnets">
              <ValueList items={row().subnets} empty="none" code />
            </F>
            <F name="gateway" label="Gateways">
              <ValueList items={row().gateways} empty="none" code />
            </F>
            <F name="ipv6" label="IPv6">
              {row().ipv6 ? 'enabled' : 'disabled'}
            </F>
            <F name="created" label="Created">
              {row().created ? formatAge(row().created, now()) : <None text="unknown" />}
            </F>
          </dl>
        </Card>
        <Card title="Containers" count={row().containers.length}>
          <div data-testid="network-field-containers" data-count={row().containers.length}>
            <Show when={row().containers.length > 0} fallback={<p class="muted">No container is attached.</p>}>
              <ul class="value-list">
                <For each={row().containers}>
                  {(container) => (
                    <li data-testid="network-container" data-name={container.name}>
                      <a href={formatHash({ name: 'container', engine: props.engine, id: container.id })}>{container.name}</a>{' '}
                      <code>{container.ipv4 ?? ''}</code>
                      <Show when={container.ipv6}>{(v6) => <code> {v6()}</code>}</Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </div>
        </Card>
        <Card title="Options" count={extra().options.length}>
          <KeyValueTable testid="network-field-options" rows={extra().options} empty="No driver options." />
        </Card>
        <Card title="Labels" count={extra().labels.length}>
          <KeyValueTable testid="network-field-labels" rows={extra().labels} empty="No labels." />
        </Card>
      </article>
      <RawJson value={props.raw} />
    </div>
  );
}
