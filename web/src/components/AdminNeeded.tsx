import type { JSX } from 'solid-js';

/** A page that only the admin token may use, opened with the viewer token: says so, offers nothing. */
export function AdminNeeded(props: { what: string; backHref: string; backLabel: string }): JSX.Element {
  return (
    <section class="page">
      <div class="state" role="status" data-testid="admin-needed">
        <p class="state-title">{props.what} needs the admin token</p>
        <p class="state-message">You are signed in with the viewer token, which can look at everything but change nothing. Sign in with the admin token to do this.</p>
        <div class="state-actions">
          <a class="button" href={props.backHref}>
            {props.backLabel}
          </a>
        </div>
      </div>
    </section>
  );
}
