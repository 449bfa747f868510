import { useQuery } from '@tanstack/solid-query';
import { Show, createEffect, createMemo, createSignal, on, onCleanup, type JSX } from 'solid-js';
import { formatHash } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { VirtualList } from '../../components/VirtualList';
import { createFollowScroll } from '../../components/followScroll';
import { describeError } from '../../api/errors';
import { blobSink, fileSink, saveFilePicker, type DownloadSink } from '../../api/downloadSink';
import { downloadLogs } from '../../streams/logDownload';
import { parseSince, LOG_CAP } from '../../containers/logs';
import { stripAnsi } from '../../containers/ansi';
import { compileSearch, isSearchError, type Matcher } from '../../containers/logSearch';
import type { ContainerInspect } from '../../engine/types';
import { containerDetailOptions } from '../../queries/containers';
import { createLogStream } from '../../streams/logStream';
import { FollowNotice, Line } from './LogLine';
import '../../styles/containers-create.css';
import '../../styles/containers-logs.css';

/** docker logs -f, in the page: stdout and stderr apart, search, download; smooth at thousands of lines a second. */
export default function ContainerLogs(props: { engine: EngineRef; id: string }): JSX.Element {
  const container = useQuery(() => containerDetailOptions(props.engine, props.id));
  return (
    <section class="page ct-logs-page" data-testid="container-logs">
      <div class="page-head">
        <a class="back-link" href={formatHash({ name: 'container', engine: props.engine.name, id: props.id })}>
          ← Container
        </a>
      </div>
      <QueryBoundary query={container} loadingLabel="Loading container…">
        {(data) => <LogView engine={props.engine} container={data()} />}
      </QueryBoundary>
    </section>
  );
}

type Streams = 'both' | 'stdout' | 'stderr';

function LogView(props: { engine: EngineRef; container: ContainerInspect }): JSX.Element {
  const tty = () => props.container.Config?.Tty === true;
  const [follow, setFollow] = createSignal(true);
  const [tail, setTail] = createSignal('500');
  const [since, setSince] = createSignal('');
  const [showTime, setShowTime] = createSignal(true);
  const [streams, setStreams] = createSignal<Streams>('both');
  const [query, setQuery] = createSignal('');
  const [onlyMatches, setOnlyMatches] = createSignal(false);
  const sinceSeconds = createMemo(() => parseSince(since(), Date.now()));
  const log = createLogStream(() => ({
    engine: props.engine,
    id: props.container.Id,
    tty: tty(),
    options: { follow: follow(), tail: tail().trim() === '' || tail() === 'all' ? null : Number(tail()) || 0, since: sinceSeconds() },
  }));

  const [regex, setRegex] = createSignal(false);
  const [caseSensitive, setCaseSensitive] = createSignal(false);
  const [asFields, setAsFields] = createSignal(false);
  const [current, setCurrent] = createSignal(-1);
  const compiled = createMemo(() => compileSearch(query(), { regex: regex(), caseSensitive: caseSensitive() }));
  const matcher = (): Matcher | null => {
    const c = compiled();
    return c && !isSearchError(c) ? c : null;
  };
  const searchError = () => {
    const c = compiled();
    return c && isSearchError(c) ? c.error : null;
  };
  const shown = createMemo(() => {
    const s = streams();
    const m = matcher();
    const only = onlyMatches();
    if (s === 'both' && (!only || !m)) return log.lines();
    return log.lines().filter((l) => (s === 'both' || (s === 'stdout' ? l.stream === 1 : l.stream === 2)) && (!only || !m || m.test(stripAnsi(l.text))));
  });
  /** Positions in `shown` of the lines that match, for the count and next/previous. */
  const matching = createMemo(() => {
    const m = matcher();
    if (!m) return [];
    const out: number[] = [];
    shown().forEach((l, i) => {
      if (m.test(stripAnsi(l.text))) out.push(i);
    });
    return out;
  });
  const matchCount = () => matching().length;
  createEffect(on(matcher, () => setCurrent(-1), { defer: true }));
  const currentSeq = () => shown()[matching()[current()] ?? -1]?.seq ?? null;
  const go = (direction: 1 | -1): void => {
    const n = matching().length;
    if (n === 0) return;
    const next = current() < 0 ? (direction === 1 ? 0 : n - 1) : (current() + direction + n) % n;
    setCurrent(next);
    scroll.unpin();
    const index = matching()[next]!;
    if (body) {
      const top = body.getBoundingClientRect().top + window.scrollY + index * LINE_HEIGHT;
      window.scrollTo({ top: Math.max(0, top - window.innerHeight / 2) });
    }
  };

  let body: HTMLDivElement | undefined;
  const scroll = createFollowScroll(shown, follow);

  // The download reads the engine again: every line it holds (from `since` when set), not the capped page.
  const [saving, setSaving] = createSignal<{ lines: number; done: boolean; error?: string } | null>(null);
  let saveAbort: AbortController | null = null;
  onCleanup(() => saveAbort?.abort());
  const fileName = () => `${props.container.Name.replace(/^\//, '')}.log`;
  const download = async (toFile: boolean): Promise<void> => {
    saveAbort?.abort();
    const controller = (saveAbort = new AbortController());
    try {
      const sink: DownloadSink | null = toFile ? await fileSink(fileName()) : blobSink(fileName());
      if (!sink) return;
      setSaving({ lines: 0, done: false });
      const s = streams();
      const result = await downloadLogs(
        props.engine,
        props.container.Id,
        tty(),
        { since: sinceSeconds(), stdout: s !== 'stderr', stderr: s !== 'stdout' },
        { timestamps: showTime(), streams: !tty() },
        sink,
        (lines) => setSaving({ lines, done: false }),
        controller.signal,
      );
      setSaving({ lines: result.lines, done: true });
    } catch (error) {
      if (controller.signal.aborted) {
        setSaving(null);
        return;
      }
      const text = describeError(error);
      setSaving({ lines: 0, done: true, error: `${text.title}: ${text.message}` });
    }
  };

  return (
    <>
      <h1 class="ct-logs-title">
        Logs of {props.container.Name.replace(/^\//, '')}{' '}
        <span class="chip" data-testid="logs-status" data-status={log.status()}>
          {log.status() === 'live' ? (follow() ? 'following' : 'reading') : log.status()}
        </span>
      </h1>
      <FollowNotice status={log.status()} reconnectedAt={log.reconnectedAt()} />
      <div class="toolbar ct-logs-toolbar">
        <label class="ct-check">
          <input type="checkbox" data-testid="logs-follow" checked={follow()} onChange={(e) => setFollow(e.currentTarget.checked)} /> follow
        </label>
        <label class="ct-check">
          last
          <input class="input ct-tiny" data-testid="logs-tail" inputmode="numeric" value={tail()} aria-label="Last N lines (empty or all: every line)" onChange={(e) => setTail(e.currentTarget.value)} />
          lines
        </label>
        <label class="ct-check">
          since
          <input class="input ct-small" data-testid="logs-since" placeholder="10m, 2h, 2024-05-01T10:00" value={since()} aria-invalid={since() !== '' && sinceSeconds() === null ? 'true' : undefined} onChange={(e) => setSince(e.currentTarget.value)} />
        </label>
        <label class="ct-check">
          <input type="checkbox" data-testid="logs-timestamps" checked={showTime()} onChange={(e) => setShowTime(e.currentTarget.checked)} /> timestamps
        </label>
        <Show when={!tty()} fallback={<span class="muted" title="A TTY merges stdout and stderr">TTY: one stream</span>}>
          <select class="select" data-testid="logs-streams" aria-label="Streams" value={streams()} onChange={(e) => setStreams(e.currentTarget.value as Streams)}>
            <option value="both">stdout + stderr</option>
            <option value="stdout">stdout only</option>
            <option value="stderr">stderr only</option>
          </select>
        </Show>
        <input
          type="search"
          class="input filter"
          data-testid="logs-search"
          placeholder={regex() ? 'Search (regex)' : 'Search'}
          aria-label="Search the logs"
          aria-invalid={searchError() ? 'true' : undefined}
          value={query()}
          onInput={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') go(e.shiftKey ? -1 : 1);
          }}
        />
        <label class="ct-check" title="Regular expression">
          <input type="checkbox" data-testid="logs-regex" checked={regex()} onChange={(e) => setRegex(e.currentTarget.checked)} /> .*
        </label>
        <label class="ct-check" title="Match case">
          <input type="checkbox" data-testid="logs-case" checked={caseSensitive()} onChange={(e) => setCaseSensitive(e.currentTarget.checked)} /> Aa
        </label>
        <Show when={query()}>
          <Show when={searchError()} fallback={<span class="muted" data-testid="logs-match-count" data-count={matchCount()} data-current={current()}>{current() >= 0 ? `${current() + 1} of ${matchCount()}` : `${matchCount()} matching`}</span>}>
            {(error) => <span class="ct-status-error" role="alert" data-testid="logs-search-error">Not a regular expression: {error()}</span>}
          </Show>
          <button type="button" class="button button-small button-ghost" data-testid="logs-prev" disabled={matchCount() === 0} onClick={() => go(-1)} aria-label="Previous match">↑</button>
          <button type="button" class="button button-small button-ghost" data-testid="logs-next" disabled={matchCount() === 0} onClick={() => go(1)} aria-label="Next match">↓</button>
          <label class="ct-check">
            <input type="checkbox" data-testid="logs-only-matches" checked={onlyMatches()} onChange={(e) => setOnlyMatches(e.currentTarget.checked)} /> only those
          </label>
        </Show>
        <label class="ct-check" title="Show JSON lines as their fields">
          <input type="checkbox" data-testid="logs-fields" checked={asFields()} onChange={(e) => setAsFields(e.currentTarget.checked)} /> JSON fields
        </label>
        <button
          type="button"
          class="button button-small"
          data-testid="logs-download"
          disabled={saving()?.done === false}
          onClick={() => void download(false)}
          title="Every line the engine holds (from “since” when set), not only the lines shown"
        >
          Download
        </button>
        <Show when={saveFilePicker()}>
          <button type="button" class="button button-small button-ghost" data-testid="logs-save" disabled={saving()?.done === false} onClick={() => void download(true)} title="Write every line straight into a file you pick">
            Save to file…
          </button>
        </Show>
        <button type="button" class="button button-small button-ghost" onClick={() => log.clear()}>
          Clear
        </button>
      </div>
      <Show when={saving()}>
        {(state) => (
          <p class={`ct-status ct-status-${state().error ? 'error' : state().done ? 'ok' : 'busy'}`} role={state().error ? 'alert' : 'status'} data-testid="logs-download-status" data-done={state().done} data-lines={state().lines}>
            {state().error
              ? `${state().error} — the file was not written; try again.`
              : state().done
                ? `Downloaded ${state().lines.toLocaleString()} lines.`
                : `Downloading… ${state().lines.toLocaleString()} lines so far`}
          </p>
        )}
      </Show>
      <Show when={log.error()}>
        {(error) => (
          <p class="ct-status ct-status-error" role="alert" data-testid="logs-error">
            {error()} — check that the container still exists, then change an option to read again.
          </p>
        )}
      </Show>
      <p class="muted ct-logs-count" data-testid="logs-count" data-count={shown().length}>
        {shown().length} lines{log.received() > LOG_CAP ? ` (the newest ${LOG_CAP.toLocaleString()} kept)` : ''}
      </p>
      <div class="ct-logs" classList={{ 'ct-logs-notime': !showTime() }} role="log" aria-live="off" ref={body}>
        <VirtualList each={shown()} container={() => body} renderAllBelow={300} overscan={20}>
          {(line) => <Line line={line} matcher={matcher()} showTime={showTime()} asFields={asFields()} current={line.seq === currentSeq()} />}
        </VirtualList>
      </div>
      <Show when={shown().length === 0 && log.status() !== 'connecting'}>
        <p class="muted" data-testid="logs-empty">No lines{follow() ? ' yet: new ones appear as the container writes them' : ''}.</p>
      </Show>
    </>
  );
}

const LINE_HEIGHT = 20;
