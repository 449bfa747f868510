import { useQuery } from '@tanstack/solid-query';
import { For, Show, createEffect, createMemo, createSignal, mapArray, on, onCleanup, type JSX } from 'solid-js';
import { formatHash } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { VirtualList } from '../../components/VirtualList';
import { createFollowScroll } from '../../components/followScroll';
import { composeProjects } from '../../compose/projects';
import { highlight, parseSince, shortTime } from '../../containers/logs';
import { LogMerger, colourSlot, type MergedLine } from '../../containers/mergeLogs';
import { toContainerRow, type ContainerRow } from '../../engine/containers';
import { containerDetailOptions, containerListOptions } from '../../queries/containers';
import { createLogStream, type StreamStatus } from '../../streams/logStream';
import '../../styles/containers-create.css';
import '../../styles/containers-logs.css';

interface MergedLogsProps {
  engine: EngineRef;
  ids?: string[];
  project?: string;
  service?: string;
}

/** Several containers' logs in one list, interleaved by time, each with its colour and name; following live. */
export default function MergedLogs(props: MergedLogsProps): JSX.Element {
  const list = useQuery(() => containerListOptions(props.engine));
  const rows = createMemo(() => (list.data ?? []).map(toContainerRow));
  /** The containers merged: the picked ids, or the project's (service's) containers in service order. */
  const chosen = createMemo<ContainerRow[]>(() => {
    if (props.project) {
      const project = composeProjects(rows()).find((p) => p.name === props.project);
      if (!project) return [];
      return props.service ? (project.services.find((s) => s.name === props.service)?.containers ?? []) : project.containers;
    }
    const byId = new Map(rows().map((r) => [r.id, r]));
    return (props.ids ?? []).map((id) => byId.get(id) ?? rows().find((r) => r.name === id || r.id.startsWith(id))).filter((r): r is ContainerRow => !!r);
  });
  const title = () => (props.project ? `Logs of ${props.service ? `${props.project} / ${props.service}` : `project ${props.project}`}` : 'Merged logs');
  const back = () =>
    props.project ? <a class="back-link" href={formatHash({ name: 'composeProject', engine: props.engine.name, project: props.project })}>← Project {props.project}</a> : <a class="back-link" href={formatHash({ name: 'containers', engine: props.engine.name })}>← Containers</a>;
  return (
    <section class="page ct-logs-page" data-testid="merged-logs">
      <div class="page-head">{back()}</div>
      <QueryBoundary query={list} loadingLabel="Loading containers…">
        {() => (
          <Show when={chosen().length > 0} fallback={<Picker engine={props.engine} rows={rows()} picked={props.ids ?? []} empty={!!props.project} />}>
            {/* Another set of containers is another view: its streams and merge start afresh. */}
            <Show when={chosen().map((r) => r.id).join(',')} keyed>
              <MergedView engine={props.engine} title={title()} sources={chosen()} all={rows()} ids={props.project ? undefined : props.ids} />
            </Show>
          </Show>
        )}
      </QueryBoundary>
    </section>
  );
}

/** Choose the containers to merge; the choice goes in the address (#/ENGINE/logs?c=ID,ID). */
function Picker(props: { engine: EngineRef; rows: ContainerRow[]; picked: string[]; empty: boolean }): JSX.Element {
  const [picked, setPicked] = createSignal<ReadonlySet<string>>(new Set(props.picked));
  const sorted = () => [...props.rows].sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running') || a.name.localeCompare(b.name));
  const href = () => formatHash({ name: 'mergedLogs', engine: props.engine.name, ids: [...picked()] });
  return (
    <div class="card ml-picker" data-testid="merged-logs-picker">
      <h1 class="ct-logs-title">Merged logs</h1>
      <Show when={props.empty}>
        <p class="ct-status ct-status-error" role="alert">This project has no containers on the engine now.</p>
      </Show>
      <p class="muted">Pick the containers whose logs to show together, interleaved by time.</p>
      <div class="ml-pick-list">
        <For each={sorted()}>
          {(row) => (
            <label class="ct-check">
              <input
                type="checkbox"
                data-testid="merged-logs-pick"
                data-name={row.name}
                checked={picked().has(row.id)}
                onChange={(e) => {
                  const next = new Set(picked());
                  if (e.currentTarget.checked) next.add(row.id);
                  else next.delete(row.id);
                  setPicked(next);
                }}
              />{' '}
              {row.name} <span class="muted">({row.state})</span>
            </label>
          )}
        </For>
      </div>
      <a class="button button-primary" data-testid="merged-logs-show" aria-disabled={picked().size === 0} href={picked().size ? href() : undefined}>
        Show {picked().size} together
      </a>
    </div>
  );
}

interface Source {
  row: ContainerRow;
  status: () => StreamStatus;
  error: () => string | null;
}

function MergedView(props: { engine: EngineRef; title: string; sources: ContainerRow[]; all: ContainerRow[]; ids?: string[] }): JSX.Element {
  const [follow, setFollow] = createSignal(true);
  const [tail, setTail] = createSignal('200');
  const [since, setSince] = createSignal('');
  const [showTime, setShowTime] = createSignal(true);
  const [query, setQuery] = createSignal('');
  const [hidden, setHidden] = createSignal<ReadonlySet<number>>(new Set());
  const sinceSeconds = createMemo(() => parseSince(since(), Date.now()));
  const options = createMemo(() => ({ follow: follow(), tail: tail().trim() === '' || tail() === 'all' ? null : Number(tail()) || 0, since: sinceSeconds() }), undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });

  // One merger for the view (a new set of containers is a new view); new options start it over.
  const merger = new LogMerger();
  const [version, setVersion] = createSignal(0);
  const ids = createMemo(() => props.sources.map((s) => s.id), undefined, { equals: (a, b) => a.join() === b.join() });
  createEffect(
    on(
      options,
      () => {
        merger.clear();
        setVersion((v) => v + 1);
      },
      { defer: true },
    ),
  );

  // One stream per container, each following through restarts (createLogStream); new lines go to the merger.
  const sources = mapArray(ids, (id, index) => {
    const detail = useQuery(() => containerDetailOptions(props.engine, id));
    const log = createLogStream(() => {
      const inspect = detail.data;
      return inspect ? { engine: props.engine, id, tty: inspect.Config?.Tty === true, options: options() } : null;
    });
    let frame = 0;
    createEffect(
      on(log.lines, (lines) => {
        if (lines.length === 0) {
          merger.drop(index());
          setVersion((v) => v + 1);
          return;
        }
        if (merger.add(index(), lines) && !frame) {
          frame = requestAnimationFrame(() => {
            frame = 0;
            setVersion((v) => v + 1);
          });
        }
      }),
    );
    onCleanup(() => cancelAnimationFrame(frame));
    return { id, status: log.status, error: log.error } ;
  });
  const sourceList = createMemo<Source[]>(() => {
    const streams = sources();
    return props.sources.map((row, i) => ({ row, status: streams[i]?.status ?? (() => 'idle' as StreamStatus), error: streams[i]?.error ?? (() => null) }));
  });

  const shown = createMemo<MergedLine[]>(() => {
    version();
    const off = hidden();
    const all = merger.lines();
    return off.size === 0 ? all : all.filter((m) => !off.has(m.source));
  });
  const matchCount = createMemo(() => {
    const q = query().toLowerCase();
    return q ? shown().reduce((n, m) => n + (m.line.text.toLowerCase().includes(q) ? 1 : 0), 0) : 0;
  });

  let body: HTMLDivElement | undefined;
  createFollowScroll(shown, follow);

  const live = () => sourceList().filter((s) => s.status() === 'live').length;
  return (
    <>
      <h1 class="ct-logs-title">
        {props.title}{' '}
        <span class="chip" data-testid="merged-logs-status" data-live={live()}>
          {live()} of {sourceList().length} {follow() ? 'following' : 'read'}
        </span>
      </h1>
      <div class="ml-sources" role="group" aria-label="Containers merged">
        <For each={sourceList()}>
          {(source, i) => (
            <label class="ml-source" data-slot={colourSlot(i())} data-testid="merged-logs-source" data-name={source.row.name} data-status={source.status()}>
              <input
                type="checkbox"
                checked={!hidden().has(i())}
                onChange={(e) => {
                  const next = new Set(hidden());
                  if (e.currentTarget.checked) next.delete(i());
                  else next.add(i());
                  setHidden(next);
                }}
              />
              <span class="ml-swatch" aria-hidden="true" />
              {source.row.name}
              <Show when={source.status() !== 'live'}>
                <span class="muted"> ({source.status()})</span>
              </Show>
              <Show when={source.error()}>{(error) => <span class="ct-status-error"> {error()}</span>}</Show>
            </label>
          )}
        </For>
      </div>
      <div class="toolbar ct-logs-toolbar">
        <label class="ct-check">
          <input type="checkbox" data-testid="logs-follow" checked={follow()} onChange={(e) => setFollow(e.currentTarget.checked)} /> follow
        </label>
        <label class="ct-check">
          last
          <input class="input ct-tiny" data-testid="logs-tail" inputmode="numeric" value={tail()} aria-label="Last N lines of each container (empty or all: every line)" onChange={(e) => setTail(e.currentTarget.value)} />
          lines each
        </label>
        <label class="ct-check">
          since
          <input class="input ct-small" data-testid="logs-since" placeholder="10m, 2h, 2024-05-01T10:00" value={since()} aria-invalid={since() !== '' && sinceSeconds() === null ? 'true' : undefined} onChange={(e) => setSince(e.currentTarget.value)} />
        </label>
        <label class="ct-check">
          <input type="checkbox" checked={showTime()} onChange={(e) => setShowTime(e.currentTarget.checked)} /> timestamps
        </label>
        <input type="search" class="input filter" data-testid="logs-search" placeholder="Search" aria-label="Search the logs" value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
        <Show when={query()}>
          <span class="muted" data-testid="logs-match-count">{matchCount()} matching</span>
        </Show>
        <Show when={props.ids}>
          <a class="button button-small button-ghost" href={formatHash({ name: 'mergedLogs', engine: props.engine.name })}>
            Pick others
          </a>
        </Show>
      </div>
      <p class="muted ct-logs-count" data-testid="logs-count" data-count={shown().length}>
        {shown().length} lines from {sourceList().length} containers, in time order
      </p>
      <div class="ct-logs ml-logs" classList={{ 'ct-logs-notime': !showTime() }} role="log" aria-live="off" ref={body}>
        <VirtualList each={shown()} container={() => body} renderAllBelow={300} overscan={20}>
          {(m) => (
            <div class="ct-log-line" data-testid="merged-line" data-slot={colourSlot(m.source)} data-source={sourceList()[m.source]?.row.name} data-stream={m.line.stream === 2 ? 'stderr' : 'stdout'} data-time={m.line.time ?? ''}>
              <Show when={showTime()}>
                <time class="ct-log-time" title={m.line.time ?? ''}>{shortTime(m.line.time)}</time>
              </Show>
              <span class="ml-name">{sourceList()[m.source]?.row.name}</span>
              <span class="ct-log-text">
                <For each={highlight(m.line.text, query())}>{(seg) => (seg.match ? <mark>{seg.text}</mark> : seg.text)}</For>
              </span>
            </div>
          )}
        </VirtualList>
      </div>
    </>
  );
}
