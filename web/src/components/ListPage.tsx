import type { UseQueryResult } from '@tanstack/solid-query';
import { Show, createComputed, createMemo, createSignal, on, onCleanup, type Accessor, type JSX } from 'solid-js';
import { LiveBadge, OfflineBanner } from './OfflineNotice';
import type { ListParams } from '../routes/router';
import { formatSortParam, nextSortState, parseSortParam, sameSort, type Sort, type SortSpec } from '../engine/sorting';
import type { LiveState } from '../streams/events';
import { ListHead, type ColumnDef } from './ListHead';
import { VirtualList } from './VirtualList';
import '../styles/inventory.css';

/** Building blocks of the live inventory lists (containers, networks, volumes). */

export interface ListParamsProps {
  params: ListParams;
  onParamsChange: (params: ListParams) => void;
}

export interface ListState<K extends string> {
  sort: Accessor<Sort<K>>;
  filter: Accessor<string>;
  update: (next: Partial<ListParams>) => void;
  setSort: (next: Sort<K>) => void;
  /** A click on a column head: that column, or the other direction if it is already the one. */
  sortBy: (key: K) => void;
}

/** How long typing pauses before the filter goes into the URL. */
const URL_FILTER_DELAY_MS = 300;

/**
 * A list's filter text, kept in the URL (it survives a visit to an item and back, and can be bookmarked):
 * the list follows each keystroke at once, the URL once typing pauses. Writing the URL re-renders the
 * shell's route (header, navigation), which cost a keystroke more than filtering 2,000 rows did.
 * A change of the URL's filter from elsewhere (back, a link) is taken over.
 */
export function createUrlFilter(fromUrl: () => string, write: (filter: string) => void): { filter: Accessor<string>; setFilter: (text: string) => void } {
  const [filter, setLocal] = createSignal(fromUrl());
  createComputed(on(fromUrl, (text) => setLocal(text), { defer: true }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const setFilter = (text: string): void => {
    setLocal(text);
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (filter() !== fromUrl()) write(filter());
    }, URL_FILTER_DELAY_MS);
  };
  return { filter, setFilter };
}

/** Filter text and sort order of a list, kept in the URL so they survive going to an item and back. */
export function createListState<K extends string>(spec: SortSpec<K>, props: ListParamsProps): ListState<K> {
  // Same order → same object, so typing in the filter never sorts again.
  const sort = createMemo(() => parseSortParam(spec, props.params.sort), undefined, { equals: sameSort });
  const typed = createUrlFilter(
    () => props.params.filter ?? '',
    (filter) => props.onParamsChange({ ...props.params, filter: filter || undefined }),
  );
  const update = (next: Partial<ListParams>): void => {
    // Typing: the list at once, the URL later. Anything else (sort, state, a cleared filter) goes to the URL now.
    if (Object.keys(next).length === 1 && 'filter' in next) return typed.setFilter(next.filter ?? '');
    props.onParamsChange({ ...props.params, filter: typed.filter() || undefined, ...next });
  };
  const setSort = (next: Sort<K>): void => update({ sort: formatSortParam(spec, next) });
  return {
    sort,
    filter: typed.filter,
    update,
    setSort,
    sortBy: (key) => setSort(nextSortState(spec, sort(), key)),
  };
}

/**
 * The page head of a list: title, how many are shown of how many, the page's own actions (if any)
 * and the live badge; the offline banner below.
 */
export function ListPageHead<T>(props: {
  titleId: string;
  title: string;
  query: UseQueryResult<T, Error>;
  live: LiveState;
  countTestid: string;
  shown: number;
  total: number;
  /** What the count reads; by default the total, or "SHOWN of TOTAL" while filtered. */
  countText?: string;
  /** Announce count changes to screen readers. */
  countLive?: boolean;
  /** Before the live badge, e.g. the containers' "Run a container" link. */
  actions?: JSX.Element;
}): JSX.Element {
  const text = () => props.countText ?? (props.shown === props.total ? props.total : `${props.shown} of ${props.total}`);
  return (
    <>
      <div class="page-head">
        <h1 id={props.titleId}>{props.title}</h1>
        <Show when={props.query.data}>
          <span
            class="count"
            data-testid={props.countTestid}
            data-shown={props.shown}
            data-total={props.total}
            aria-live={props.countLive ? 'polite' : undefined}
          >
            {text()}
          </span>
        </Show>
        <div class="page-head-end">
          {props.actions}
          <LiveBadge live={props.live} updatedAt={props.query.dataUpdatedAt} error={props.query.error} />
        </div>
      </div>
      <OfflineBanner live={props.live} updatedAt={props.query.dataUpdatedAt} error={props.query.error} />
    </>
  );
}

/** The list's filter box; `data-filter` lets the "/" shortcut find it. */
export function FilterBox(props: { testid: string; placeholder: string; label: string; value: string; onInput: (value: string) => void }): JSX.Element {
  return (
    <input
      type="search"
      class="input filter"
      data-testid={props.testid}
      data-filter
      placeholder={props.placeholder}
      aria-label={props.label}
      value={props.value}
      onInput={(event) => props.onInput(event.currentTarget.value)}
    />
  );
}

/**
 * A windowed grid list: the sortable head row, then only the rows near the viewport (a thousand
 * items stay fast). No rows (everything filtered out) shows `noMatch` instead.
 */
export function GridList<T, K extends string>(props: {
  /** The grid's class (`network-grid`), which sets its columns. */
  class: string;
  label: string;
  columns: readonly ColumnDef<K>[];
  sort: Sort<K>;
  onSort: (key: K) => void;
  rows: readonly T[];
  /** Set aria-rowcount (the rows exist even when not rendered). */
  rowCount?: boolean;
  noMatch: JSX.Element;
  children: (row: T) => JSX.Element;
}): JSX.Element {
  let body: HTMLDivElement | undefined;
  return (
    <Show when={props.rows.length > 0} fallback={props.noMatch}>
      <div class={`list ${props.class}`} role="table" aria-label={props.label} aria-rowcount={props.rowCount ? props.rows.length : undefined}>
        <ListHead columns={props.columns} sort={props.sort} onSort={props.onSort} />
        <div class="list-body" role="rowgroup" ref={body}>
          <VirtualList each={props.rows} container={() => body}>
            {props.children}
          </VirtualList>
        </div>
      </div>
    </Show>
  );
}
