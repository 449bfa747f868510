import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { formatHash, type ImageTab } from '../../app/router';
import type { EngineRef } from '../../api/types';
import { Args, Card, fieldWithPrefix, KeyValueCard, None, ValueList, When } from '../../components/Details';
import { InspectLayout } from '../../components/InspectPage';
import { QueryBoundary } from '../../components/QueryBoundary';
import { formatAge, formatBytes } from '../../engine/format';
import { toImageDetails } from '../../engine/imageDetails';
import type { ImageInspect } from '../../engine/types';
import { imageDetailOptions } from '../../queries/images';
import { ImageTabPanel, ImageTabs } from './ImageTabs';
import { ImageActions } from '../registries/ImageActions';

const F = fieldWithPrefix('image');

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
  const now = createNow();
  return (
    <InspectLayout
      name="image"
      title={details().title}
      raw={props.raw}
      chips={
        <>
          <span class="chip">{details().platform}</span>
          <span class="chip">{formatBytes(details().size)}</span>
          <Show when={details().created}>{(created) => <span class="chip">{formatAge(created(), now())}</span>}</Show>
          <span class="chip">
            {details().layers.length} {details().layers.length === 1 ? 'layer' : 'layers'}
          </span>
        </>
      }
      actions={
        <>
          <a
            class="button button-small button-primary"
            data-testid="image-run"
            href={formatHash({ name: 'containerNew', engine: props.engine.name, image: details().repoTags[0] ?? details().id })}
          >
            Run…
          </a>
          <ImageActions engine={props.engine} id={details().id} repoTags={details().repoTags} />
        </>
      }
    >
      <ImageTabs engine={props.engine.name} id={details().id} tab={undefined} tag={details().repoTags[0]} />

      <Card title="Image">
        <dl class="fields">
          <F name="id" label="ID">
            <code class="break">{details().id}</code>
          </F>
          <F name="tags" label="Tags">
            <ValueList items={details().repoTags} empty="untagged" />
          </F>
          <F name="digests" label="Digests">
            <ValueList items={details().repoDigests} empty="none (never pushed or pulled)" code />
          </F>
          <F name="created" label="Created">
            <When date={details().created} now={now()} empty="unknown" />
          </F>
          <F name="size" label="Size">
            {formatBytes(details().size)} <span class="muted">({details().size.toLocaleString('en')} bytes)</span>
          </F>
          <F name="os" label="OS">
            {details().os || <None />}
          </F>
          <F name="architecture" label="Architecture">
            {details().architecture || <None />}
          </F>
          <Show when={details().variant}>
            {(variant) => (
              <F name="variant" label="Variant">
                {variant()}
              </F>
            )}
          </Show>
          <F name="author" label="Author">
            {details().author ?? <None />}
          </F>
          <Show when={details().comment}>
            {(comment) => (
              <F name="comment" label="Comment">
                {comment()}
              </F>
            )}
          </Show>
        </dl>
      </Card>

      <Card title="Run configuration">
        <dl class="fields">
          <F name="entrypoint" label="Entrypoint">
            <Args args={details().entrypoint} />
          </F>
          <F name="cmd" label="Cmd">
            <Args args={details().cmd} />
          </F>
          <F name="workdir" label="Working dir">
            {details().workingDir ? <code>{details().workingDir}</code> : <None text="/ (default)" />}
          </F>
          <F name="user" label="User">
            {details().user ? <code>{details().user}</code> : <None text="root (default)" />}
          </F>
          <F name="ports" label="Exposed ports">
            <ValueList items={details().exposedPorts} empty="none" code inline />
          </F>
          <F name="volumes" label="Volumes">
            <ValueList items={details().volumes} empty="none" code />
          </F>
        </dl>
      </Card>

      <KeyValueCard title="Environment" testid="image-field-env" rows={details().env} empty="No environment variables." />

      <KeyValueCard title="Labels" testid="image-field-labels" rows={details().labels} empty="No labels." />

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
    </InspectLayout>
  );
}
