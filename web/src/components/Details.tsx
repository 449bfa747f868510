import { For, Show, createMemo, type JSX } from 'solid-js';
import { formatHash } from '../routes/router';
import { formatAge } from '../engine/format';
import { formatArgs, type KeyValue } from '../engine/imageDetails';

/** Building blocks of the inspect pages (image, container, network, volume). */

export function Card(props: { title: string; count?: number; testid?: string; children: JSX.Element }): JSX.Element {
  return (
    <section class="card" data-testid={props.testid}>
      <h2 class="card-title">
        {props.title}
        <Show when={props.count !== undefined}>
          <span class="count">{props.count}</span>
        </Show>
      </h2>
      {props.children}
    </section>
  );
}

/** A labelled value; the test id (`PREFIX-field-NAME`) sits on the value so its text is the value. */
export function Field(props: { prefix: string; name: string; label: string; children: JSX.Element }): JSX.Element {
  return (
    <div class="field">
      <dt>{props.label}</dt>
      <dd data-testid={`${props.prefix}-field-${props.name}`}>{props.children}</dd>
    </div>
  );
}

/** `Field` with its test-id prefix fixed, for a page whose fields all share one (`image`, `network`…). */
export function fieldWithPrefix(prefix: string): (props: { name: string; label: string; children: JSX.Element }) => JSX.Element {
  return (props) => (
    <Field prefix={prefix} name={props.name} label={props.label}>
      {props.children}
    </Field>
  );
}

export function None(props: { text?: string }): JSX.Element {
  return <span class="muted">{props.text ?? '—'}</span>;
}

/** A command line (entrypoint, cmd) as one shell-quoted line. */
export function Args(props: { args: string[] | null }): JSX.Element {
  return (
    <Show when={formatArgs(props.args)} fallback={<None text="not set" />}>
      {(text) => <code class="args">{text()}</code>}
    </Show>
  );
}

/** A moment in local time, with how long ago it was. */
export function When(props: { date: Date | null; now: Date; empty: string }): JSX.Element {
  return (
    <Show when={props.date} fallback={<None text={props.empty} />}>
      {(date) => (
        <>
          <time datetime={date().toISOString()}>{date().toLocaleString()}</time>{' '}
          <span class="muted">({formatAge(date(), props.now)})</span>
        </>
      )}
    </Show>
  );
}

export function ValueList(props: { items: readonly string[]; empty: string; code?: boolean; inline?: boolean }): JSX.Element {
  return (
    <Show when={props.items.length > 0} fallback={<None text={props.empty} />}>
      <ul class="value-list" classList={{ inline: props.inline === true }}>
        <For each={props.items}>{(item) => <li>{props.code ? <code class="break">{item}</code> : item}</li>}</For>
      </ul>
    </Show>
  );
}

export function KeyValueTable(props: { testid: string; rows: readonly KeyValue[]; empty: string }): JSX.Element {
  return (
    <div class="kv-scroll" data-testid={props.testid} data-count={props.rows.length}>
      <Show when={props.rows.length > 0} fallback={<p class="muted">{props.empty}</p>}>
        <table class="table kv-table">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(row) => (
                <tr>
                  <th scope="row">
                    <code>{row.key}</code>
                  </th>
                  <td>
                    <code class="break">{row.value}</code>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
    </div>
  );
}

/** A card holding one key/value table (environment, labels, driver options), its count in the title. */
export function KeyValueCard(props: { title: string; testid: string; rows: readonly KeyValue[]; empty: string }): JSX.Element {
  return (
    <Card title={props.title} count={props.rows.length}>
      <KeyValueTable testid={props.testid} rows={props.rows} empty={props.empty} />
    </Card>
  );
}

/**
 * The items of a card (ports, mounts, attached containers), one `<li>` each from `children`;
 * a muted line when there are none. `data-count` lets tests count them without the list.
 */
export function ItemList<T>(props: { testid: string; items: readonly T[]; empty: string; children: (item: T) => JSX.Element }): JSX.Element {
  return (
    <div data-testid={props.testid} data-count={props.items.length}>
      <Show when={props.items.length > 0} fallback={<p class="muted">{props.empty}</p>}>
        <ul class="value-list">
          <For each={props.items}>{props.children}</For>
        </ul>
      </Show>
    </div>
  );
}

/**
 * The containers that use something (attached to a network, mounting a volume), each a link to
 * its page followed by what `children` adds (its address, its mount point).
 */
export function ContainerLinks<T extends { id: string; name: string }>(props: {
  engine: string;
  testid: string;
  itemTestid: string;
  items: readonly T[];
  empty: string;
  children: (item: T) => JSX.Element;
}): JSX.Element {
  return (
    <ItemList testid={props.testid} items={props.items} empty={props.empty}>
      {(item) => (
        <li data-testid={props.itemTestid} data-name={item.name}>
          <a href={formatHash({ name: 'container', engine: props.engine, id: item.id })}>{item.name}</a> {props.children(item)}
        </li>
      )}
    </ItemList>
  );
}

/** The engine's own JSON, folded: beside the details on wide screens, below them on phones. */
export function RawJson(props: { value: unknown }): JSX.Element {
  const json = createMemo(() => JSON.stringify(props.value, null, 2));
  return (
    <details class="raw-pane">
      <summary data-testid="raw-json-toggle">Raw JSON</summary>
      <pre class="raw-json" data-testid="raw-json">
        {json()}
      </pre>
    </details>
  );
}
