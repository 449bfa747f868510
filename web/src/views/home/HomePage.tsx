import { useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createMemo, onCleanup, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { LiveBadge, OfflineBanner } from '../../components/OfflineNotice';
import { formatHash } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { formatAge } from '../../engine/format';
import { formatBytes } from '../../engine/units';
import { eventAction } from '../../engine/events';
import { countContainers, eventRoute, isNotableEvent } from '../../system/home';
import { containerListOptions } from '../../queries/containers';
import { enginesOptions } from '../../queries/engines';
import { hostRiskOptions } from '../../queries/hostRisk';
import { createEventLog, diskUsageOptions } from '../../queries/system';
import { useNewerImages } from '../../queries/newerImages';
import { useEngineEvents } from '../../streams/events';
import '../../styles/home.css';
import { systemKeys } from '../../queries/keys';

/** Events that change what the engine holds on disk: the disk summary is fetched again after them. */
const DISK_ACTIONS = new Set(['create', 'destroy', 'delete', 'pull', 'prune', 'commit', 'import', 'load', 'tag', 'untag']);
const RECENT = 8;
/** Recent events reach back this far when the page opens. */
const HISTORY_SECONDS = 3600;

/**
 * An engine's home (`#/ENGINE`, what a bookmark opens): health and version, container counts, disk use,
 * what can reach the host, and recent events, each leading to its list. Live by the engine's events.
 */
export default function HomePage(props: { engine: EngineRef }): JSX.Element {
  const queryClient = useQueryClient();
  const engines = useQuery(() => enginesOptions());
  const containers = useQuery(() => containerListOptions(props.engine));
  const disk = useQuery(() => ({ ...diskUsageOptions(props.engine), retry: false }));
  const risks = useQuery(() => ({ ...hostRiskOptions(props.engine), retry: false }));
  const newer = useNewerImages(() => props.engine);
  const events = createEventLog(props.engine, 50, HISTORY_SECONDS);
  // Disk use follows events too, coalesced: /system/df walks every layer, so not once per event.
  let diskTimer: ReturnType<typeof setTimeout> | null = null;
  const live = useEngineEvents(props.engine, (event) => {
    if (!DISK_ACTIONS.has(eventAction(event)) || diskTimer !== null) return;
    diskTimer = setTimeout(() => {
      diskTimer = null;
      void queryClient.invalidateQueries({ queryKey: systemKeys.df(props.engine.name) });
    }, 1500);
  });
  onCleanup(() => diskTimer !== null && clearTimeout(diskTimer));
  const now = createNow();
  const recent = createMemo(() => events().rows.filter(isNotableEvent).slice(0, RECENT));
  const status = () => engines.data?.find((e) => e.name === props.engine.name);
  const counts = createMemo(() => countContainers(containers.data ?? []));
  const href = (state?: string, q?: string) => formatHash({ name: 'containers', engine: props.engine.name, ...(state ? { state } : {}), ...(q ? { filter: q } : {}) });

  return (
    <section class="page home" aria-labelledby="home-title" data-testid="engine-home">
      <div class="page-head">
        <h1 id="home-title">{props.engine.name}</h1>
        <div class="page-head-end">
          <LiveBadge live={live()} updatedAt={containers.dataUpdatedAt} error={containers.error} />
        </div>
      </div>
      <OfflineBanner live={live()} updatedAt={containers.dataUpdatedAt} error={containers.error} />
      <div class="home-grid">
        <section class="card" aria-labelledby="home-health-title" data-testid="home-health">
          <h2 class="card-title" id="home-health-title">Engine</h2>
          <p>
            <span class="home-health" data-testid="home-health-state" data-ok={status()?.ok ? 'true' : 'false'}>
              {status() ? (status()!.ok ? 'Answering' : 'Not answering') : 'Checking…'}
            </span>
          </p>
          <Show when={status()?.error}>{(error) => <p class="muted">{error()}</p>}</Show>
          <p data-testid="home-version">
            Docker {status()?.version ?? '?'} · API {props.engine.apiVersion}
            <Show when={status()?.os}> · {status()?.os}/{status()?.arch}</Show>
          </p>
          <a href={formatHash({ name: 'system', engine: props.engine.name })}>Version and info</a>
        </section>

        <section class="card" aria-labelledby="home-containers-title" data-testid="home-containers">
          <h2 class="card-title" id="home-containers-title">
            <a href={href()}>Containers</a>
          </h2>
          <QueryBoundary query={containers} loadingLabel="Counting containers…">
            {() => (
              <dl class="home-counts">
                <Count label="Running" value={counts().running} href={href('running')} testid="home-count-running" />
                <Count label="Stopped" value={counts().stopped} href={href('exited')} testid="home-count-stopped" />
                <Count label="Unhealthy" value={counts().unhealthy} href={href(undefined, '(unhealthy)')} testid="home-count-unhealthy" warn />
                <Count label="Restarting" value={counts().restarting} href={href('restarting')} testid="home-count-restarting" warn />
                <Show when={counts().paused > 0}>
                  <Count label="Paused" value={counts().paused} href={href('paused')} testid="home-count-paused" />
                </Show>
              </dl>
            )}
          </QueryBoundary>
        </section>

        <section class="card" aria-labelledby="home-disk-title" data-testid="home-disk">
          <h2 class="card-title" id="home-disk-title">
            <a href={formatHash({ name: 'system', engine: props.engine.name })}>Disk use</a>
          </h2>
          <QueryBoundary query={disk} loadingLabel="Reading disk use…">
            {(usage) => (
              <>
                <p>
                  <strong data-testid="home-disk-size">{formatBytes(usage().size)}</strong> used,{' '}
                  <strong data-testid="home-disk-reclaimable">{formatBytes(usage().reclaimable)}</strong> reclaimable
                </p>
                <ul class="home-disk-list">
                  <For each={usage().categories}>
                    {(category) => (
                      <li>
                        {category.label}: {formatBytes(category.size)}
                        <Show when={category.reclaimable > 0}>
                          <span class="muted"> ({formatBytes(category.reclaimable)} reclaimable)</span>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </>
            )}
          </QueryBoundary>
        </section>

        <section class="card" aria-labelledby="home-risk-title" data-testid="home-risks">
          <h2 class="card-title" id="home-risk-title">
            <a href={formatHash({ name: 'hostRisks', engine: props.engine.name })}>Host access</a>
          </h2>
          <QueryBoundary query={risks} loadingLabel="Judging containers…">
            {(data) => (
              <p>
                <a href={formatHash({ name: 'hostRisks', engine: props.engine.name })} data-testid="home-risk-count" data-count={data().rows.length}>
                  {data().rows.length === 0 ? 'Nothing' : data().rows.length === 1 ? '1 container or service' : `${data().rows.length} containers and services`}
                </a>{' '}
                can reach the host.
              </p>
            )}
          </QueryBoundary>
        </section>

        <section class="card" aria-labelledby="home-newer-title" data-testid="home-newer">
          <h2 class="card-title" id="home-newer-title">
            <a href={formatHash({ name: 'images', engine: props.engine.name })}>Newer images</a>
          </h2>
          <Show when={newer.images.data} fallback={<p class="muted">Reading images…</p>}>
            <p>
              <a href={formatHash({ name: 'images', engine: props.engine.name })} data-testid="home-newer-count" data-count={newer.newer().length} data-checking={newer.checking() ? 'true' : 'false'}>
                {newer.newer().length === 0 ? 'No image tag' : newer.newer().length === 1 ? '1 image tag' : `${newer.newer().length} image tags`}
              </a>{' '}
              {newer.newer().length === 1 ? 'has' : 'have'} a newer build in {newer.newer().length === 1 ? 'its registry' : 'their registries'}
              <span class="muted">
                {' '}
                ({newer.checks().size} from registries{newer.checkedAt() !== null ? `, checked ${formatAge(new Date(newer.checkedAt()!), now())}` : ''}
                {newer.checking() ? ', checking…' : ''})
              </span>
            </p>
          </Show>
        </section>

        <section class="card home-events" aria-labelledby="home-events-title" data-testid="home-events" data-status={events().status}>
          <h2 class="card-title" id="home-events-title">
            <a href={formatHash({ name: 'system', engine: props.engine.name })}>Recent events</a>
          </h2>
          <Show when={recent().length > 0} fallback={<p class="muted">No events in the last hour.</p>}>
            <ul class="home-event-list">
              <For each={recent()}>
                {(row) => (
                  <li data-testid="home-event" data-type={row.type} data-action={row.action} data-actor={row.actor}>
                    <a href={formatHash(eventRoute(row, props.engine.name))}>
                      {row.type} {row.action} <strong>{row.actor}</strong>
                    </a>{' '}
                    <span class="muted">{formatAge(new Date(row.at), now())}</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        </section>
      </div>
    </section>
  );
}

function Count(props: { label: string; value: number; href: string; testid: string; warn?: boolean }): JSX.Element {
  return (
    <div class="home-count" classList={{ 'home-count-warn': props.warn === true && props.value > 0 }}>
      <dt>{props.label}</dt>
      <dd>
        <a href={props.href} data-testid={props.testid} data-count={props.value}>
          {props.value}
        </a>
      </dd>
    </div>
  );
}
