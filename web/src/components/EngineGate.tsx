import type { UseQueryResult } from '@tanstack/solid-query';
import { For, Match, Show, Switch, createMemo, type JSX } from 'solid-js';
import { toEngineRef } from '../api/engineApi';
import type { EngineRef, EngineStatus } from '../api/types';
import { QueryBoundary } from './QueryBoundary';
import { formatHash } from '../routes/router';

interface EngineGateProps {
  engines: UseQueryResult<EngineStatus[], Error>;
  name: string;
  children: (engine: EngineRef) => JSX.Element;
}

/** Renders an engine's view once its API version is known; a down engine gets a banner over its cached view. */
export function EngineGate(props: EngineGateProps): JSX.Element {
  return (
    <QueryBoundary query={props.engines} loadingLabel="Looking for engines…">
      {(engines) => {
        const engine = () => engines().find((candidate) => candidate.name === props.name);
        // Same name and API version → same object, so a health refresh does not remount the view.
        const ref = createMemo(
          () => {
            const found = engine();
            return found ? toEngineRef(found) : null;
          },
          null,
          { equals: (a, b) => a?.name === b?.name && a?.apiVersion === b?.apiVersion },
        );
        return (
          <Switch>
            <Match when={!engine()}>
              <div class="state state-error" role="alert">
                <p class="state-title">No engine named “{props.name}”</p>
                <p class="state-message">The proxy knows these engines:</p>
                <ul class="state-links">
                  <For each={engines()}>
                    {(known) => (
                      <li>
                        <a href={formatHash({ name: 'images', engine: known.name })}>{known.name}</a>
                      </li>
                    )}
                  </For>
                </ul>
              </div>
            </Match>
            <Match when={ref()} keyed>
              {(engineRef) => (
                <>
                  <Show when={engine() && !engine()!.ok}>
                    <div class="notice notice-warn" role="status" data-testid="engine-down-banner">
                      <span>
                        Engine “{engine()!.name}” is unreachable: {engine()!.error ?? 'the proxy could not reach it'}. Showing
                        what was last seen; changes are not possible until it is back.
                      </span>
                      <button type="button" class="button button-small" onClick={() => void props.engines.refetch()} disabled={props.engines.isFetching}>
                        {props.engines.isFetching ? 'Checking…' : 'Check again'}
                      </button>
                    </div>
                  </Show>
                  {props.children(engineRef)}
                </>
              )}
            </Match>
            <Match when={engine()}>
              {(down) => (
                <div class="state state-error" role="alert" data-testid="engine-down">
                  <p class="state-title">Engine “{down().name}” is unreachable</p>
                  <p class="state-message">{down().error ?? 'The proxy could not reach it.'}</p>
                  <div class="state-actions">
                    <button
                      type="button"
                      class="button"
                      onClick={() => void props.engines.refetch()}
                      disabled={props.engines.isFetching}
                    >
                      {props.engines.isFetching ? 'Checking…' : 'Check again'}
                    </button>
                  </div>
                </div>
              )}
            </Match>
          </Switch>
        );
      }}
    </QueryBoundary>
  );
}
