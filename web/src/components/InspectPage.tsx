import type { UseQueryResult } from '@tanstack/solid-query';
import { Show, type Accessor, type JSX } from 'solid-js';
import type { EngineRef } from '../api/types';
import { isOffline, LiveBadge, OfflineBanner } from './OfflineNotice';
import { useEngineEvents } from '../streams/events';
import { RawJson } from './Details';
import { GoneNotice, isGone } from './Gone';
import { QueryBoundary } from './QueryBoundary';
import '../styles/inventory.css';

/**
 * The frame of a live inspect page (container, network, volume): the link back to the list,
 * the live badge, the offline banner and the query's loading and error states.
 */
export function InspectPage<T>(props: {
  testid: string;
  engine: EngineRef;
  query: UseQueryResult<T, Error>;
  backHref: string;
  /** The list's name, e.g. "Networks": the link reads "← Networks". */
  backLabel: string;
  loadingLabel: string;
  /** "container", "network", "volume": what the page says is gone once the engine answers 404. */
  what: string;
  /** The name the page was opened with (id or name), for the gone notice. */
  id: string;
  /** The object's name for people, from the data last seen. */
  nameOf?: (data: NonNullable<T>) => string;
  children: (data: Accessor<NonNullable<T>>) => JSX.Element;
}): JSX.Element {
  const live = useEngineEvents(props.engine);
  const offline = () => isOffline({ live: live(), updatedAt: props.query.dataUpdatedAt, error: props.query.error });
  return (
    <section class="page" data-testid={props.testid} data-state={props.query.status}>
      <div class="page-head">
        <a class="back-link" href={props.backHref}>
          {`← ${props.backLabel}`}
        </a>
        <div class="page-head-end">
          <LiveBadge live={live()} updatedAt={props.query.dataUpdatedAt} error={props.query.error} />
        </div>
      </div>
      <OfflineBanner live={live()} updatedAt={props.query.dataUpdatedAt} error={props.query.error} />
      <Show
        when={!isGone(props.query)}
        fallback={<GoneNotice what={props.what} name={props.query.data != null && props.nameOf ? props.nameOf(props.query.data) : props.id} seen={props.query.data !== undefined} backHref={props.backHref} backLabel={`Back to ${props.backLabel.toLowerCase()}`} />}
      >
        {/* Offline the page is the last known state: its buttons and fields are off, as the banner says. */}
        <fieldset class="offline-fence" disabled={offline()} data-testid="offline-fence" title={offline() ? 'The engine is not answering: actions wait until it is back' : undefined}>
          <QueryBoundary query={props.query} loadingLabel={props.loadingLabel}>
            {props.children}
          </QueryBoundary>
        </fieldset>
      </Show>
    </section>
  );
}

/**
 * The body of an inspect page (image, container, network, volume): title and chips, the
 * cards, and the engine's raw JSON beside them. `name` gives the title's id (`NAME-title`).
 */
export function InspectLayout(props: {
  name: string;
  title: JSX.Element;
  /** Long names (volumes) may break anywhere. */
  breakTitle?: boolean;
  chips: JSX.Element;
  /** Below the chips, inside the header (e.g. the image's actions). */
  actions?: JSX.Element;
  raw: unknown;
  children: JSX.Element;
}): JSX.Element {
  return (
    <div class="image-layout">
      <article class="image-main" aria-labelledby={`${props.name}-title`}>
        <header class="image-head">
          <h1 id={`${props.name}-title`} class={props.breakTitle ? 'image-title break' : 'image-title'}>
            {props.title}
          </h1>
          <div class="chips">{props.chips}</div>
          {props.actions}
        </header>
        {props.children}
      </article>
      <RawJson value={props.raw} />
    </div>
  );
}
