import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, type JSX } from 'solid-js';
import { formatHash } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { formatBytes } from '../../engine/units';
import { shortId } from '../../engine/images';
import { layerSizes } from '../../image/history';
import { compareImageLayers } from '../../image/layerTree';
import { imageDetailOptions } from '../../queries/images';
import { imageHistoryOptions } from '../../queries/imageInternals';
import '../../styles/internals.css';

/** Two images side by side: the layers they share, and where they fork. */
export default function ImageCompare(props: { engine: EngineRef; a?: string; b?: string }): JSX.Element {
  const treeHref = () => formatHash({ name: 'layerTree', engine: props.engine.name });
  return (
    <section class="page internals" aria-labelledby="compare-title" data-testid="image-compare">
      <a class="back-link" href={treeHref()}>
        ← Layer tree
      </a>
      <h1 id="compare-title">Compare images</h1>
      <Show
        when={props.a && props.b ? { a: props.a, b: props.b } : null}
        fallback={
          <div class="state">
            <p class="state-title">Pick two images</p>
            <p class="state-message">Tick two images in the layer tree, then choose Compare.</p>
          </div>
        }
      >
        {(pair) => <Comparison engine={props.engine} a={pair().a} b={pair().b} />}
      </Show>
    </section>
  );
}

function Comparison(props: { engine: EngineRef; a: string; b: string }): JSX.Element {
  const a = useQuery(() => imageDetailOptions(props.engine, props.a));
  const b = useQuery(() => imageDetailOptions(props.engine, props.b));
  const ha = useQuery(() => imageHistoryOptions(props.engine, props.a));
  const hb = useQuery(() => imageHistoryOptions(props.engine, props.b));
  const layersA = () => a.data?.RootFS.Layers ?? [];
  const layersB = () => b.data?.RootFS.Layers ?? [];
  const result = createMemo(() => compareImageLayers(layersA(), layersB()));
  const sizesA = createMemo(() => layerSizes(ha.data ?? null, layersA()));
  const sizesB = createMemo(() => layerSizes(hb.data ?? null, layersB()));
  const sum = (sizes: number[] | null, from: number, to: number): string => (sizes ? formatBytes(sizes.slice(from, to).reduce((s, x) => s + x, 0)) : '?');
  const name = (data: typeof a.data, fallback: string): string => data?.RepoTags?.[0] ?? (data ? shortId(data.Id) : fallback);
  const relation = (): string => {
    const r = result();
    const na = name(a.data, props.a);
    const nb = name(b.data, props.b);
    switch (r.relation) {
      case 'same':
        return `${na} and ${nb} have the same layers (they differ at most in configuration).`;
      case 'a-contains-b':
        return `${na} is built on ${nb}: it has all of its ${r.forkAt} layers, then ${r.onlyA.length} more.`;
      case 'b-contains-a':
        return `${nb} is built on ${na}: it has all of its ${r.forkAt} layers, then ${r.onlyB.length} more.`;
      case 'fork':
        return `They share ${r.forkAt} ${r.forkAt === 1 ? 'layer' : 'layers'}, then fork: ${r.onlyA.length} only in ${na}, ${r.onlyB.length} only in ${nb}.`;
      case 'unrelated':
        return 'They share no layers.';
    }
  };
  return (
    <Show when={!a.isError && !b.isError} fallback={<ErrorPanel error={a.error ?? b.error} onRetry={() => { void a.refetch(); void b.refetch(); }} />}>
      <Show when={a.data && b.data} fallback={<Loading label="Loading both images…" />}>
        <div class="card" data-testid="compare-result" data-shared={result().forkAt} data-relation={result().relation}>
          <p class="compare-summary" data-testid="compare-summary">{relation()}</p>
          <div class="compare-columns">
            <LayerColumn title="Shared" testid="compare-shared" layers={result().shared} start={0} size={sum(sizesA(), 0, result().forkAt)} />
            <LayerColumn title={`Only in ${name(a.data, props.a)}`} testid="compare-only-a" layers={result().onlyA} start={result().forkAt} size={sum(sizesA(), result().forkAt, layersA().length)} />
            <LayerColumn title={`Only in ${name(b.data, props.b)}`} testid="compare-only-b" layers={result().onlyB} start={result().forkAt} size={sum(sizesB(), result().forkAt, layersB().length)} />
          </div>
        </div>
      </Show>
    </Show>
  );
}

function LayerColumn(props: { title: string; testid: string; layers: string[]; start: number; size: string }): JSX.Element {
  return (
    <section class="compare-column" data-testid={props.testid} data-count={props.layers.length}>
      <h2 class="card-title">
        {props.title} <span class="count">{props.layers.length}</span> <span class="count">{props.size}</span>
      </h2>
      <Show when={props.layers.length > 0} fallback={<p class="muted">None.</p>}>
        <ol class="layers" start={props.start + 1}>
          <For each={props.layers}>
            {(layer) => (
              <li>
                <code class="break" title={layer}>{shortId(layer)}</code>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
