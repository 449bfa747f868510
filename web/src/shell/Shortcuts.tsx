import { For, Show, createSignal, onCleanup, onMount, type JSX } from 'solid-js';
import type { LinkRoute } from '../routes/router';
import { SHORTCUTS, createShortcutReader } from '../app/shortcuts';
import '../styles/inventory.css';

function inField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Keyboard shortcuts on desktop (see shortcuts.ts), and the `?` dialog that lists them. */
export function Shortcuts(props: { engine: string | null; navigate: (route: LinkRoute) => void }): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const reader = createShortcutReader();
  let dialog: HTMLDialogElement | undefined;

  const show = (value: boolean): void => {
    setOpen(value);
    if (value) dialog?.showModal();
    else dialog?.close();
  };

  const onKey = (event: KeyboardEvent): void => {
    const action = reader.press({
      key: event.key,
      ctrlKey: event.ctrlKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
      inField: inField(event.target),
      time: event.timeStamp,
    });
    if (!action) return;
    switch (action.kind) {
      case 'focusFilter': {
        const filter = document.querySelector<HTMLInputElement>('main input[data-filter], main input.filter');
        if (!filter) return;
        event.preventDefault();
        filter.focus();
        filter.select();
        return;
      }
      case 'help':
        event.preventDefault();
        show(!open());
        return;
      case 'close':
        if (open()) show(false);
        else if (inField(event.target) && event.target instanceof HTMLInputElement && event.target.matches('[data-filter], .filter')) event.target.blur();
        return;
      case 'go':
        if (props.engine === null) return;
        event.preventDefault();
        props.navigate({ name: action.section, engine: props.engine });
        return;
    }
  };
  onMount(() => document.addEventListener('keydown', onKey));
  onCleanup(() => document.removeEventListener('keydown', onKey));

  return (
    <dialog class="shortcuts" ref={dialog} data-testid="shortcuts" aria-labelledby="shortcuts-title" onClose={() => setOpen(false)}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <Show when={open()}>
        <dl class="shortcut-list">
          <For each={SHORTCUTS}>
            {(shortcut) => (
              <div class="shortcut">
                <dt>
                  <For each={shortcut.keys}>{(key) => <kbd>{key}</kbd>}</For>
                </dt>
                <dd>{shortcut.what}</dd>
              </div>
            )}
          </For>
        </dl>
      </Show>
      <form method="dialog">
        <button class="button button-small" type="submit">
          Close
        </button>
      </form>
    </dialog>
  );
}
