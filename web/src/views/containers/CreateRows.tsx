/** The create form's lists of rows (environment, labels, ports, mounts) and its per-field error line. */
import { Index, Show, type JSX } from 'solid-js';
import type { CreateForm, FieldName, KeyValueRow, MountRow, PortRow } from '../../containers/createForm';
import '../../styles/containers-create.css';

/** The form as its parts see it: the values, a change to some of them, and a field's problem. */
export interface FormBinding {
  form: () => CreateForm;
  update: (change: Partial<CreateForm>) => void;
  error: (name: FieldName) => string | undefined;
}

const setRow = <T,>(list: readonly T[], index: number, change: Partial<T>): T[] => list.map((row, i) => (i === index ? { ...row, ...change } : row));

export function FieldError(p: { binding: FormBinding; name: FieldName }): JSX.Element {
  return (
    <Show when={p.binding.error(p.name)}>
      {(text) => (
        <p class="ct-field-error" role="alert" data-testid={`create-error-${p.name}`}>
          {text()}
        </p>
      )}
    </Show>
  );
}

export function KeyValues(p: { binding: FormBinding; key: 'env' | 'labels'; label: string }): JSX.Element {
  const list = () => p.binding.form()[p.key];
  const set = (next: KeyValueRow[]) => p.binding.update({ [p.key]: next });
  return (
    <fieldset class="ct-fieldset" data-testid={`create-${p.key}`} aria-invalid={p.binding.error(p.key) ? 'true' : undefined}>
      <legend>{p.label}</legend>
      <Index each={list()}>
        {(row, i) => (
          <div class="ct-row" data-testid={`create-${p.key}-row`}>
            <input class="input mono" aria-label={`${p.label} ${i + 1} name`} placeholder="KEY" value={row().key} onInput={(e) => set(setRow(list(), i, { key: e.currentTarget.value }))} />
            <span aria-hidden="true">=</span>
            <input class="input mono" aria-label={`${p.label} ${i + 1} value`} placeholder="value" value={row().value} onInput={(e) => set(setRow(list(), i, { value: e.currentTarget.value }))} />
            <button type="button" class="button button-small button-ghost" aria-label={`Remove ${p.label} ${i + 1}`} onClick={() => set(list().filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        )}
      </Index>
      <button type="button" class="button button-small" data-testid={`create-${p.key}-add`} onClick={() => set([...list(), { key: '', value: '' }])}>
        + Add
      </button>
      <FieldError binding={p.binding} name={p.key} />
    </fieldset>
  );
}

export function PortRows(p: { binding: FormBinding }): JSX.Element {
  const list = () => p.binding.form().ports;
  const set = (ports: PortRow[]) => p.binding.update({ ports });
  return (
    <fieldset class="ct-fieldset" data-testid="create-ports">
      <legend>Ports (host → container)</legend>
      <Index each={list()}>
        {(row, i) => (
          <div class="ct-row ct-row-wrap ct-port-row" data-testid="create-port-row">
            <input class="input mono ct-narrow" aria-label={`Port ${i + 1} host address`} placeholder="0.0.0.0" value={row().hostIp} onInput={(e) => set(setRow(list(), i, { hostIp: e.currentTarget.value }))} />
            <input class="input mono ct-narrow" aria-label={`Port ${i + 1} host port`} placeholder="any" inputmode="numeric" value={row().hostPort} onInput={(e) => set(setRow(list(), i, { hostPort: e.currentTarget.value }))} />
            <span aria-hidden="true">→</span>
            <input class="input mono ct-narrow" aria-label={`Port ${i + 1} container port`} placeholder="80" inputmode="numeric" value={row().containerPort} onInput={(e) => set(setRow(list(), i, { containerPort: e.currentTarget.value }))} />
            <select class="select" aria-label={`Port ${i + 1} protocol`} value={row().protocol} onChange={(e) => set(setRow(list(), i, { protocol: e.currentTarget.value as PortRow['protocol'] }))}>
              <option value="tcp">tcp</option>
              <option value="udp">udp</option>
              <option value="sctp">sctp</option>
            </select>
            <button type="button" class="button button-small button-ghost" aria-label={`Remove port ${i + 1}`} onClick={() => set(list().filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        )}
      </Index>
      <button type="button" class="button button-small" data-testid="create-ports-add" onClick={() => set([...list(), { hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' }])}>
        + Add a port
      </button>
      <FieldError binding={p.binding} name="ports" />
    </fieldset>
  );
}

export function MountRows(p: { binding: FormBinding }): JSX.Element {
  const list = () => p.binding.form().mounts;
  const set = (mounts: MountRow[]) => p.binding.update({ mounts });
  return (
    <fieldset class="ct-fieldset" data-testid="create-mounts">
      <legend>Mounts</legend>
      <Index each={list()}>
        {(row, i) => (
          <div class="ct-row ct-row-wrap" data-testid="create-mount-row">
            <select class="select" aria-label={`Mount ${i + 1} type`} value={row().type} onChange={(e) => set(setRow(list(), i, { type: e.currentTarget.value as MountRow['type'] }))}>
              <option value="bind">bind (host folder)</option>
              <option value="volume">volume</option>
            </select>
            <input class="input mono" aria-label={`Mount ${i + 1} source`} placeholder={row().type === 'bind' ? '/srv/data' : 'volume name (empty: anonymous)'} value={row().source} onInput={(e) => set(setRow(list(), i, { source: e.currentTarget.value }))} />
            <span aria-hidden="true">→</span>
            <input class="input mono" aria-label={`Mount ${i + 1} path in the container`} placeholder="/data" value={row().target} onInput={(e) => set(setRow(list(), i, { target: e.currentTarget.value }))} />
            <label class="ct-check">
              <input type="checkbox" checked={row().readOnly} onChange={(e) => set(setRow(list(), i, { readOnly: e.currentTarget.checked }))} /> read-only
            </label>
            <button type="button" class="button button-small button-ghost" aria-label={`Remove mount ${i + 1}`} onClick={() => set(list().filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        )}
      </Index>
      <button type="button" class="button button-small" data-testid="create-mounts-add" onClick={() => set([...list(), { type: 'volume', source: '', target: '', readOnly: false }])}>
        + Add a mount
      </button>
      <p class="muted ct-hint">Bind mounts work only below the folders the proxy allows (--allow-bind); named volumes always do.</p>
      <FieldError binding={p.binding} name="mounts" />
    </fieldset>
  );
}
