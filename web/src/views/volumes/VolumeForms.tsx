import { useQueryClient } from '@tanstack/solid-query';
import { Show, createSignal, type JSX } from 'solid-js';
import { describeError } from '../../api/errors';
import type { EngineRef } from '../../api/types';
import { ErrorPanel } from '../../components/ErrorPanel';
import { FORCE_EXPLAINED, emptyVolumeForm, planVolumeRemovals, toVolumeCreateBody, volumeFormProblems, type VolumeForm } from '../../engine/volumeForms';
import type { VolumeUser } from '../../engine/volumes';
import { createVolume, removeVolume } from '../../queries/volumes';
import { BulkRemove } from '../../components/BulkRemove';
import '../../styles/containers-create.css';
import '../../styles/registries.css';
import { volumeKeys } from '../../queries/keys';

/** `docker volume create` with the local driver: a name (or none), labels, and the driver options the proxy allows. */
export function CreateVolumePanel(props: { engine: EngineRef; onCreated: (name: string) => void; onCancel: () => void }): JSX.Element {
  const queryClient = useQueryClient();
  const [form, setForm] = createSignal<VolumeForm>(emptyVolumeForm());
  const [shown, setShown] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);
  const problems = () => (shown() ? volumeFormProblems(form()) : {});
  const set = <K extends keyof VolumeForm>(key: K, value: VolumeForm[K]) => setForm({ ...form(), [key]: value });
  const submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    setShown(true);
    if (Object.keys(volumeFormProblems(form())).length) return;
    setBusy(true);
    setError(null);
    try {
      const made = await createVolume(props.engine, toVolumeCreateBody(form()));
      await queryClient.invalidateQueries({ queryKey: volumeKeys.all(props.engine.name) });
      props.onCreated(made.Name);
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="action-panel" data-testid="volume-create-form" data-admin onSubmit={(e) => void submit(e)}>
      <div class="form-grid">
        <label class="form-field">
          <span class="field-label">Name (optional)</span>
          <input class="input" data-testid="volume-create-name" placeholder="app-data" value={form().name} onInput={(e) => set('name', e.currentTarget.value)} />
          <Show when={problems().name}>{(text) => <span class="form-error" role="alert">{text()}</span>}</Show>
          <span class="muted">Empty: the engine names it. Driver: local.</span>
        </label>
        <label class="form-field">
          <span class="field-label">Labels (one key=value a line)</span>
          <textarea class="input" rows="2" data-testid="volume-create-labels" value={form().labels} onInput={(e) => set('labels', e.currentTarget.value)} />
          <Show when={problems().labels}>{(text) => <span class="form-error" role="alert">{text()}</span>}</Show>
        </label>
        <label class="form-field">
          <span class="field-label">Driver options (one key=value a line)</span>
          <textarea class="input" rows="3" data-testid="volume-create-options" placeholder={'type=tmpfs\ndevice=tmpfs\no=size=64m'} value={form().options} onInput={(e) => set('options', e.currentTarget.value)} />
          <Show when={problems().options}>{(text) => <span class="form-error" role="alert">{text()}</span>}</Show>
          <span class="muted">Porthole allows tmpfs volumes, and binds only below the directories its proxy was started with (--allow-bind).</span>
        </label>
      </div>
      <Show when={error()}>{(cause) => <ErrorPanel error={cause()} title="The volume was not created" />}</Show>
      <div class="form-actions">
        <button type="submit" class="button button-primary button-small" data-testid="volume-create-submit" data-admin disabled={busy()}>
          {busy() ? 'Creating…' : 'Create volume'}
        </button>
        <button type="button" class="button button-ghost button-small" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Removes one or several volumes after asking; in-use ones are named with their containers and left alone. */
export function RemoveVolumesPanel(props: {
  engine: EngineRef;
  volumes: readonly { name: string; users: readonly VolumeUser[]; size: number | null }[];
  onDone: () => void;
  onCancel: () => void;
}): JSX.Element {
  const queryClient = useQueryClient();
  const [force, setForce] = createSignal(false);
  return (
    <BulkRemove
      testId="volume-remove"
      nouns={['volume', 'volumes']}
      plan={planVolumeRemovals(props.volumes)}
      refusedTitle={['This volume is in use', 'Every one of these volumes is in use']}
      lost={() => 'every file in it is deleted for good.'}
      remove={(p) => removeVolume(props.engine, p.name, force())}
      reason={(cause) => describeError(cause).message}
      after={() => queryClient.invalidateQueries({ queryKey: volumeKeys.all(props.engine.name) })}
      onDone={props.onDone}
      onCancel={props.onCancel}
    >
      <label class="check">
        <input type="checkbox" data-testid="volume-remove-force" checked={force()} onChange={(e) => setForce(e.currentTarget.checked)} />
        <span>{FORCE_EXPLAINED}</span>
      </label>
    </BulkRemove>
  );
}
