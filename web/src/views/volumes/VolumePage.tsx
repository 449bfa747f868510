import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { LiveBadge, OfflineBanner } from '../../app/OfflineNotice';
import { formatHash } from '../../app/router';
import type { EngineRef } from '../../api/types';
import { Card, Field, KeyValueTable, None, RawJson } from '../../components/Details';
import { QueryBoundary } from '../../components/QueryBoundary';
import { formatAge, formatBytes } from '../../engine/format';
import type { ContainerSummary, SystemDf, Volume } from '../../engine/types';
import { toVolumeRow, usersByVolume, volumeSizes } from '../../engine/volumes';
import { containerListOptions } from '../../queries/containers';
import { volumeDetailOptions, volumeUsageOptions } from '../../queries/volumes';
import { useEngineEvents } from '../../streams/events';

export function VolumePage(props: { engine: EngineRef; id: string }): JSX.Element {
  const volume = useQuery(() => volumeDetailOptions(props.engine, props.id));
  const containers = useQuery(() => ({ ...containerListOptions(props.engine), retry: false }));
  const usage = useQuery(() => ({ ...volumeUsageOptions(props.engine), retry: false }));
  const live = useEngineEvents(props.engine);
  return (
    <section class="page" data-testid="volume-page" data-state={volume.status}>
      <div class="page-head">
        <a class="back-link" href={formatHash({ name: 'volumes', engine: props.engine.name })}>
          ← Volumes
        </a>
        <div class="page-head-end">
          <LiveBadge live={live()} updatedAt={volume.dataUpdatedAt} error={volume.error} />
        </div>
      </div>
      <OfflineBanner live={live()} updatedAt={volume.dataUpdatedAt} error={volume.error} />
      <QueryBoundary query={volume} loadingLabel="Loading volume…">
        {(data) => <VolumeDetails raw={data()} engine={props.engine.name} containers={containers.data} usage={usage.data} />}
      </QueryBoundary>
    </section>
  );
}

function VolumeDetails(props: { raw: Volume; engine: string; containers: ContainerSummary[] | undefined; usage: SystemDf | undefined }): JSX.Element {
  const row = createMemo(() => toVolumeRow(props.raw, usersByVolume(props.containers ?? []), volumeSizes(props.usage)));
  const now = createNow();
  const F = (p: { name: string; label: string; children: JSX.Element }): JSX.Element => (
    <Field prefix="volume" name={p.name} label={p.label}>
      {p.children}
    </Field>
  );
  return (
    <div class="image-layout">
      <article class="image-main" aria-labelledby="volume-title">
        <header class="image-head">
          <h1 id="volume-title" class="image-title break">
            {row().name}
          </h1>
          <div class="chips">
            <span class="chip">{row().driver}</span>
            <span class="chip">{row().users.length === 0 ? 'unused' : `${row().users.length} using it`}</span>
          </div>
        </header>
        <Card title="Volume">
          <dl class="fields">
            <F name="driver" label="Driver">
              {row().driver}
            </F>
            <F name="mountpoint" label="Mountpoint">
              <code class="break">{row().mountpoint}</code>
            </F>
            <F name="size" label="Size">
              {row().size !== null ? formatBytes(row().size ?? 0) : <None text="not reported by the engine" />}
            </F>
            <F name="scope" label="Scope">
              {row().scope}
            </F>
            <F name="created" label="Created">
              {row().created ? formatAge(row().created, now()) : <None text="unknown" />}
            </F>
          </dl>
        </Card>
        <Card title="Used by" count={row().users.length}>
          <div data-testid="volume-field-users" data-count={row().users.length}>
            <Show when={row().users.length > 0} fallback={<p class="muted">No container mounts it.</p>}>
              <ul class="value-list">
                <For each={row().users}>
                  {(user) => (
                    <li data-testid="volume-user" data-name={user.name}>
                      <a href={formatHash({ name: 'container', engine: props.engine, id: user.id })}>{user.name}</a>{' '}
                      <span class="muted">
                        at <code>{user.destination}</code> · {user.state}
                      </span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </div>
        </Card>
        <Card title="Options" count={row().options.length}>
          <KeyValueTable testid="volume-field-options" rows={row().options} empty="No driver options." />
        </Card>
        <Card title="Labels" count={row().labels.length}>
          <KeyValueTable testid="volume-field-labels" rows={row().labels} empty="No labels." />
        </Card>
      </article>
      <RawJson value={props.raw} />
    </div>
  );
}
