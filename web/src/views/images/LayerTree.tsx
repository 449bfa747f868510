import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import { formatHash } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { formatBytes } from '../../engine/units';
import { shortId } from '../../engine/images';
import { nodeMatches, nodeTitle, type LayerNode, type LayerTree as Tree } from '../../image/layerTree';
import { collapseAll, expandAll, initialTreeState, setFilter, visibleRows, type TreeViewState } from '../../image/layerTreeView';
import { layerTreeOptions } from '../../queries/imageInternals';
import { TreeView } from '../../components/TreeView';
import '../../styles/internals.css';

interface LayerTreeProps {
  engine: EngineRef;
  filter: string;
  onFilterChange: (filter: string) => void;
}

/** Every image of the engine in one tree by shared layers; pick two to compare. */
export default function LayerTreePage(props: LayerTreeProps): JSX.Element {
  const tree = useQuery(() => layerTreeOptions(props.engine));
  return (
    <section class="page internals" aria-labelledby="layer-tree-title" data-testid="layer-tree-page" data-state={tree.status}>
      <a class="back-link" href={formatHash({ name: 'images', engine: props.engine.name })}>
        ← Images
      </a>
      <div class="page-head">
        <h1 id="layer-tree-title">Layer tree</h1>
        <Show when={tree.data}>
          {(data) => (
            <span class="count" data-testid="layer-tree-count">
              {data().imageCount} images
              <Show when={data().uniqueBytes !== null}> · {formatBytes(data().uniqueBytes ?? 0)} on disk</Show>
            </span>
          )}
        </Show>
        <button
          type="button"
          class="button button-ghost button-small page-head-end"
          onClick={() => void tree.refetch()}
          disabled={tree.isFetching}
          aria-label="Refresh the layer tree"
        >
          <span class="refresh-icon" classList={{ spinning: tree.isFetching }} aria-hidden="true">
            ↻
          </span>
          <span class="hide-narrow">Refresh</span>
        </button>
      </div>
      <p class="muted internals-intro">
        Images built on the same layers share them on disk: a base shows once, with what was built on it below. Own bytes are
        the layers a node adds; shared bytes are those below it.
      </p>
      <QueryBoundary query={tree} loadingLabel="Reading every image's layers…" isEmpty={(data) => data.roots.length === 0} empty={<EmptyTree />}>
        {(data) => <TreeBody tree={data()} engine={props.engine} filter={props.filter} onFilterChange={props.onFilterChange} />}
      </QueryBoundary>
    </section>
  );
}

function EmptyTree(): JSX.Element {
  return (
    <div class="state">
      <p class="state-title">No images on this engine</p>
      <p class="state-message">Pull or build an image to see its layers here.</p>
    </div>
  );
}

function TreeBody(props: { tree: Tree; engine: EngineRef; filter: string; onFilterChange: (filter: string) => void }): JSX.Element {
  const [view, setView] = createSignal<TreeViewState>(initialTreeState());
  const [picked, setPicked] = createSignal<string[]>([]);
  const state = createMemo((): TreeViewState => ({ ...view(), filter: props.filter }));
  const rows = createMemo(() => visibleRows(props.tree.roots, state(), nodeMatches));
  const pick = (id: string): void => {
    setPicked((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id].slice(-2)));
  };
  const compareHref = () => {
    const [a, b] = picked();
    return formatHash({ name: 'imageCompare', engine: props.engine.name, ...(a ? { a } : {}), ...(b ? { b } : {}) });
  };
  return (
    <>
      <div class="toolbar">
        <input
          type="search"
          class="input filter"
          data-testid="layer-tree-filter"
          placeholder="Search tags, image or layer IDs"
          aria-label="Search the layer tree"
          value={props.filter}
          onInput={(event) => {
            setView(setFilter(view(), event.currentTarget.value));
            props.onFilterChange(event.currentTarget.value);
          }}
        />
        <button type="button" class="button button-small" onClick={() => setView(expandAll(view()))}>
          Unfold all
        </button>
        <button type="button" class="button button-small" onClick={() => setView(collapseAll(view(), props.tree.roots))} data-testid="layer-tree-fold-all">
          Fold all
        </button>
      </div>
      <Show when={picked().length > 0}>
        <div class="compare-bar" role="status" data-testid="compare-bar">
          <span>
            {picked().length === 1 ? 'Pick one more image to compare.' : 'Two images picked.'}
          </span>
          <Show when={picked().length === 2}>
            <a class="button button-primary button-small" href={compareHref()} data-testid="compare-link">
              Compare
            </a>
          </Show>
          <button type="button" class="button button-ghost button-small" onClick={() => setPicked([])}>
            Clear
          </button>
        </div>
      </Show>
      <Show when={rows().length > 0} fallback={<p class="muted" data-testid="layer-tree-no-match">No image or layer matches “{props.filter}”.</p>}>
        <TreeView rows={rows()} state={state()} onState={(next) => setView({ ...next, filter: view().filter })} label="Images by shared layers" testid="layer-tree">
          {(row) => <NodeView node={row.node} engine={props.engine.name} picked={picked()} onPick={pick} />}
        </TreeView>
      </Show>
    </>
  );
}

function NodeView(props: { node: LayerNode; engine: string; picked: string[]; onPick: (id: string) => void }): JSX.Element {
  const layers = () => props.node.layers.length;
  return (
    <div class="layer-node" data-testid="layer-node" data-key={props.node.key} data-tags={props.node.images.flatMap((i) => i.tags).join(' ')}>
      <div class="layer-node-title">
        <Show when={props.node.images.length > 0} fallback={<span class="muted">{nodeTitle(props.node)}</span>}>
          <For each={props.node.images}>
            {(image) => (
              <span class="layer-image">
                <a href={formatHash({ name: 'image', engine: props.engine, id: image.id })} class="layer-image-link">
                  <Show when={image.tags.length > 0} fallback={<span class="mono">{shortId(image.id)}</span>}>
                    <For each={image.tags}>{(tag) => <span class="tag">{tag}</span>}</For>
                  </Show>
                </a>
                <label class="pick">
                  <input type="checkbox" checked={props.picked.includes(image.id)} onChange={() => props.onPick(image.id)} data-testid="compare-pick" />
                  <span class="visually-hidden">Compare {image.tags[0] ?? shortId(image.id)}</span>
                </label>
              </span>
            )}
          </For>
        </Show>
      </div>
      <div class="layer-node-meta">
        <span>
          {props.node.depth === layers() ? '' : '+'}
          {layers()} {layers() === 1 ? 'layer' : 'layers'}
        </span>
        <span data-testid="node-own">own {props.node.ownSize === null ? '?' : formatBytes(props.node.ownSize)}</span>
        <Show when={props.node.sharedSize > 0}>
          <span data-testid="node-shared">shares {formatBytes(props.node.sharedSize)}</span>
        </Show>
        <Show when={props.node.imageCount > 1}>
          <span>{props.node.imageCount} images</span>
        </Show>
      </div>
    </div>
  );
}
