import { useQuery } from '@tanstack/solid-query';
import { Show, createMemo, createSignal, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { formatHash } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { Card, ContainerLinks, fieldWithPrefix, KeyValueCard, None, ValueList } from '../../components/Details';
import { InspectLayout, InspectPage } from '../../components/InspectPage';
import { formatAge } from '../../engine/format';
import { containersByNetwork, networkOptions, toNetworkRow } from '../../engine/networks';
import type { NetworkSummary } from '../../engine/types';
import { containerListOptions } from '../../queries/containers';
import { networkDetailOptions } from '../../queries/networks';
import { AdminOnly } from '../../app/role';
import { BUILT_IN_REASON } from '../../engine/networkForms';
import { ConnectPanel, DisconnectButton, RemoveNetworksPanel } from './NetworkForms';
import '../../styles/registries.css';

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
      {(data) => <NetworkDetails raw={data()} engine={props.engine.name} engineRef={props.engine} containers={containers.data} />}
    </InspectPage>
  );
}

function NetworkDetails(props: { raw: NetworkSummary; engine: string; engineRef: EngineRef; containers: Parameters<typeof containersByNetwork>[0] | undefined }): JSX.Element {
  const row = createMemo(() => toNetworkRow(props.raw, containersByNetwork(props.containers ?? [])));
  const extra = createMemo(() => networkOptions(props.raw));
  const now = createNow();
  const [panel, setPanel] = createSignal<'remove' | 'connect' | null>(null);
  const toggle = (next: 'remove' | 'connect') => setPanel(panel() === next ? null : next);
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
          <Show when={row().builtIn}>
            <span class="chip" data-testid="network-builtin" title={BUILT_IN_REASON}>
              built in
            </span>
          </Show>
        </>
      }
      actions={
        <AdminOnly>
          <div class="image-action-buttons">
            <button type="button" class="button button-small" data-testid="network-connect-open" data-admin aria-expanded={panel() === 'connect'} onClick={() => toggle('connect')}>
              Connect a container…
            </button>
            <Show when={!row().builtIn} fallback={<span class="muted" data-testid="network-builtin-reason">{BUILT_IN_REASON}</span>}>
              <button type="button" class="button button-small button-danger" data-testid="network-remove-open" data-admin aria-expanded={panel() === 'remove'} onClick={() => toggle('remove')}>
                Remove…
              </button>
            </Show>
          </div>
          <Show when={panel() === 'connect'}>
            <ConnectPanel engine={props.engineRef} network={row().name} exclude={row().containers.map((c) => c.id)} onDone={() => setPanel(null)} />
          </Show>
          <Show when={panel() === 'remove'}>
            <RemoveNetworksPanel
              engine={props.engineRef}
              networks={[row()]}
              onCancel={() => setPanel(null)}
              onDone={() => (location.hash = formatHash({ name: 'networks', engine: props.engine }))}
            />
          </Show>
        </AdminOnly>
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
              <Show when={container.ipv6}>{(v6) => <code> {v6()}</code>}</Show>{' '}
              <AdminOnly>
                <DisconnectButton engine={props.engineRef} network={row().name} container={container.id} containerLabel={container.name} address={container.ipv4} />
              </AdminOnly>
            </>
          )}
        </ContainerLinks>
      </Card>
      <KeyValueCard title="Options" testid="network-field-options" rows={extra().options} empty="No driver options." />
      <KeyValueCard title="Labels" testid="network-field-labels" rows={extra().labels} empty="No labels." />
    </InspectLayout>
  );
}
