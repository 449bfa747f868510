import { For, type JSX } from 'solid-js';
import type { Sort } from '../engine/sorting';
import '../styles/inventory.css';

export interface ColumnDef<K extends string> {
  key: K;
  label: string;
  /** Cell class, shared with the row cells (sets the grid column and what hides when narrow). */
  class: string;
  numeric?: boolean;
}

/** The header row of a grid list: one sort button per column, aria-sort on the current one. */
export function ListHead<K extends string>(props: {
  columns: readonly ColumnDef<K>[];
  sort: Sort<K>;
  onSort: (key: K) => void;
}): JSX.Element {
  return (
    <div class="list-row list-head" role="row">
      <For each={props.columns}>
        {(column) => (
          <div
            role="columnheader"
            class={column.class}
            classList={{ num: column.numeric === true }}
            aria-sort={props.sort.key === column.key ? (props.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
          >
            <button type="button" class="sort-button" onClick={() => props.onSort(column.key)}>
              {column.label}
              <span class="sort-icon" aria-hidden="true" />
            </button>
          </div>
        )}
      </For>
    </div>
  );
}

/** The phone's sort menu (the header row is hidden there). */
export function SortSelect<K extends string>(props: {
  columns: readonly ColumnDef<K>[];
  sort: Sort<K>;
  onChange: (sort: Sort<K>) => void;
}): JSX.Element {
  return (
    <label class="sort-select">
      <span class="visually-hidden">Sort by</span>
      <select
        class="select"
        value={`${props.sort.key}-${props.sort.direction}`}
        onChange={(event) => {
          const value = event.currentTarget.value;
          const dash = value.lastIndexOf('-');
          const key = props.columns.find((column) => column.key === value.slice(0, dash))?.key;
          const direction = value.slice(dash + 1) === 'desc' ? 'desc' : 'asc';
          if (key !== undefined) props.onChange({ key, direction });
        }}
      >
        <For each={props.columns}>
          {(column) => (
            <>
              <option value={`${column.key}-asc`}>{column.label} ↑</option>
              <option value={`${column.key}-desc`}>{column.label} ↓</option>
            </>
          )}
        </For>
      </select>
    </label>
  );
}
