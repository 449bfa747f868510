import { Show, type JSX } from 'solid-js';
import { describeError } from '../api/errors';

interface ErrorPanelProps {
  error: unknown;
  /** Overrides the title guessed from the status, when the caller knows better. */
  title?: string;
  onRetry?: () => void;
  retrying?: boolean;
  /** Extra actions, e.g. a link back to a list. */
  children?: JSX.Element;
}

export function ErrorPanel(props: ErrorPanelProps): JSX.Element {
  const text = () => describeError(props.error);
  return (
    <div class="state state-error" role="alert" data-testid="error-panel">
      <p class="state-title">{props.title ?? text().title}</p>
      <p class="state-message">{text().message}</p>
      <Show when={text().hint}>{(hint) => <p class="state-hint">{hint()}</p>}</Show>
      <div class="state-actions">
        <Show when={props.onRetry}>
          {(retry) => (
            <button type="button" class="button" onClick={() => retry()()} disabled={props.retrying}>
              {props.retrying ? 'Retrying…' : 'Retry'}
            </button>
          )}
        </Show>
        {props.children}
      </div>
    </div>
  );
}
