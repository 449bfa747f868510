import { For, Show, onCleanup, onMount, type JSX } from 'solid-js';
import '../styles/containers-create.css';
import { trapFocus } from './focusTrap';

/** Asks first: what the action does, what will be lost, and two buttons. Holds keyboard focus while open; Escape cancels. */
export function Confirm(props: {
  title: string;
  lost: readonly string[];
  confirmLabel: string;
  busy?: boolean;
  children?: JSX.Element;
  onConfirm: () => void;
  onCancel: () => void;
}): JSX.Element {
  let panel!: HTMLDivElement;
  onMount(() => onCleanup(trapFocus(panel, () => !props.busy && props.onCancel())));
  return (
    <div class="ct-confirm" role="alertdialog" aria-label={props.title} data-testid="confirm" ref={panel}>
      <p class="ct-confirm-title">{props.title}</p>
      <Show when={props.lost.length > 0}>
        <ul class="ct-lost" data-testid="confirm-lost">
          <For each={props.lost}>{(line) => <li>{line}</li>}</For>
        </ul>
      </Show>
      {props.children}
      <div class="ct-actions">
        <button type="button" class="button button-danger" data-testid="confirm-yes" disabled={props.busy} onClick={() => props.onConfirm()}>
          {props.busy ? 'Working…' : props.confirmLabel}
        </button>
        <button type="button" class="button button-ghost" data-testid="confirm-no" disabled={props.busy} onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/** A result line: what happened, or the engine's reason and what to do next. */
export function StatusLine(props: { status: { kind: 'ok' | 'error' | 'busy'; text: string } | null }): JSX.Element {
  return (
    <Show when={props.status}>
      {(s) => (
        <p class={`ct-status ct-status-${s().kind}`} role={s().kind === 'error' ? 'alert' : 'status'} data-testid="action-status" data-kind={s().kind}>
          {s().text}
        </p>
      )}
    </Show>
  );
}
