/** Parts of the create form with a job of their own: limits, how it runs, a pasted .env block or docker run line, what a duplicate carried. */
import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import { describeCarried, type Carried, type NotCarried } from '../../containers/carry';
import { RESTART_NAMES, mergeRows, parseEnvBlock, type CreateForm } from '../../containers/createForm';
import { parseRunLine } from '../../containers/runLine';
import { FieldError, type FormBinding } from './CreateRows';
import '../../styles/containers-create.css';

/** Restart policy, memory, CPUs and the network (`networks`: the engine's, for the suggestions). */
export function LimitFields(p: { binding: FormBinding; networks: readonly string[] }): JSX.Element {
  const binding = p.binding;
  const form = () => binding.form();
  const update = (change: Partial<CreateForm>) => binding.update(change);
  const fieldError = (name: 'memory' | 'cpus' | 'network') => binding.error(name);
  return (
    <div class="ct-grid">
      <label class="ct-field">
        <span class="field-label">Restart policy</span>
        <select class="select" data-testid="create-restart" value={form().restart} onChange={(e) => update({ restart: e.currentTarget.value as CreateForm['restart'] })}>
          <For each={RESTART_NAMES}>{(name) => <option value={name}>{name}</option>}</For>
        </select>
        <FieldError binding={binding} name="restart" />
      </label>
      <Show when={form().restart === 'on-failure'}>
        <label class="ct-field">
          <span class="field-label">Retries (0: no limit)</span>
          <input class="input" type="number" min="0" data-testid="create-restart-max" value={form().restartMax} onInput={(e) => update({ restartMax: Number(e.currentTarget.value) || 0 })} />
        </label>
      </Show>
      <label class="ct-field">
        <span class="field-label">Memory limit</span>
        <input class="input mono" data-testid="create-memory" value={form().memory} aria-invalid={fieldError('memory') ? 'true' : undefined} placeholder="256m, 1g (none)" onInput={(e) => update({ memory: e.currentTarget.value })} />
        <FieldError binding={binding} name="memory" />
      </label>
      <label class="ct-field">
        <span class="field-label">CPUs</span>
        <input class="input mono" inputmode="decimal" data-testid="create-cpus" value={form().cpus} aria-invalid={fieldError('cpus') ? 'true' : undefined} placeholder="2, 0.5 (none)" onInput={(e) => update({ cpus: e.currentTarget.value })} />
        <FieldError binding={binding} name="cpus" />
      </label>
      <label class="ct-field">
        <span class="field-label">Network</span>
        <input class="input mono" list="create-networks" data-testid="create-network" value={form().network} aria-invalid={fieldError('network') ? 'true' : undefined} placeholder="bridge (default)" onInput={(e) => update({ network: e.currentTarget.value })} />
        <datalist id="create-networks">
          <For each={p.networks}>{(name) => <option value={name} />}</For>
        </datalist>
        <FieldError binding={binding} name="network" />
      </label>
    </div>
  );
}

/** Detached, interactive with a TTY, or in the foreground; and --rm. */
export function RunModeFields(p: { binding: FormBinding }): JSX.Element {
  const form = () => p.binding.form();
  const update = (change: Partial<CreateForm>) => p.binding.update(change);
  return (
    <fieldset class="ct-fieldset">
      <legend>How it runs</legend>
      <label class="ct-check">
        <input type="radio" name="create-mode" data-testid="create-detach" checked={form().detach} onChange={() => update({ detach: true })} /> detached (-d): start it and open its page
      </label>
      <label class="ct-check">
        <input type="radio" name="create-mode" data-testid="create-interactive" checked={!form().detach && form().interactive && form().tty} onChange={() => update({ detach: false, interactive: true, tty: true })} /> interactive with a TTY (-it): open its console
      </label>
      <label class="ct-check">
        <input type="radio" name="create-mode" data-testid="create-foreground" checked={!form().detach && !(form().interactive && form().tty)} onChange={() => update({ detach: false, interactive: false, tty: false })} /> in the foreground: follow its logs
      </label>
      <label class="ct-check">
        <input type="checkbox" data-testid="create-rm" checked={form().autoRemove} onChange={(e) => update({ autoRemove: e.currentTarget.checked })} /> remove it when it exits (--rm)
      </label>
    </fieldset>
  );
}

/** A .env block pasted in, added to the environment rows. */
export function EnvPaste(p: { binding: FormBinding }): JSX.Element {
  const [envPaste, setEnvPaste] = createSignal('');
  const form = () => p.binding.form();
  const update = (change: Partial<CreateForm>) => p.binding.update(change);
  return (
    <details class="ct-envpaste">
      <summary>Paste a .env block</summary>
      <textarea class="input mono ct-textarea" rows="4" data-testid="create-env-paste" aria-label=".env lines" placeholder={'KEY=value\n# comments are skipped'} value={envPaste()} onInput={(e) => setEnvPaste(e.currentTarget.value)} />
      <button
        type="button"
        class="button button-small"
        data-testid="create-env-paste-apply"
        onClick={() => {
          update({ env: mergeRows(form().env, parseEnvBlock(envPaste())) });
          setEnvPaste('');
        }}
      >
        Add these variables
      </button>
    </details>
  );
}

/** A docker run line pasted in, read into a whole form (`onFill`), with what could not be read. */
export function RunLinePaste(p: { open: boolean; onFill: (form: CreateForm) => void }): JSX.Element {
  const [runLine, setRunLine] = createSignal('');
  const [runNotes, setRunNotes] = createSignal<string[]>([]);
  const applyRunLine = (): void => {
    const parsed = parseRunLine(runLine());
    if ('error' in parsed) {
      setRunNotes([parsed.error]);
      return;
    }
    p.onFill(parsed.form);
    setRunNotes([...parsed.unknown.map((flag) => `Not read: ${flag} (Porthole has no field for it; it was left out)`), ...parsed.problems]);
  };
  return (
    <details class="card ct-paste" open={p.open}>
      <summary class="card-title">Paste a docker run line</summary>
      <textarea
        class="input mono ct-textarea"
        rows="3"
        data-testid="create-runline"
        aria-label="A docker run command line"
        placeholder="docker run -d --name web -p 8080:80 -e KEY=value nginx:1.27"
        value={runLine()}
        onInput={(e) => setRunLine(e.currentTarget.value)}
      />
      <div class="ct-actions">
        <button type="button" class="button" data-testid="create-runline-apply" onClick={applyRunLine} disabled={runLine().trim() === ''}>
          Fill the form
        </button>
      </div>
      <Show when={runNotes().length > 0}>
        <ul class="ct-notes" data-testid="create-runline-notes">
          <For each={runNotes()}>{(note) => <li>{note}</li>}</For>
        </ul>
      </Show>
    </details>
  );
}

/** What a duplicated container's settings did not carry over (and why), and what else they did. */
export function CarriedNotes(p: { notCarried: readonly NotCarried[]; carried: Carried | undefined }): JSX.Element {
  const notCarried = () => p.notCarried;
  const carriedLines = createMemo(() => (p.carried ? describeCarried(p.carried) : []));
  return (
    <>
      <Show when={notCarried().length > 0}>
        <div class="notice notice-warn" data-testid="create-skipped">
          Not carried over:
          <ul>
            <For each={notCarried()}>{(item) => <li data-testid="create-skipped-item">{item.setting}: {item.why}</li>}</For>
          </ul>
        </div>
      </Show>
      <Show when={carriedLines().length > 0}>
        <details class="card" data-testid="create-carried">
          <summary class="card-title">Also carried over from the container ({carriedLines().length})</summary>
          <ul class="ct-notes mono">
            <For each={carriedLines()}>{(line) => <li>{line}</li>}</For>
          </ul>
        </details>
      </Show>
    </>
  );
}
