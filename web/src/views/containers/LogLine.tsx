/** A log view's parts: one line (ANSI runs, search hits, JSON fields) and the notice while followed logs wait. */
import { For, Match, Show, Switch, createMemo, type JSX } from 'solid-js';
import { stripAnsi, type AnsiStyle } from '../../containers/ansi';
import { shortTime, type LogLine } from '../../containers/logs';
import { jsonFields, lineLevel, segments, type Matcher } from '../../containers/logSearch';
import type { StreamStatus } from '../../streams/logStream';
import '../../styles/containers-create.css';
import '../../styles/containers-logs.css';

/** While followed logs wait for a stopped container, and once they are back. */
export function FollowNotice(props: { status: StreamStatus; reconnectedAt: number | null }): JSX.Element {
  return (
    <Switch>
      <Match when={props.status === 'waiting'}>
        <p class="ct-status ct-status-busy ct-logs-notice" role="status" data-testid="logs-follow-notice" data-state="waiting">
          Container stopped — waiting for it to start again. New lines continue here when it does.
        </p>
      </Match>
      <Match when={props.status === 'removed'}>
        <p class="ct-status ct-status-busy ct-logs-notice" role="status" data-testid="logs-follow-notice" data-state="removed">
          Container removed — no more lines will come.
        </p>
      </Match>
      <Match when={props.status === 'live' && props.reconnectedAt !== null}>
        <p class="ct-status ct-status-ok ct-logs-notice" role="status" data-testid="logs-follow-notice" data-state="reconnected">
          Reconnected at {new Date(props.reconnectedAt ?? 0).toLocaleTimeString()}: the container runs again, its lines continue below the last one shown.
        </p>
      </Match>
    </Switch>
  );
}

/** Inline style of an ANSI run: palette names map to theme classes, other colours are used as they are. */
function runProps(style: AnsiStyle | null): { class?: string; style?: JSX.CSSProperties } {
  if (!style) return {};
  const classes: string[] = [];
  const css: JSX.CSSProperties = {};
  if (style.fg) style.fg.startsWith('ansi-') ? classes.push(`fg-${style.fg}`) : (css.color = style.fg);
  if (style.bg) style.bg.startsWith('ansi-') ? classes.push(`bg-${style.bg}`) : (css['background-color'] = style.bg);
  if (style.bold) css['font-weight'] = 700;
  if (style.dim) css.opacity = 0.7;
  if (style.italic) css['font-style'] = 'italic';
  if (style.underline) css['text-decoration'] = 'underline';
  return { class: classes.join(' ') || undefined, style: css };
}

export function Line(props: { line: LogLine; matcher: Matcher | null; showTime: boolean; asFields: boolean; current: boolean }): JSX.Element {
  const fields = createMemo(() => (props.asFields ? jsonFields(stripAnsi(props.line.text)) : null));
  const level = createMemo(() => lineLevel(stripAnsi(props.line.text), fields() ?? jsonFields(props.line.text)));
  return (
    <div class="ct-log-line" data-testid="logs-line" data-stream={props.line.stream === 2 ? 'stderr' : 'stdout'} data-level={level() ?? undefined} data-current={props.current || undefined}>
      <Show when={props.showTime}>
        <time class="ct-log-time" title={props.line.time ?? ''}>{shortTime(props.line.time)}</time>
      </Show>
      <Show
        when={fields()}
        fallback={
          <span class="ct-log-text">
            <For each={segments(props.line.text, props.matcher)}>
              {(seg) => {
                const run = runProps(seg.style);
                const inner = seg.style && (run.class || Object.keys(run.style ?? {}).length) ? <span class={run.class} style={run.style}>{seg.text}</span> : seg.text;
                return seg.match ? <mark>{inner}</mark> : inner;
              }}
            </For>
          </span>
        }
      >
        {(f) => (
          <span class="ct-log-text ct-log-fields" data-testid="logs-fields-line">
            <For each={Object.entries(f())}>
              {([key, value]) => (
                <span class="ct-field">
                  <span class="ct-field-key">{key}</span>=<span class="ct-field-value">{value}</span>
                </span>
              )}
            </For>
          </span>
        )}
      </Show>
    </div>
  );
}
