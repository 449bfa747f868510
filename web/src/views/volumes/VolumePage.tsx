import { useQuery } from '@tanstack/solid-query';
import { Show, createMemo, createSignal, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { formatHash } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { Card, ContainerLinks, fieldWithPrefix, KeyValueCard, None } from '../../components/Details';
import { InspectLayout, InspectPage } from '../../components/InspectPage';
import { formatAge } from '../../engine/format';
import { formatBytes } from '../../engine/units';
import type { ContainerSummary, SystemDf, Volume } from '../../engine/types';
import { toVolumeRow, usersByVolume, volumeSizes } from '../../engine/volumes';
import { containerListOptions } from '../../queries/containers';
import { volumeDetailOptions, volumeUsageOptions } from '../../queries/volumes';
import { AdminOnly } from '../../app/role';
import { RemoveVolumesPanel } from './VolumeForms';
import '../../styles/registries.css';

const F = fieldWithPrefix('volume');

export function VolumePage(props: { engine: EngineRef; id: string }): JSX.Element {
  const volume = useQuery(() => volumeDetailOptions(props.engine, props.id));
  const containers = useQuery(() => ({ ...containerListOptions(props.engine), retry: false }));
  const usage = useQuery(() => ({ ...volumeUsageOptions(props.engine), retry: false }));
  return (
    <InspectPage
      what="volume"
      id={props.id}
      nameOf={(v) => v.Name}
      testid="volume-page"
      engine={props.engine}
      query={volume}
      backHref={formatHash({ name: 'volumes', engine: props.engine.name })}
      backLabel="Volumes"
      loadingLabel="Loading volume…"
    >
      {(data) => <VolumeDetails raw={data()} engine={props.engine.name} engineRef={props.engine} containers={containers.data} usage={usage.data} />}
    </InspectPage>
  );
}

function VolumeDetails(props: { raw: Volume; engine: string; engineRef: EngineRef; containers: ContainerSummary[] | undefined; usage: SystemDf | undefined }): JSX.Element {
  const row = createMemo(() => toVolumeRow(props.raw, usersByVolume(props.containers ?? []), volumeSizes(props.usage)));
  const now = createNow();
  const [removing, setRemoving] = createSignal(false);
  return (
    <InspectLayout
      name="volume"
      title={row().name}
      breakTitle
      raw={props.raw}
      chips={
        <>
          <span class="chip">{row().driver}</span>
          <span class="chip">{row().users.length === 0 ? 'unused' : `${row().users.length} using it`}</span>
        </>
      }
      actions={
        <AdminOnly>
          <div class="image-action-buttons">
            <button type="button" class="button button-small button-danger" data-testid="volume-remove-open" data-admin aria-expanded={removing()} onClick={() => setRemoving(!removing())}>
              Remove…
            </button>
          </div>
          <Show when={removing()}>
            <RemoveVolumesPanel
              engine={props.engineRef}
              volumes={[row()]}
              onCancel={() => setRemoving(false)}
              onDone={() => (location.hash = formatHash({ name: 'volumes', engine: props.engine }))}
            />
          </Show>
        </AdminOnly>
      }
    >
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
        <ContainerLinks engine={props.engine} testid="volume-field-users" itemTestid="volume-user" items={row().users} empty="No container mounts it.">
          {(user) => (
            <span class="muted">
              at <code>{user.destination}</code> · {user.state}
            </span>
          )}
        </ContainerLinks>
      </Card>
      <KeyValueCard title="Options" testid="volume-field-options" rows={row().options} empty="No driver options." />
      <KeyValueCard title="Labels" testid="volume-field-labels" rows={row().labels} empty="No labels." />
    </InspectLayout>
  );
}
