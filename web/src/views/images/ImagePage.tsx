import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { formatHash, type ImageTab } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { Args, Card, fieldWithPrefix, KeyValueCard, None, ValueList, When } from '../../components/Details';
import { InspectLayout } from '../../components/InspectPage';
import { QueryBoundary } from '../../components/QueryBoundary';
import { formatAge } from '../../engine/format';
import { formatBytes } from '../../engine/units';
import { toImageDetails } from '../../engine/imageDetails';
import type { ImageInspect } from '../../engine/types';
import { imageDetailOptions } from '../../queries/images';
import { ImageTabPanel, ImageTabs } from './ImageTabs';
import { ImageActions } from '../registries/ImageActions';
import { AdminOnly, useIsAdmin } from '../../app/role';
import { NewerImagePanel } from './NewerImage';
import { GoneNotice, isGone } from '../../components/Gone';
import type { RemovalStep, RemovalTarget } from '../../engine/imageRemoval';
import { useEngineEvents } from '../../streams/events';
import { ImageRemove } from './ImageRemove';
import '../../styles/registries.css';

const F = fieldWithPrefix('image');

/** One image's inspect data, for people, with the raw JSON beside it. */
export function ImagePage(props: { engine: EngineRef; id: string; tab?: ImageTab }): JSX.Element {
  const image = useQuery(() => imageDetailOptions(props.engine, props.id));
  // Image events (tag, untag, delete, …) refresh this page; a 404 then says the image is gone.
  useEngineEvents(props.engine);
  const listHref = () => formatHash({ name: 'images', engine: props.engine.name });
  const seenName = () => (image.data ? (image.data.RepoTags?.[0] ?? image.data.Id) : props.id);
  return (
    <section class="page" data-testid="image-page" data-state={image.status}>
      <a class="back-link" href={listHref()}>
        ← Images
      </a>
      <Show when={!isGone(image)} fallback={<GoneNotice what="image" name={seenName()} seen={image.data !== undefined} backHref={listHref()} backLabel="Back to images" />}>
        <QueryBoundary query={image} loadingLabel="Loading image…">
          {(data) =>
            props.tab ? <ImageTabPanel raw={data()} engine={props.engine} tab={props.tab} /> : <ImageDetailsView raw={data()} engine={props.engine} openedAs={props.id} />
          }
        </QueryBoundary>
      </Show>
    </section>
  );
}

function ImageDetailsView(props: { raw: ImageInspect; engine: EngineRef; openedAs: string }): JSX.Element {
  const details = createMemo(() => toImageDetails(props.raw));
  const now = createNow();
  const isAdmin = useIsAdmin();
  const [removing, setRemoving] = createSignal<RemovalTarget[] | null>(null);
  const removed = (steps: RemovalStep[], allDeleted: boolean): void => {
    setRemoving(null);
    if (allDeleted) location.hash = formatHash({ name: 'images', engine: props.engine.name });
    // Opened by a tag that is gone now: the same image by its id.
    else if (steps.some((step) => step.untagged.includes(props.openedAs))) location.replace(formatHash({ name: 'image', engine: props.engine.name, id: details().id }));
  };
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
        <AdminOnly>
          {/* One row like a container page's: the main action first, the destructive one last. */}
          <ImageActions
            engine={props.engine}
            id={details().id}
            repoTags={details().repoTags}
            leading={
              <a
                class="button button-small button-primary"
                data-testid="image-run"
                data-admin
                href={formatHash({ name: 'containerNew', engine: props.engine.name, image: details().repoTags[0] ?? details().id })}
              >
                Run…
              </a>
            }
            trailing={
              <button
                type="button"
                class="button button-small button-danger"
                data-testid="image-remove-open"
                data-admin
                aria-expanded={removing() !== null}
                onClick={() => setRemoving(removing() ? null : [{ kind: 'image', imageId: details().id }])}
              >
                Remove…
              </button>
            }
          />
          <Show when={removing()}>
            {(targets) => <ImageRemove engine={props.engine} targets={targets()} onCancel={() => setRemoving(null)} onDone={removed} />}
          </Show>
        </AdminOnly>
      }
    >
      <ImageTabs engine={props.engine.name} id={details().id} tab={undefined} tag={details().repoTags[0]} />

      <NewerImagePanel engine={props.engine} imageId={details().id} repoTags={details().repoTags} admin={isAdmin()} />

      <Card title="Image">
        <dl class="fields">
          <F name="id" label="ID">
            <code class="break">{details().id}</code>
          </F>
          <F name="tags" label="Tags">
            <Show when={details().repoTags.length > 0} fallback={<None text="untagged" />}>
              <ul class="value-list tag-list">
                <For each={details().repoTags}>
                  {(ref) => (
                    <li data-testid="image-tag" data-ref={ref}>
                      {ref}{' '}
                      <AdminOnly>
                        <button
                          type="button"
                          class="button button-ghost button-small"
                          data-testid="image-untag"
                          data-admin
                          aria-label={`Untag ${ref}`}
                          onClick={() => setRemoving([{ kind: 'tag', ref, imageId: details().id }])}
                        >
                          Untag
                        </button>
                      </AdminOnly>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
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
