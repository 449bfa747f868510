import { Show, createSignal, type JSX } from 'solid-js';
import { ATTACH_SESSION, type SessionSpec } from '../../console/session';
import { parseCommand } from '../../console/shellDiscovery';
import '../../styles/console.css';

/** A custom session: a command (or a shell found by Porthole), a user, a working directory, or attach. */
export function NewSession(props: { onOpen: (spec: SessionSpec) => void; onCancel: () => void }): JSX.Element {
  const [mode, setMode] = createSignal<'shell' | 'command' | 'attach'>('shell');
  const [command, setCommand] = createSignal('');
  const [user, setUser] = createSignal('');
  const [workdir, setWorkdir] = createSignal('');
  const parsed = () => parseCommand(command());
  const invalid = () => mode() === 'command' && (parsed() === null || parsed()!.length === 0);
  return (
    <form
      class="console-form card"
      data-testid="console-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (invalid()) return;
        if (mode() === 'attach') return props.onOpen(ATTACH_SESSION);
        props.onOpen({ mode: 'exec', cmd: mode() === 'command' ? parsed() : null, user: user().trim(), workdir: workdir().trim(), staticShell: false });
      }}
    >
      <fieldset class="console-modes">
        <legend class="field-label">Open</legend>
        <label>
          <input type="radio" name="mode" checked={mode() === 'shell'} onChange={() => setMode('shell')} /> a shell (Porthole finds bash, sh or ash)
        </label>
        <label>
          <input type="radio" name="mode" checked={mode() === 'command'} onChange={() => setMode('command')} data-testid="console-mode-command" /> a command
        </label>
        <label>
          <input type="radio" name="mode" checked={mode() === 'attach'} onChange={() => setMode('attach')} data-testid="console-mode-attach" /> attach to the main process
        </label>
      </fieldset>
      <Show when={mode() === 'command'}>
        <label class="console-field">
          <span class="field-label">Command</span>
          <input class="input" data-testid="console-command-input" placeholder="e.g. top -d 1, or /bin/sh -l" value={command()} onInput={(e) => setCommand(e.currentTarget.value)} aria-invalid={command() !== '' && invalid()} />
          <Show when={command() !== '' && parsed() === null}>
            <span class="muted">A quote is not closed.</span>
          </Show>
        </label>
      </Show>
      <Show when={mode() !== 'attach'}>
        <div class="console-fields">
          <label class="console-field">
            <span class="field-label">User</span>
            <input class="input" data-testid="console-user-input" placeholder="image default; 0 = root" value={user()} onInput={(e) => setUser(e.currentTarget.value)} />
          </label>
          <label class="console-field">
            <span class="field-label">Working directory</span>
            <input class="input" placeholder="image default" value={workdir()} onInput={(e) => setWorkdir(e.currentTarget.value)} />
          </label>
        </div>
      </Show>
      <Show when={mode() === 'attach'}>
        <p class="muted">Attach shows the main process’s output and sends it your input if it was started with stdin open (-i). Closing the tab detaches; the process keeps running.</p>
      </Show>
      <div class="console-form-actions">
        <button type="submit" class="button button-primary" data-testid="console-open" disabled={invalid()}>
          Open
        </button>
        <button type="button" class="button button-ghost" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
