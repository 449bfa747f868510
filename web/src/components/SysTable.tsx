import { For, type JSX } from 'solid-js';
import '../styles/system.css';

export interface SysColumn {
  label: string;
  /** Hidden on phones (the row's first cells carry what matters there). */
  narrow?: boolean;
  /** Read out to screen readers only (an actions column). */
  silent?: boolean;
}

/** The engines and swarm tables: a scrolling wrapper, a header from `columns`, the rows as children. */
export function SysTable(props: { columns: readonly SysColumn[]; class?: string; children: JSX.Element }): JSX.Element {
  return (
    <div class={props.class ? `${props.class} sys-table-wrap` : 'sys-table-wrap'}>
      <table class="sys-table">
        <thead>
          <tr>
            <For each={props.columns}>
              {(column) => (
                <th scope="col" class={column.narrow ? 'sys-hide-narrow' : undefined}>
                  {column.silent ? <span class="visually-hidden">{column.label}</span> : column.label}
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
