import type { JSX } from 'solid-js';
import { formatHash } from '../routes/router';

export function NotFound(props: { path: string }): JSX.Element {
  return (
    <section class="page">
      <div class="state" data-testid="not-found">
        <p class="state-title">Nothing here</p>
        <p class="state-message">
          There is no page at <code>#{props.path}</code>.
        </p>
        <div class="state-actions">
          <a class="button" href={formatHash({ name: 'home' })}>
            Go to the start page
          </a>
        </div>
      </div>
    </section>
  );
}
