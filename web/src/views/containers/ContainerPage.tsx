import { useQuery, useQueryClient } from '@tanstack/solid-query';
import { Show, createMemo, createSignal, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { formatHash } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { Args, Card, fieldWithPrefix, ItemList, KeyValueCard, KeyValueTable, None, When } from '../../components/Details';
import { InspectLayout, InspectPage } from '../../components/InspectPage';
import { toContainerDetails, type ContainerDetails } from '../../engine/containerDetails';
import { formatAge } from '../../engine/format';
import { formatBytes } from '../../engine/units';
import type { ContainerInspect } from '../../engine/types';
import { containerDetailOptions } from '../../queries/containers';
import { followContainer } from '../../engine/events';
import { useEngineEvents } from '../../streams/events';
import { StateDot } from './ContainerRows';
import { LifecycleActions } from './LifecycleActions';
import { ConnectPanel, DisconnectButton } from '../networks/NetworkForms';
import { lazyView } from '../../components/lazyView';
import { containerKeys } from '../../queries/keys';
import '../../styles/inventory.css';
import '../../styles/containers-create.css';
import { RecreateOffer } from './RecreateOffer';

// Charts and the process table load with the page's first visit, in their own chunks.
const ContainerStats = lazyView(() => import('./ContainerStats'));
const ContainerTop = lazyView(() => import('./ContainerTop'));

const F = fieldWithPrefix('container');

/** One container's inspect data, for people, with the raw JSON beside it. Live. */
export function ContainerPage(props: { engine: EngineRef; id: string; readOnly?: boolean }): JSX.Element {
  const container = useQuery(() => containerDetailOptions(props.engine, props.id));
  const queryClient = useQueryClient();
  // Opened by name: follow the container's own events (and a rename moves the URL to the new name).
  useEngineEvents(props.engine, (event) => {
    const follow = followContainer(event, { openedAs: props.id, id: container.data?.Id ?? '' });
    if (follow.renamedTo) location.replace(formatHash({ name: 'container', engine: props.engine.name, id: follow.renamedTo }));
    else if (follow.refresh) void queryClient.invalidateQueries({ queryKey: containerKeys.detail(props.engine.name, props.id), exact: true });
  });
  return (
    <InspectPage
      what="container"
      id={props.id}
      nameOf={(c) => c.Name.replace(/^\//, '')}
      testid="container-page"
      engine={props.engine}
      query={container}
      backHref={formatHash({ name: 'containers', engine: props.engine.name })}
      backLabel="Containers"
      loadingLabel="Loading container…"
    >
      {(data) => <ContainerDetailsView raw={data()} engine={props.engine.name} engineRef={props.engine} readOnly={props.readOnly === true} />}
    </InspectPage>
  );
}

/** A resource limit, or "unlimited" where the container has none. */
function Limit(props: { value: number | null; format?: (value: number) => string }): JSX.Element {
  return (
    <Show when={props.value !== null} fallback={<None text="unlimited" />}>
      {props.format ? props.format(props.value ?? 0) : props.value}
    </Show>
  );
}

function ContainerDetailsView(props: { raw: ContainerInspect; engine: string; engineRef: EngineRef; readOnly: boolean }): JSX.Element {
  const d = createMemo<ContainerDetails>(() => toContainerDetails(props.raw));
  const now = createNow();
  const limits = () => d().limits;
  const [connecting, setConnecting] = createSignal(false);
  return (
    <InspectLayout
      name="container"
      title={
        <>
          <StateDot state={d().status} health={d().health} /> {d().name}
        </>
      }
      raw={props.raw}
      chips={
        <>
          <span class="chip" data-testid="container-state-chip" data-state={d().status}>
            {d().status}
            {d().health ? ` (${d().health})` : ''}
          </span>
          <span class="chip">{d().image}</span>
          <Show when={d().created}>{(created) => <span class="chip">created {formatAge(created(), now())}</span>}</Show>
        </>
      }
      actions={
        <>
          <nav class="chips" aria-label="Container views" data-testid="container-tabs">
            <Show when={d().running && !props.readOnly}>
              <a class="button button-small" data-testid="container-console-link" data-admin href={formatHash({ name: 'console', engine: props.engine, id: props.raw.Id })}>
                Console
              </a>
            </Show>
            <a class="button button-small" data-testid="container-logs-link" href={formatHash({ name: 'containerLogs', engine: props.engine, id: props.raw.Id })}>
              Logs
            </a>
            <Show when={!props.readOnly}>
              <a class="button button-small" data-testid="container-files-link" data-admin href={formatHash({ name: 'containerFiles', engine: props.engine, id: props.raw.Id })}>
                Files
              </a>
            </Show>
            <a class="button button-small" data-testid="container-diff-link" href={formatHash({ name: 'containerDiff', engine: props.engine, id: props.raw.Id })}>
              Changes
            </a>
          </nav>
          <Show when={!props.readOnly}>
            <LifecycleActions engine={props.engineRef} container={props.raw} onRemoved={() => (location.hash = formatHash({ name: 'containers', engine: props.engine }))} />
          </Show>
        </>
      }
    >
      <Show when={!props.readOnly}>
        <RecreateOffer engine={props.engineRef} container={props.raw} />
      </Show>

      <Card title="Live stats">
        <ContainerStats engine={props.engineRef} id={props.raw.Id} running={d().running && !props.raw.State.Paused} />
      </Card>

      <Card title="Processes">
        <ContainerTop engine={props.engineRef} id={props.raw.Id} running={d().running} />
      </Card>

      <Card title="State">
        <dl class="fields">
          <F name="status" label="Status">
            {d().status}
            <Show when={d().oomKilled}> <span class="badge-bad">OOM killed</span></Show>
          </F>
          <F name="health" label="Health">
            <Show when={d().health} fallback={<None text="no health check" />}>
              {(health) => (
                <>
                  {health()}
                  <Show when={d().failingStreak}>{(streak) => <span class="muted"> ({streak()} failing in a row)</span>}</Show>
                  <Show when={d().lastHealthOutput}>{(out) => <pre class="health-output">{out()}</pre>}</Show>
                </>
              )}
            </Show>
          </F>
          <F name="exit-code" label="Exit code">
            {d().running ? <None text="running" /> : String(d().exitCode)}
          </F>
          <Show when={d().error}>{(error) => <F name="error" label="Error">{error()}</F>}</Show>
          <F name="started" label="Started">
            <When date={d().startedAt} now={now()} empty="never" />
          </F>
          <F name="finished" label="Finished">
            <When date={d().finishedAt} now={now()} empty={d().running ? 'still running' : 'never'} />
          </F>
          <F name="restart-count" label="Restarts">
            {d().restartCount} <span class="muted">(policy: {d().restartPolicy})</span>
          </F>
          <F name="pid" label="PID">
            {d().pid ?? <None text="not running" />}
          </F>
        </dl>
      </Card>

      <Card title="Container">
        <dl class="fields">
          <F name="id" label="ID">
            <code class="break">{d().id}</code>
          </F>
          <F name="image" label="Image">
            <a href={formatHash({ name: 'image', engine: props.engine, id: d().imageId })}>{d().image}</a>
          </F>
          <F name="created" label="Created">
            <When date={d().created} now={now()} empty="unknown" />
          </F>
          <F name="command" label="Command">
            <Args args={d().command} />
          </F>
          <F name="entrypoint" label="Entrypoint">
            <Args args={d().entrypoint} />
          </F>
          <F name="cmd" label="Cmd">
            <Args args={d().cmd} />
          </F>
          <F name="workdir" label="Working dir">
            {d().workingDir ? <code>{d().workingDir}</code> : <None text="/ (default)" />}
          </F>
          <F name="user" label="User">
            {d().user ? <code>{d().user}</code> : <None text="root (default)" />}
          </F>
          <F name="hostname" label="Hostname">
            {d().hostname ?? <None />}
          </F>
        </dl>
      </Card>

      <Card title="Ports" count={d().ports.length}>
        <ItemList testid="container-field-ports" items={d().ports} empty="No ports exposed.">
          {(port) => (
            <li>
              <code>{port.port}</code> → {port.published.length > 0 ? port.published.join(', ') : <None text="not published" />}
            </li>
          )}
        </ItemList>
      </Card>

      <Card title="Networks" count={d().networks.length}>
        <Show when={!props.readOnly}>
          <div class="ct-actions">
            <button type="button" class="button button-small" data-testid="container-connect-open" data-admin aria-expanded={connecting()} onClick={() => setConnecting(!connecting())}>
              Connect to a network…
            </button>
          </div>
          <Show when={connecting()}>
            <ConnectPanel engine={props.engineRef} container={props.raw.Id} exclude={d().networks.map((n) => n.name)} onDone={() => setConnecting(false)} />
          </Show>
        </Show>
        <ItemList
          testid="container-field-networks"
          items={d().networks}
          empty={d().networkMode ? `Network mode: ${d().networkMode}` : 'No networks.'}
        >
          {(network) => (
            <li>
              <a href={formatHash({ name: 'network', engine: props.engine, id: network.name })}>{network.name}</a>{' '}
              <code>{network.ipAddress ?? ''}</code>
              <Show when={network.ipv6Address}>{(v6) => <code> {v6()}</code>}</Show>
              <Show when={network.gateway}>{(gw) => <span class="muted"> via {gw()}</span>}</Show>
              <Show when={network.macAddress}>{(mac) => <span class="muted"> · {mac()}</span>}</Show>{' '}
              <Show when={!props.readOnly}>
                <DisconnectButton engine={props.engineRef} network={network.name} container={props.raw.Id} containerLabel={d().name} address={network.ipAddress ?? null} />
              </Show>
            </li>
          )}
        </ItemList>
      </Card>

      <Card title="Mounts" count={d().mounts.length}>
        <ItemList testid="container-field-mounts" items={d().mounts} empty="No mounts.">
          {(mount) => (
            <li>
              <span class="chip-inline">{mount.type}</span>{' '}
              {mount.type === 'volume' ? (
                <a href={formatHash({ name: 'volume', engine: props.engine, id: mount.source })}>{mount.source}</a>
              ) : (
                <code class="break">{mount.source}</code>
              )}{' '}
              → <code class="break">{mount.destination}</code> <span class="muted">{mount.rw ? 'rw' : 'ro'}</span>
            </li>
          )}
        </ItemList>
      </Card>

      <Card title="Resource limits">
        <dl class="fields">
          <F name="memory" label="Memory">
            <Limit value={limits().memory} format={formatBytes} />
            <Show when={limits().memoryReservation}>{(r) => <span class="muted"> (reserved {formatBytes(r())})</span>}</Show>
          </F>
          <F name="swap" label="Memory + swap">
            <Limit value={limits().memorySwap} format={formatBytes} />
          </F>
          <F name="cpus" label="CPUs">
            <Limit value={limits().cpus} />
            <Show when={limits().cpusetCpus}>{(set) => <span class="muted"> (on {set()})</span>}</Show>
            <Show when={limits().cpuShares}>{(shares) => <span class="muted"> · shares {shares()}</span>}</Show>
          </F>
          <F name="pids" label="PIDs limit">
            <Limit value={limits().pidsLimit} />
          </F>
        </dl>
      </Card>

      <KeyValueCard title="Environment" testid="container-field-env" rows={d().env} empty="No environment variables." />

      <KeyValueCard title="Labels" testid="container-field-labels" rows={d().labels} empty="No labels." />

      <Card title="Storage">
        <div data-testid="container-field-storage" data-driver={d().storage?.driver ?? ''}>
          <Show
            when={d().storage}
            fallback={<p class="muted">The engine reports no storage driver directories (containerd image store).</p>}
          >
            {(storage) => (
              <>
                <p class="muted">Driver: {storage().driver}</p>
                <KeyValueTable testid="container-field-graphdriver" rows={storage().data} empty="No directories." />
              </>
            )}
          </Show>
        </div>
      </Card>
    </InspectLayout>
  );
}
