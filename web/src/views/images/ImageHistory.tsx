import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import type { EngineRef } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { formatAge } from '../../engine/format';
import { formatBytes } from '../../engine/units';
import { shortId } from '../../engine/images';
import { toImageHistory, type HistoryRow } from '../../image/history';
import { imageHistoryOptions } from '../../queries/imageInternals';
import '../../styles/internals.css';

/** `docker history --no-trunc` for people: newest step first, layer-making steps marked. */
export default function ImageHistory(props: { engine: EngineRef; id: string; layers: string[] }): JSX.Element {
  const history = useQuery(() => imageHistoryOptions(props.engine, props.id));
  const now = createNow();
  return (
    <section class="card internals" data-testid="image-history" data-state={history.status}>
      <QueryBoundary query={history} loadingLabel="Loading history…">
        {(items) => {
          const result = createMemo(() => toImageHistory(items(), props.layers));
          const newestFirst = createMemo(() => [...result().rows].reverse());
          return (
            <>
              <h2 class="card-title">
                History <span class="count">{result().rows.length} steps</span>
                <span class="count">{result().layerSteps} made layers</span>
              </h2>
              <Show when={!result().exact}>
                <p class="notice notice-warn" data-testid="history-inexact">
                  {result().layerSteps} steps look like they made a layer, but the image has {result().layerCount}: the link from
                  steps to layers is left out. Sizes are the engine's own.
                </p>
              </Show>
              <Show when={result().missingCount > 0}>
                <p class="muted history-note" data-testid="history-missing-note">
                  <code>&lt;missing&gt;</code> steps ({result().missingCount}) were not built here: they exist only in the image's
                  configuration, not as local images, so they have no ID. Their sizes and commands are still accurate.
                </p>
              </Show>
              <ol class="history" reversed>
                <For each={newestFirst()}>{(row) => <HistoryStep row={row} now={now()} />}</For>
              </ol>
              <p class="muted history-note">
                Steps with Size 0 that only set configuration (ENV, LABEL, CMD, …) make no layer; RUN, COPY and ADD always
                make one, even of 0 bytes (a RUN that deletes files makes a layer of whiteouts).
              </p>
            </>
          );
        }}
      </QueryBoundary>
    </section>
  );
}

function HistoryStep(props: { row: HistoryRow; now: Date }): JSX.Element {
  const row = () => props.row;
  return (
    <li
      class="history-step"
      classList={{ 'no-layer': !row().makesLayer }}
      data-testid="history-step"
      data-index={row().index}
      data-size={row().size}
      data-layer={row().layerIndex ?? ''}
    >
      <div class="history-main">
        <code class="history-instruction" title={row().createdBy}>
          {row().instruction.text || <span class="muted">(imported filesystem)</span>}
        </code>
        <div class="history-meta">
          <span class="chip" classList={{ 'chip-accent': row().makesLayer }}>
            {layerLabel(row())}
          </span>
          <span class="num">{formatBytes(row().size)}</span>
          <Show when={row().created}>{(created) => <span class="muted">{formatAge(created(), props.now)}</span>}</Show>
          <span class="mono muted">{row().id === null ? '<missing>' : shortId(row().id ?? '')}</span>
          <For each={row().tags}>{(tag) => <span class="tag">{tag}</span>}</For>
        </div>
        <Show when={row().comment}>
          <p class="muted history-comment">{row().comment}</p>
        </Show>
      </div>
    </li>
  );
}

function layerLabel(row: HistoryRow): string {
  if (!row.makesLayer) return 'no layer';
  return row.layerIndex === null ? 'layer' : `layer ${row.layerIndex + 1}`;
}
