import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { formatHash, type ListParams } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { VirtualList } from '../../components/VirtualList';
import { createUrlFilter } from '../../components/ListPage';
import { formatAge, formatLocalDateTime } from '../../engine/format';
import { formatBytes } from '../../engine/units';
import {
  countContainersByImage,
  countImages,
  filterRows,
  formatSort,
  nextSort,
  parseSort,
  sortRows,
  toImageTagRows,
  type ImageTagRow,
  type SortKey,
  type SortState,
} from '../../engine/images';
import { containerListOptions } from '../../queries/containers';
import { imageListOptions } from '../../queries/images';
import { usePlainQuery } from '../../queries/plainQuery';
import { LiveBadge } from '../../components/OfflineNotice';
import { useIsAdmin } from '../../app/role';
import { targetForRow } from '../../engine/imageRemoval';
import { useEngineEvents } from '../../streams/events';
import { ImageRemove } from './ImageRemove';
import { NewerBadge, NewerSummary } from './NewerImage';
import { useNewerImages, type TagCheck } from '../../queries/newerImages';
import '../../styles/containers-create.css';

interface ImageListProps {
  engine: EngineRef;
  /** Filter text and sort come from the URL, so they survive going to an image and back. */
  filter: string;
  sort: string | undefined;
  onParamsChange: (params: ListParams) => void;
}

const COLUMNS: readonly { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'repoTag', label: 'Repository:tag' },
  { key: 'id', label: 'Image ID' },
  { key: 'size', label: 'Size', numeric: true },
  { key: 'created', label: 'Created' },
  { key: 'containers', label: 'Containers', numeric: true },
];

/** `docker images` for people: one row per tag, sortable, filterable; cards on phones. */
export function ImageList(props: ImageListProps): JSX.Element {
  // Plain results, not solid-query's stores: a thousand images (and the containers counted for them) are
  // read as they are, not field by field through proxies.
  const images = usePlainQuery(() => imageListOptions(props.engine));
  // Only for the "containers" column: engines leave Summary.Containers at -1. If this is
  // refused or fails, the column says "unknown" and the list still shows.
  const containers = usePlainQuery(() => ({ ...containerListOptions(props.engine), retry: false }));
  const now = createNow();
  // Image events (tag, untag, delete, pull, load, import) and container commits refresh the list.
  const live = useEngineEvents(props.engine);
  // Once for the page: each row asks, and the role is read through the session's store.
  const isAdmin = createMemo(useIsAdmin());
  // Which tags have a newer build in their registry (HEAD requests, kept an hour).
  const newer = useNewerImages(() => props.engine);
  let body: HTMLTableSectionElement | undefined;

  const sort = createMemo(() => parseSort(props.sort), undefined, {
    equals: (a, b) => a !== undefined && a.key === b.key && a.direction === b.direction,
  });
  const counts = createMemo(() => (containers.data ? countContainersByImage(containers.data) : undefined));
  // Filtering and sorting keep the same row objects, so <For> reuses their DOM nodes.
  const allRows = createMemo(() => toImageTagRows(images.data ?? [], counts()));
  // Sorted once per change of data or order (filtering keeps the order): a keystroke only filters.
  const sorted = createMemo(() => sortRows(allRows(), sort()));
  // The list follows each keystroke; the URL once typing pauses.
  const typed = createUrlFilter(
    () => props.filter,
    (filter) => props.onParamsChange({ filter, sort: props.sort }),
  );
  const rows = createMemo(() => filterRows(sorted(), typed.filter()));
  const shownImages = createMemo(() => countImages(rows()));
  const totalImages = createMemo(() => countImages(allRows()));
  const countText = (): string => {
    const noun = totalImages() === 1 ? 'image' : 'images';
    return rows().length === allRows().length
      ? `${totalImages()} ${noun}`
      : `${shownImages()} of ${totalImages()} ${noun}`;
  };

  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [removing, setRemoving] = createSignal(false);
  // Rows that left the engine leave the selection too.
  const selectedRows = createMemo(() => allRows().filter((row) => selected().has(row.key)));
  const toggle = (key: string, on: boolean): void => {
    const next = new Set(selected());
    if (on) next.add(key);
    else next.delete(key);
    setSelected(next);
  };
  const clearSelection = (): void => {
    setSelected(new Set<string>());
    setRemoving(false);
  };

  const setFilter = typed.setFilter;
  const setSort = (next: SortState): void => props.onParamsChange({ filter: typed.filter(), sort: formatSort(next) });

  return (
    <section class="page" aria-labelledby="images-title">
      <div class="page-head">
        <h1 id="images-title">Images</h1>
        <Show when={images.data}>
          {/* Counts images, not rows; the rows shown are in data-rows. */}
          <span
            class="count"
            data-testid="image-count"
            data-images={shownImages()}
            data-total={totalImages()}
            data-rows={rows().length}
            aria-live="polite"
          >
            {countText()}
          </span>
        </Show>
        <span class="page-head-end">
          <LiveBadge live={live()} updatedAt={images.dataUpdatedAt} error={images.error} />
        </span>
        <button
          type="button"
          class="button button-ghost button-small"
          onClick={() => void images.refetch()}
          disabled={images.isFetching}
          aria-label="Refresh the image list"
        >
          <span class="refresh-icon" classList={{ spinning: images.isFetching }} aria-hidden="true">
            ↻
          </span>
          <span class="hide-narrow">Refresh</span>
        </button>
      </div>

      {/* Where images come from and how they relate, from the page people look for them on. */}
      <div class="chips" data-testid="image-entry-links">
        <a class="button button-small" data-testid="image-tree-link" href={formatHash({ name: 'layerTree', engine: props.engine.name })}>
          Layer tree
        </a>
        <Show when={isAdmin()}>
          <a class="button button-small" data-testid="image-pull-link" data-admin href={formatHash({ name: 'registries', engine: props.engine.name })}>
            Pull…
          </a>
          <a class="button button-small" data-testid="image-build-link" data-admin href={formatHash({ name: 'build', engine: props.engine.name })}>
            Build…
          </a>
        </Show>
      </div>

      <Show when={isAdmin() && selectedRows().length > 0}>
        <div class="ct-bulk" role="region" aria-label="Selected images" data-testid="image-bulk" data-admin>
          <div class="ct-actions">
            <strong data-testid="image-bulk-count">{selectedRows().length} selected</strong>
            <button type="button" class="button button-small button-danger" data-testid="image-bulk-remove" data-admin onClick={() => setRemoving(true)}>
              Remove…
            </button>
            <button type="button" class="button button-small button-ghost" onClick={clearSelection}>
              Clear selection
            </button>
          </div>
          <Show when={removing()}>
            <ImageRemove engine={props.engine} targets={selectedRows().map(targetForRow)} onCancel={() => setRemoving(false)} onDone={clearSelection} />
          </Show>
        </div>
      </Show>

      <div class="toolbar">
        <input
          type="search"
          class="input filter"
          data-testid="image-filter"
          placeholder="Filter by repo, tag or ID"
          aria-label="Filter images"
          value={typed.filter()}
          onInput={(event) => setFilter(event.currentTarget.value)}
        />
        <label class="sort-select">
          <span class="visually-hidden">Sort by</span>
          <select
            class="select"
            value={`${sort().key}-${sort().direction}`}
            onChange={(event) => setSort(parseSort(event.currentTarget.value))}
          >
            <option value="created-desc">Newest first</option>
            <option value="created-asc">Oldest first</option>
            <option value="repoTag-asc">Name A–Z</option>
            <option value="repoTag-desc">Name Z–A</option>
            <option value="size-desc">Largest first</option>
            <option value="size-asc">Smallest first</option>
            <option value="containers-desc">Most used</option>
            <option value="id-asc">Image ID</option>
          </select>
        </label>
      </div>

      <NewerSummary newer={newer} />

      <QueryBoundary
        query={images}
        loadingLabel="Loading images…"
        isEmpty={(list) => list.length === 0}
        empty={
          <div class="state" data-testid="image-empty">
            <p class="state-title">No images on this engine</p>
            <p class="state-message">Images appear here once they are pulled or built.</p>
          </div>
        }
      >
        {() => (
          <Show
            when={rows().length > 0}
            fallback={
              <div class="state" data-testid="image-no-match">
                <p class="state-title">No image matches “{typed.filter()}”</p>
                <div class="state-actions">
                  <button type="button" class="button" onClick={() => setFilter('')}>
                    Clear the filter
                  </button>
                </div>
              </div>
            }
          >
            <table class="table image-table">
              <caption class="visually-hidden">Images on {props.engine.name}</caption>
              <thead>
                <tr>
                  <For each={COLUMNS}>
                    {(column) => (
                      <th
                        scope="col"
                        classList={{ num: column.numeric === true }}
                        aria-sort={
                          sort().key === column.key ? (sort().direction === 'asc' ? 'ascending' : 'descending') : 'none'
                        }
                      >
                        <button type="button" class="sort-button" onClick={() => setSort(nextSort(sort(), column.key))}>
                          {column.label}
                          <span class="sort-icon" aria-hidden="true" />
                        </button>
                      </th>
                    )}
                  </For>
                </tr>
              </thead>
              <tbody ref={body}>
                {/* Windowed: a thousand images render only the rows near the viewport. */}
                <VirtualList each={rows()} container={() => body} spacer="tr">
                  {(row) => (
                    <ImageRowView
                      row={row}
                      engine={props.engine.name}
                      now={now()}
                      newer={newer.checks().get(row.repoTag)}
                      selectable={isAdmin()}
                      selected={selected().has(row.key)}
                      onSelect={(on) => toggle(row.key, on)}
                    />
                  )}
                </VirtualList>
              </tbody>
            </table>
          </Show>
        )}
      </QueryBoundary>
    </section>
  );
}

function ImageRowView(props: { row: ImageTagRow; engine: string; now: Date; newer: TagCheck | undefined; selectable: boolean; selected: boolean; onSelect: (on: boolean) => void }): JSX.Element {
  const href = () => formatHash({ name: 'image', engine: props.engine, id: props.row.id });
  return (
    <tr data-testid="image-row" data-repo-tag={props.row.repoTag} data-id={props.row.id} data-newer={props.newer?.verdict.state ?? 'none'} data-registry-digest={props.newer?.registryDigest ?? undefined} class="row-link">
      <td class="cell-name">
        <Show when={props.selectable}>
          <input
            type="checkbox"
            class="ct-select"
            data-testid="image-select"
            data-admin
            aria-label={`Select ${props.row.repoTag === '<none>:<none>' ? props.row.shortId : props.row.repoTag}`}
            checked={props.selected}
            onChange={(event) => props.onSelect(event.currentTarget.checked)}
          />
        </Show>
        <a href={href()} class="row-anchor">
          <span class="repo" classList={{ none: props.row.repository === '<none>' }}>
            {props.row.repository}
          </span>
          <span class="tag" classList={{ none: props.row.tag === '<none>' }}>
            {props.row.tag}
          </span>
        </a>
        <NewerBadge check={props.newer} now={props.now} />
      </td>
      <td class="cell-id mono" title={props.row.id}>
        {props.row.shortId}
      </td>
      <td class="cell-size num">{formatBytes(props.row.size)}</td>
      <td class="cell-created">
        <time datetime={props.row.created.toISOString()} title={formatLocalDateTime(props.row.created)}>
          {formatAge(props.row.created, props.now)}
        </time>
      </td>
      <td class="cell-containers num" title={props.row.containers === null ? 'Unknown' : undefined}>
        {props.row.containers ?? '—'}
        <span class="card-label">
          {props.row.containers === 1 ? ' container' : ' containers'}
        </span>
      </td>
    </tr>
  );
}
