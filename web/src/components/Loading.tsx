import type { JSX } from 'solid-js';

export function Loading(props: { label?: string }): JSX.Element {
  return (
    <div class="state state-loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      <span>{props.label ?? 'Loading…'}</span>
    </div>
  );
}
