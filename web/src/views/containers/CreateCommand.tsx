/** The create form's command and entrypoint, edited as text (containers/argText.ts reads it), with the process fields beside them. */
import { For, Show, createSignal, type JSX } from 'solid-js';
import { argsToText, modeFor, textToArgs, type ArgMode } from '../../containers/argText';
import type { CreateForm, FieldErrors } from '../../containers/createForm';
import { joinShellWords, splitShellWords } from '../../containers/shellWords';
import { FieldError, type FormBinding } from './CreateRows';
import '../../styles/containers-create.css';

/** The text of the command and entrypoint fields, and what in them cannot be read (shown at the field). */
export function createArgText(binding: Pick<FormBinding, 'form' | 'update'>) {
  const [mode, setModeSignal] = createSignal<ArgMode>('words');
  const [cmdText, setCmdText] = createSignal('');
  const [entryText, setEntryText] = createSignal('');
  const [errors, setErrors] = createSignal<FieldErrors>({});
  return {
    mode,
    cmdText,
    entryText,
    errors,
    /** A whole new form (a run line, a duplicated container): its arguments as text. */
    fill(next: CreateForm): void {
      const nextMode = modeFor(next.cmd, mode());
      setModeSignal(nextMode);
      setCmdText(argsToText(next.cmd, nextMode));
      setEntryText(next.entrypoint ? joinShellWords(next.entrypoint) : '');
      setErrors({});
    },
    setMode(next: ArgMode): void {
      setModeSignal(next);
      setCmdText(argsToText(binding.form().cmd, next));
    },
    setCmd(text: string): void {
      setCmdText(text);
      const parsed = textToArgs(text, mode());
      setErrors({ ...errors(), cmd: parsed.error });
      if (!parsed.error) binding.update({ cmd: parsed.args });
    },
    setEntry(text: string): void {
      setEntryText(text);
      if (text.trim() === '') return binding.update({ entrypoint: null });
      const split = splitShellWords(text);
      setErrors({ ...errors(), entrypoint: split.error });
      if (!split.error) binding.update({ entrypoint: split.words });
    },
  };
}

export type ArgText = ReturnType<typeof createArgText>;

export function CommandFields(p: { binding: FormBinding; args: ArgText }): JSX.Element {
  const b = p.binding;
  const invalid = (name: 'cmd' | 'entrypoint' | 'workingDir' | 'user' | 'hostname') => (b.error(name) ? 'true' : undefined);
  return (
    <>
      <div class="ct-field">
        <div class="ct-label-row">
          <span class="field-label" id="create-cmd-label">
            Command
          </span>
          <select class="select select-small" data-testid="create-cmd-mode" aria-label="How the command is written" value={p.args.mode()} onChange={(e) => p.args.setMode(e.currentTarget.value as ArgMode)}>
            <option value="words">shell words</option>
            <option value="lines">one argument per line</option>
            <option value="sh">a string for sh -c</option>
          </select>
        </div>
        <Show
          when={p.args.mode() === 'lines'}
          fallback={<input class="input mono" aria-labelledby="create-cmd-label" data-testid="create-cmd" value={p.args.cmdText()} aria-invalid={invalid('cmd')} placeholder="(the image's CMD)" onInput={(e) => p.args.setCmd(e.currentTarget.value)} />}
        >
          <textarea class="input mono ct-textarea" rows="3" aria-labelledby="create-cmd-label" data-testid="create-cmd" value={p.args.cmdText()} onInput={(e) => p.args.setCmd(e.currentTarget.value)} />
        </Show>
        <Show when={b.form().cmd}>
          {(args) => (
            <ol class="ct-args" data-testid="create-cmd-args" aria-label="Arguments">
              <For each={args()}>
                {(arg) => (
                  <li>
                    <code>{arg === '' ? "''" : arg}</code>
                  </li>
                )}
              </For>
            </ol>
          )}
        </Show>
        <FieldError binding={b} name="cmd" />
      </div>

      <div class="ct-grid">
        <label class="ct-field">
          <span class="field-label">Entrypoint (shell words)</span>
          <input class="input mono" data-testid="create-entrypoint" value={p.args.entryText()} aria-invalid={invalid('entrypoint')} placeholder="(the image's ENTRYPOINT)" onInput={(e) => p.args.setEntry(e.currentTarget.value)} />
          <FieldError binding={b} name="entrypoint" />
        </label>
        <label class="ct-field">
          <span class="field-label">Working dir</span>
          <input class="input mono" data-testid="create-workdir" value={b.form().workingDir} aria-invalid={invalid('workingDir')} placeholder="/" onInput={(e) => b.update({ workingDir: e.currentTarget.value })} />
          <FieldError binding={b} name="workingDir" />
        </label>
        <label class="ct-field">
          <span class="field-label">User</span>
          <input class="input mono" data-testid="create-user" value={b.form().user} aria-invalid={invalid('user')} placeholder="root" onInput={(e) => b.update({ user: e.currentTarget.value })} />
          <FieldError binding={b} name="user" />
        </label>
        <label class="ct-field">
          <span class="field-label">Hostname</span>
          <input class="input mono" data-testid="create-hostname" value={b.form().hostname} aria-invalid={invalid('hostname')} onInput={(e) => b.update({ hostname: e.currentTarget.value })} />
          <FieldError binding={b} name="hostname" />
        </label>
      </div>
    </>
  );
}
