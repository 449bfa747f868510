import { useQuery } from '@tanstack/solid-query';
import { Show, createMemo, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { formatHash } from '../../app/router';
import type { EngineRef } from '../../api/types';
import { Card, ContainerLinks, fieldWithPrefix, KeyValueCard, None, ValueList } from '../../components/Details';
import { InspectLayout, InspectPage } from '../../components/InspectPage';
import { formatAge } from '../../engine/format';
import { containersByNetwork, networkOptions, toNetworkRow } from '../../engine/networks';
import type { NetworkSummary } from '../../engine/types';
import { containerListOptions } from '../../queries/containers';
import { networkDetailOptions } from '../../queries/networks';

const F = fieldWithPrefix('network');

export function NetworkPage(props: { engine: EngineRef; id: string }): JSX.Element {
  const network = useQuery(() => networkDetailOptions(props.engine, props.id));
  const containers = useQuery(() => ({ ...containerListOptions(props.engine), retry: false }));
  return (
    <InspectPage
      what="network"
      id={props.id}
      nameOf={(n) => n.Name}
      testid="network-page"
      engine={props.engine}
      query={network}
      backHref={formatHash({ name: 'networks', engine: props.engine.name })}
      backLabel="Networks"
      loadingLabel="Loading network…"
    >
      {(data) => <NetworkDetails raw={data()} engine={props.engine.name} containers={containers.data} />}
    </InspectPage>
  );
}

function NetworkDetails(props: { raw: NetworkSummary; engine: string; containers: Parameters<typeof containersByNetwork>[0] | undefined }): JSX.Element {
  const row = createMemo(() => toNetworkRow(props.raw, containersByNetwork(props.containers ?? [])));
  const extra = createMemo(() => networkOptions(props.raw));
  const now = createNow();
  return (
    <InspectLayout
      name="network"
      title={row().name}
      raw={props.raw}
      chips={
        <>
          <span class="chip">{row().driver}</span>
          <span class="chip">{row().scope}</span>
          <Show when={row().internal}>
            <span class="chip">internal</span>
          </Show>
        </>
      }
    >
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
        <ContainerLinks
          engine={props.engine}
          testid="network-field-containers"
          itemTestid="network-container"
          items={row().containers}
          empty="No container is attached."
        >
          {(container) => (
            <>
              <code>{container.ipv4 ?? ''}</code>
              <Show when={container.ipv6}>{(v6) => <code> {v6()}</code>}</Show>
            </>
          )}
        </ContainerLinks>
      </Card>
      <KeyValueCard title="Options" testid="network-field-options" rows={extra().options} empty="No driver options." />
      <KeyValueCard title="Labels" testid="network-field-labels" rows={extra().labels} empty="No labels." />
    </InspectLayout>
  );
}
