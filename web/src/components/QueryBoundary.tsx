import type { UseQueryResult } from '@tanstack/solid-query';
import { Match, Show, Switch, type Accessor, type JSX } from 'solid-js';
import { describeError } from '../api/errors';
import { ErrorPanel } from './ErrorPanel';
import { Loading } from './Loading';

interface QueryBoundaryProps<T> {
  query: UseQueryResult<T, Error>;
  loadingLabel?: string;
  /** Data that means "nothing to show" (e.g. an empty list) renders `empty` instead. */
  isEmpty?: (data: T) => boolean;
  empty?: JSX.Element;
  children: (data: Accessor<NonNullable<T>>) => JSX.Element;
}

/**
 * One place for a query's loading, error (with retry), empty and data states. Data that
 * is already shown stays when a background refresh fails; a notice says so.
 */
export function QueryBoundary<T>(props: QueryBoundaryProps<T>): JSX.Element {
  const retry = (): void => {
    void props.query.refetch();
  };
  return (
    <Switch>
      <Match when={props.query.isError && props.query.data === undefined}>
        <ErrorPanel error={props.query.error} onRetry={retry} retrying={props.query.isFetching} />
      </Match>
      <Match when={props.query.isPending}>
        <Loading label={props.loadingLabel} />
      </Match>
      <Match when={props.query.data !== undefined && props.isEmpty?.(props.query.data)}>{props.empty}</Match>
      <Match when={props.query.data}>
        {(data) => (
          <>
            <Show when={props.query.isError}>
              <div class="notice notice-warn" role="status" data-testid="refresh-failed">
                <span>Could not refresh: {describeError(props.query.error).message}</span>
                <button type="button" class="button button-small" onClick={retry}>
                  Retry
                </button>
              </div>
            </Show>
            {props.children(data)}
          </>
        )}
      </Match>
    </Switch>
  );
}
