import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { formatHash, type ImageTab } from '../../app/router';
import type { EngineRef } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { formatAge, formatBytes } from '../../engine/format';
import { formatArgs, toImageDetails, type ImageDetails, type KeyValue } from '../../engine/imageDetails';
import type { ImageInspect } from '../../engine/types';
import { imageDetailOptions } from '../../queries/images';
import { ImageTabPanel, ImageTabs } from './ImageTabs';
import { ImageActions } from '../registries/ImageActions';

/** One image's inspect data, for people, with the raw JSON beside it. */
export function ImagePage(props: { engine: EngineRef; id: string; tab?: ImageTab }): JSX.Element {
  const image = useQuery(() => imageDetailOptions(props.engine, props.id));
  const listHref = () => formatHash({ name: 'images', engine: props.engine.name });
  return (
    <section class="page" data-testid="image-page" data-state={image.status}>
      <a class="back-link" href={listHref()}>
        ← Images
      </a>
      <QueryBoundary query={image} loadingLabel="Loading image…">
        {(data) =>
          props.tab ? <ImageTabPanel raw={data()} engine={props.engine} tab={props.tab} /> : <ImageDetailsView raw={data()} engine={props.engine} />
        }
      </QueryBoundary>
    </section>
  );
}

function ImageDetailsView(props: { raw: ImageInspect; engine: EngineRef }): JSX.Element {
  const details = createMemo(() => toImageDetails(props.raw));
  const json = createMemo(() => JSON.stringify(props.raw, null, 2));
  const now = createNow();
  return (
    <div class="image-layout">
      <article class="image-main" aria-labelledby="image-title">
        <header class="image-head">
          <h1 id="image-title" class="image-title">
            {details().title}
          </h1>
          <div class="chips">
            <span class="chip">{details().platform}</span>
            <span class="chip">{formatBytes(details().size)}</span>
            <Show when={details().created}>{(created) => <span class="chip">{formatAge(created(), now())}</span>}</Show>
            <span class="chip">
              {details().layers.length} {details().layers.length === 1 ? 'layer' : 'layers'}
            </span>
          </div>
          <ImageActions engine={props.engine} id={details().id} repoTags={details().repoTags} />
        </header>
        <ImageTabs engine={props.engine.name} id={details().id} tab={undefined} tag={details().repoTags[0]} />

        <Card title="Image">
          <dl class="fields">
            <Field name="id" label="ID">
              <code class="break">{details().id}</code>
            </Field>
            <Field name="tags" label="Tags">
              <List items={details().repoTags} empty="untagged" />
            </Field>
            <Field name="digests" label="Digests">
              <List items={details().repoDigests} empty="none (never pushed or pulled)" code />
            </Field>
            <Field name="created" label="Created">
              <CreatedValue details={details()} now={now()} />
            </Field>
            <Field name="size" label="Size">
              {formatBytes(details().size)} <span class="muted">({details().size.toLocaleString('en')} bytes)</span>
            </Field>
            <Field name="os" label="OS">
              {details().os || <None />}
            </Field>
            <Field name="architecture" label="Architecture">
              {details().architecture || <None />}
            </Field>
            <Show when={details().variant}>
              {(variant) => (
                <Field name="variant" label="Variant">
                  {variant()}
                </Field>
              )}
            </Show>
            <Field name="author" label="Author">
              {details().author ?? <None />}
            </Field>
            <Show when={details().comment}>
              {(comment) => (
                <Field name="comment" label="Comment">
                  {comment()}
                </Field>
              )}
            </Show>
          </dl>
        </Card>

        <Card title="Run configuration">
          <dl class="fields">
            <Field name="entrypoint" label="Entrypoint">
              <Args args={details().entrypoint} />
            </Field>
            <Field name="cmd" label="Cmd">
              <Args args={details().cmd} />
            </Field>
            <Field name="workdir" label="Working dir">
              {details().workingDir ? <code>{details().workingDir}</code> : <None text="/ (default)" />}
            </Field>
            <Field name="user" label="User">
              {details().user ? <code>{details().user}</code> : <None text="root (default)" />}
            </Field>
            <Field name="ports" label="Exposed ports">
              <List items={details().exposedPorts} empty="none" code inline />
            </Field>
            <Field name="volumes" label="Volumes">
              <List items={details().volumes} empty="none" code />
            </Field>
          </dl>
        </Card>

        <Card title="Environment" count={details().env.length}>
          <KeyValueTable testid="image-field-env" rows={details().env} empty="No environment variables." />
        </Card>

        <Card title="Labels" count={details().labels.length}>
          <KeyValueTable testid="image-field-labels" rows={details().labels} empty="No labels." />
        </Card>

        <Card title="Layers" count={details().layers.length}>
          <div data-testid="image-field-layers" data-count={details().layers.length}>
            <Show when={details().layers.length > 0} fallback={<p class="muted">No layers.</p>}>
              <ol class="layers">
                <For each={details().layers}>
                  {(layer) => (
                    <li>
                      <code class="break">{layer}</code>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
          </div>
        </Card>
      </article>

      <details class="raw-pane">
        <summary data-testid="raw-json-toggle">Raw JSON</summary>
        <pre class="raw-json" data-testid="raw-json">
          {json()}
        </pre>
      </details>
    </div>
  );
}

function Card(props: { title: string; count?: number; children: JSX.Element }): JSX.Element {
  return (
    <section class="card">
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

/** A labelled value; the test id sits on the value so its text is the value. */
function Field(props: { name: string; label: string; children: JSX.Element }): JSX.Element {
  return (
    <div class="field">
      <dt>{props.label}</dt>
      <dd data-testid={`image-field-${props.name}`}>{props.children}</dd>
    </div>
  );
}

function None(props: { text?: string }): JSX.Element {
  return <span class="muted">{props.text ?? '—'}</span>;
}

function Args(props: { args: string[] | null }): JSX.Element {
  return (
    <Show when={formatArgs(props.args)} fallback={<None text="not set" />}>
      {(text) => <code class="args">{text()}</code>}
    </Show>
  );
}

function List(props: { items: string[]; empty: string; code?: boolean; inline?: boolean }): JSX.Element {
  return (
    <Show when={props.items.length > 0} fallback={<None text={props.empty} />}>
      <ul class="value-list" classList={{ inline: props.inline === true }}>
        <For each={props.items}>{(item) => <li>{props.code ? <code class="break">{item}</code> : item}</li>}</For>
      </ul>
    </Show>
  );
}

function CreatedValue(props: { details: ImageDetails; now: Date }): JSX.Element {
  return (
    <Show when={props.details.created} fallback={<None text="unknown" />}>
      {(created) => (
        <>
          <time datetime={created().toISOString()}>{created().toLocaleString()}</time>{' '}
          <span class="muted">({formatAge(created(), props.now)})</span>
        </>
      )}
    </Show>
  );
}

function KeyValueTable(props: { testid: string; rows: KeyValue[]; empty: string }): JSX.Element {
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
