import { useQuery } from '@tanstack/solid-query';
import { For, Match, Show, Switch, createMemo, createSignal, type JSX } from 'solid-js';
import { describeError, isApiError } from '../../api/errors';
import type { EngineRef } from '../../api/types';
import { ErrorPanel } from '../../components/ErrorPanel';
import { formatBytes } from '../../engine/units';
import { toImageHistory } from '../../image/history';
import { formatMode, type ChangeKind, type FsNode, type LayerSummary } from '../../image/layerContents';
import { collapseBelow, initialTreeState, setFilter, visibleRows, type TreeViewState } from '../../image/layerTreeView';
import { imageContentsOptions, imageHistoryOptions, type ImageContentsResult } from '../../queries/imageInternals';
import { TreeView } from '../../components/TreeView';
import '../../styles/internals.css';

interface LayerContentsProps {
  engine: EngineRef;
  id: string;
  /** RootFS diff ids, to label layers before the archive is read. */
  layers: string[];
  /** The image's size: about what the archive will weigh. */
  size: number;
}

/** Shown at most per list; the rest is counted. */
const ROW_LIMIT = 500;
const KIND_LETTER: Record<ChangeKind, string> = { added: 'A', modified: 'C', deleted: 'D' };

/** On demand: reads the image's docker save stream and shows what each layer does. */
export default function LayerContents(props: LayerContentsProps): JSX.Element {
  const [started, setStarted] = createSignal(false);
  const [bytes, setBytes] = createSignal(0);
  const contents = useQuery(() => ({ ...imageContentsOptions(props.engine, props.id, setBytes), enabled: started() }));
  const percent = () => Math.min(99, Math.floor((bytes() / Math.max(1, props.size)) * 100));
  return (
    <section class="internals layer-contents" data-testid="layer-contents" data-state={contents.status}>
      <Switch>
        <Match when={contents.data}>{(data) => <ContentsView engine={props.engine} id={props.id} result={data()} />}</Match>
        <Match when={contents.isError}>
          <ErrorPanel
            error={contents.error}
            title={isApiError(contents.error) && contents.error.status === 403 ? 'Reading layers needs the admin token' : `Could not read the layers: ${describeError(contents.error).title}`}
            onRetry={() => void contents.refetch()}
            retrying={contents.isFetching}
          >
            <Show when={isApiError(contents.error) && contents.error.status === 403}>
              <p class="state-hint">The layers come from a docker save of the image, which may hold secrets: sign in with the admin token to read them.</p>
            </Show>
          </ErrorPanel>
        </Match>
        <Match when={started()}>
          <div class="card" role="status" data-testid="layer-contents-progress">
            <p>
              Reading the image archive: {formatBytes(bytes())} of about {formatBytes(props.size)}
            </p>
            <progress max="100" value={percent()} class="progress" aria-label="Image archive read" />
            <p class="muted">Only file names, sizes and modes are kept, never file contents.</p>
          </div>
        </Match>
        <Match when={!started()}>
          <div class="card">
            <h2 class="card-title">Layer contents</h2>
            <p>
              See the files each of the {props.layers.length} layers adds, changes and deletes, the merged filesystem, and the
              space later layers waste. The browser reads the image archive as it streams (about {formatBytes(props.size)});
              nothing is stored.
            </p>
            <button type="button" class="button button-primary" data-testid="layer-contents-start" onClick={() => setStarted(true)}>
              Read the layers
            </button>
          </div>
        </Match>
      </Switch>
    </section>
  );
}

function ContentsView(props: { engine: EngineRef; id: string; result: ImageContentsResult }): JSX.Element {
  const history = useQuery(() => imageHistoryOptions(props.engine, props.id));
  const layerIds = () => props.result.saved.layers.map((layer) => layer.diffId ?? '');
  const instructions = createMemo(() => {
    const rows = history.data ? toImageHistory(history.data, layerIds()).rows : [];
    return new Map(rows.filter((row) => row.layerIndex !== null).map((row) => [row.layerIndex, row.instruction.text || 'imported filesystem']));
  });
  const [selected, setSelected] = createSignal(0);
  const waste = () => props.result.waste;
  return (
    <div class="internals-grid">
      <section class="card" data-testid="waste" data-wasted={waste().wastedBytes} data-efficiency={waste().efficiency.toFixed(4)}>
        <h2 class="card-title">Wasted space</h2>
        <div class="stats">
          <Stat label="Efficiency" value={`${(waste().efficiency * 100).toFixed(1)}%`} />
          <Stat label="Wasted" value={formatBytes(waste().wastedBytes)} testid="waste-bytes" />
          <Stat label="Stored in layers" value={formatBytes(waste().storedBytes)} />
          <Stat label="Visible" value={formatBytes(waste().visibleBytes)} />
        </div>
        <Show when={waste().paths.length > 0} fallback={<p class="muted">No layer overwrites or deletes what an earlier one stored.</p>}>
          <table class="table waste-table">
            <thead>
              <tr>
                <th scope="col">Path</th>
                <th scope="col" class="num">Copies</th>
                <th scope="col" class="num">Wasted</th>
              </tr>
            </thead>
            <tbody>
              <For each={waste().paths.slice(0, 20)}>
                {(path) => (
                  <tr data-testid="waste-path" data-path={path.path} data-wasted={path.wasted}>
                    <td>
                      <code class="break">/{path.path}</code>
                    </td>
                    <td class="num">{path.copies}</td>
                    <td class="num">{formatBytes(path.wasted)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <p class="muted history-note">
            Wasted counts the hidden copies only. dive would report {formatBytes(waste().diveWastedBytes)}: it also counts the copy
            that is kept.
          </p>
        </Show>
      </section>

      <section class="card" data-testid="layer-changes">
        <h2 class="card-title">
          Layers <span class="count">{props.result.contents.layers.length}</span>
        </h2>
        <ol class="layer-picker">
          <For each={props.result.contents.layers}>
            {(layer) => (
              <li>
                <button
                  type="button"
                  class="layer-pick"
                  aria-pressed={selected() === layer.index}
                  onClick={() => setSelected(layer.index)}
                  data-testid="layer-pick"
                  data-index={layer.index}
                >
                  <span class="layer-pick-title">
                    {layer.index + 1}. <code>{instructions().get(layer.index) ?? layer.diffId ?? ''}</code>
                  </span>
                  <span class="layer-pick-meta">
                    <span class="kind-added">+{layer.added}</span> <span class="kind-modified">~{layer.modified}</span>{' '}
                    <span class="kind-deleted">−{layer.deleted}</span> · {formatBytes(layer.bytes)}
                  </span>
                </button>
              </li>
            )}
          </For>
        </ol>
        <Show when={props.result.contents.layers[selected()]}>{(layer) => <LayerChanges layer={layer()} />}</Show>
      </section>

      <FileSystem root={props.result.contents.root} />
    </div>
  );
}

function Stat(props: { label: string; value: string; testid?: string }): JSX.Element {
  return (
    <div class="stat">
      <span class="stat-value" data-testid={props.testid}>
        {props.value}
      </span>
      <span class="stat-label">{props.label}</span>
    </div>
  );
}

function LayerChanges(props: { layer: LayerSummary }): JSX.Element {
  const [filter, setFilterText] = createSignal('');
  const rows = createMemo(() => {
    const needle = filter().trim().toLowerCase();
    return needle === '' ? props.layer.changes : props.layer.changes.filter((change) => change.path.toLowerCase().includes(needle));
  });
  return (
    <div class="layer-change-list" data-testid="layer-change-list" data-index={props.layer.index}>
      <input
        type="search"
        class="input filter"
        placeholder="Filter paths"
        aria-label="Filter this layer's paths"
        value={filter()}
        onInput={(event) => setFilterText(event.currentTarget.value)}
      />
      <Show when={rows().length > 0} fallback={<p class="muted">{props.layer.changes.length === 0 ? 'This layer changes no files.' : 'No path matches.'}</p>}>
        <ul class="change-list">
          <For each={rows().slice(0, ROW_LIMIT)}>
            {(change) => (
              <li class={`change kind-${change.kind}`} data-testid="layer-change" data-kind={change.kind} data-path={change.path} data-size={change.size}>
                <span class="change-letter" title={change.kind}>
                  {KIND_LETTER[change.kind]}
                </span>
                <code class="break">/{change.path}</code>
                <span class="num muted">{change.type === 'dir' ? '' : formatBytes(change.size)}</span>
              </li>
            )}
          </For>
        </ul>
        <Show when={rows().length > ROW_LIMIT}>
          <p class="muted">…and {rows().length - ROW_LIMIT} more: filter to narrow the list.</p>
        </Show>
      </Show>
    </div>
  );
}

function FileSystem(props: { root: FsNode }): JSX.Element {
  const [view, setView] = createSignal<TreeViewState>(collapseBelow(initialTreeState(), props.root.children, 0));
  const matches = (node: FsNode, text: string): boolean => node.path.toLowerCase().includes(text.trim().toLowerCase());
  const rows = createMemo(() => visibleRows(props.root.children, view(), matches));
  return (
    <section class="card" data-testid="merged-fs">
      <h2 class="card-title">
        Merged filesystem <span class="count">{formatBytes(props.root.size)}</span>
      </h2>
      <input
        type="search"
        class="input filter"
        placeholder="Search paths"
        aria-label="Search the merged filesystem"
        value={view().filter}
        onInput={(event) => setView(setFilter(view(), event.currentTarget.value))}
      />
      <TreeView rows={rows().slice(0, ROW_LIMIT)} state={view()} onState={setView} label="Merged filesystem" testid="fs-tree">
        {(row) => (
          <div class="fs-node" data-path={row.node.path}>
            <span class="fs-name">
              {row.node.name}
              {row.node.type === 'dir' ? '/' : ''}
              <Show when={row.node.type === 'symlink'}>
                <span class="muted"> → {row.node.linkTarget}</span>
              </Show>
            </span>
            <span class="fs-meta">
              <span class="mono muted hide-narrow">{formatMode(row.node.type, row.node.mode)}</span>
              <span class="num">{formatBytes(row.node.size)}</span>
              <span class="chip">L{row.node.layer + 1}</span>
            </span>
          </div>
        )}
      </TreeView>
      <Show when={rows().length > ROW_LIMIT}>
        <p class="muted">…and {rows().length - ROW_LIMIT} more rows: search or fold to narrow.</p>
      </Show>
    </section>
  );
}
