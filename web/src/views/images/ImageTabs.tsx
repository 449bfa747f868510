import { For, Match, Switch, createMemo, type JSX } from 'solid-js';
import { formatHash, type ImageTab } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { useIsAdmin } from '../../app/role';
import { toImageDetails } from '../../engine/imageDetails';
import type { ImageInspect } from '../../engine/types';
import '../../styles/internals.css';
import { lazyView } from '../../components/lazyView';

const ImageHistory = lazyView(() => import('./ImageHistory'));
const LayerContents = lazyView(() => import('./LayerContents'));

const TABS: readonly { tab: ImageTab | undefined; label: string; admin?: boolean }[] = [
  { tab: undefined, label: 'Details' },
  { tab: 'history', label: 'History' },
  // Layer contents come from a docker save, which only the admin token may read.
  { tab: 'layers', label: 'Layers', admin: true },
];

/** Details, History, Layers of one image, plus a link to where it sits in the layer tree. */
export function ImageTabs(props: { engine: string; id: string; tab: ImageTab | undefined; tag: string | undefined }): JSX.Element {
  const isAdmin = useIsAdmin();
  return (
    <nav class="tabs" aria-label="Image views" data-testid="image-tabs">
      <For each={TABS.filter((item) => !item.admin || isAdmin())}>
        {(item) => (
          <a
            class="tab"
            href={formatHash({ name: 'image', engine: props.engine, id: props.id, ...(item.tab ? { tab: item.tab } : {}) })}
            aria-current={props.tab === item.tab ? 'page' : undefined}
            data-testid={`image-tab-${item.tab ?? 'details'}`}
            data-admin={item.admin ? '' : undefined}
          >
            {item.label}
          </a>
        )}
      </For>
      <a class="tab" href={formatHash({ name: 'layerTree', engine: props.engine, filter: props.tag ?? props.id })} data-testid="image-tab-tree">
        Layer tree ↗
      </a>
    </nav>
  );
}

/** The History or Layers tab of an image page, each loaded when first opened. */
export function ImageTabPanel(props: { raw: ImageInspect; engine: EngineRef; tab: ImageTab }): JSX.Element {
  const details = createMemo(() => toImageDetails(props.raw));
  return (
    <article class="image-main" aria-labelledby="image-title">
      <header class="image-head">
        <h1 id="image-title" class="image-title">
          {details().title}
        </h1>
      </header>
      <ImageTabs engine={props.engine.name} id={details().id} tab={props.tab} tag={details().repoTags[0]} />
      <Switch>
        <Match when={props.tab === 'history'}>
          <ImageHistory engine={props.engine} id={details().id} layers={details().layers} />
        </Match>
        <Match when={props.tab === 'layers'}>
          <LayerContents engine={props.engine} id={details().id} layers={details().layers} size={details().size} />
        </Match>
      </Switch>
    </article>
  );
}
