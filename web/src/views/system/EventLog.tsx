import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import type { EngineRef } from '../../api/types';
import { EVENT_LOG_CAP, filterEvents } from '../../system/eventLog';
import { createEventLog } from '../../queries/system';
import '../../styles/system.css';

const TYPES = ['container', 'image', 'volume', 'network', 'daemon', 'plugin', 'node', 'service', 'secret', 'config'];

/** `docker events` as a filterable log, newest first, the last EVENT_LOG_CAP kept. */
export function EventLog(props: { engine: EngineRef }): JSX.Element {
  const log = createEventLog(props.engine);
  const [filter, setFilter] = createSignal('');
  const rows = createMemo(() => filterEvents(log().rows, filter()));
  const time = (ms: number) => new Date(ms).toLocaleTimeString('en-GB');
  return (
    <section class="card" data-testid="event-log" data-status={log().status} aria-labelledby="events-title">
      <div class="sys-card-head">
        <h2 class="card-title" id="events-title">
          Events <span class="count">{log().rows.length}</span>
        </h2>
        <span class="sys-live" data-state={log().status} title={log().error ?? ''}>
          {log().status === 'live' ? 'Live' : log().status === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </span>
      </div>
      <div class="toolbar">
        <input
          type="search"
          class="input filter"
          data-testid="event-filter"
          placeholder="Filter: type:container action:die web"
          aria-label="Filter events (type:T, action:A, words in the actor)"
          value={filter()}
          onInput={(event) => setFilter(event.currentTarget.value)}
        />
        <select class="select" aria-label="Event type" onChange={(event) => setFilter(event.currentTarget.value ? `type:${event.currentTarget.value}` : '')}>
          <option value="">All types</option>
          <For each={TYPES}>{(type) => <option value={type}>{type}</option>}</For>
        </select>
      </div>
      <Show
        when={rows().length > 0}
        fallback={
          <p class="muted" data-testid="event-empty">
            {log().rows.length === 0 ? 'Nothing has happened since this page opened. Events show here as they happen.' : 'No event matches the filter.'}
          </p>
        }
      >
        <ol class="sys-events" aria-label="Events, newest first">
          <For each={rows()}>
            {(row) => (
              <li class="sys-event" data-testid="event-row" data-type={row.type} data-action={row.action} data-actor={row.actor}>
                <time class="muted num">{time(row.at)}</time>
                <span class="chip">{row.type}</span>
                <strong class="ellipsis">{row.action}</strong>
                <span class="ellipsis" title={row.actorId}>
                  {row.actor}
                </span>
              </li>
            )}
          </For>
        </ol>
        <Show when={log().rows.length >= EVENT_LOG_CAP}>
          <p class="muted">Only the last {EVENT_LOG_CAP} events are kept.</p>
        </Show>
      </Show>
    </section>
  );
}
