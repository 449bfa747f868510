import type { UseQueryResult } from '@tanstack/solid-query';
import type { JSX } from 'solid-js';
import { isApiError } from '../api/errors';

/** The engine answered 404: the object was removed (by anyone) since the page opened, or never was. */
export function isGone(query: UseQueryResult<unknown, Error>): boolean {
  return query.isError && isApiError(query.error) && query.error.status === 404;
}

/**
 * Says in plain words that the object is no longer on the engine, and offers nothing to do to
 * it: only the way back to its list.
 */
export function GoneNotice(props: { what: string; name: string; seen: boolean; backHref: string; backLabel: string }): JSX.Element {
  return (
    <div class="state" role="status" data-testid="gone" data-name={props.name}>
      <p class="state-title">
        {props.seen ? `This ${props.what} was removed` : `No ${props.what} ${props.name} on this engine`}
      </p>
      <p class="state-message">
        {props.seen
          ? `The engine no longer has ${props.what} ${props.name}: it was removed, here or elsewhere (another page, the docker CLI, a script). Nothing more can be done with it.`
          : `The engine has no ${props.what} by that name or id. It may have been removed or renamed.`}
      </p>
      <div class="state-actions">
        <a class="button" href={props.backHref}>
          {props.backLabel}
        </a>
      </div>
    </div>
  );
}
