import { For, Show, createSignal, type JSX } from 'solid-js';
import { useFocusTrap } from '../../components/useFocusTrap';
import type { EngineRef } from '../../api/types';
import { ErrorPanel } from '../../components/ErrorPanel';
import { parseReference } from '../../engine/reference';
import { repositoryProblem, tagProblem } from '../../registry/reference';
import { useTransfers } from '../../queries/pulls';
import { useTagImage } from '../../queries/registries';
import '../../styles/registries.css';

interface ImageActionsProps {
  engine: EngineRef;
  /** Image id: what "Tag…" tags. */
  id: string;
  repoTags: string[];
  /** Buttons of the page's own in the same row: the main one first, a destructive one last. */
  leading?: JSX.Element;
  trailing?: JSX.Element;
}

type Panel = 'tag' | 'push' | null;

/**
 * "Tag…" and "Push…" on an image page, in one row with the page's other actions; pushes run in the
 * transfers tray. Each panel holds focus while open; Escape closes it and focus goes back to its button.
 */
export function ImageActions(props: ImageActionsProps): JSX.Element {
  const [panel, setPanel] = createSignal<Panel>(null);
  const [tagged, setTagged] = createSignal<string | null>(null);
  let tagButton!: HTMLButtonElement;
  let pushButton!: HTMLButtonElement;
  const toggle = (next: Exclude<Panel, null>) => setPanel(panel() === next ? null : next);
  return (
    <div class="image-actions">
      <div class="image-action-buttons" role="group" aria-label="Image actions">
        {props.leading}
        <button type="button" class="button button-small" ref={tagButton} data-testid="image-tag-open" data-admin aria-expanded={panel() === 'tag'} onClick={() => toggle('tag')}>
          Tag…
        </button>
        <button type="button" class="button button-small" ref={pushButton} data-testid="image-push-open" data-admin aria-expanded={panel() === 'push'} onClick={() => toggle('push')}>
          Push…
        </button>
        {props.trailing}
      </div>
      <Show when={panel() === 'tag'}>
        <TagForm
          engine={props.engine}
          id={props.id}
          opener={() => tagButton}
          onClose={() => setPanel(null)}
          onDone={(ref) => {
            setTagged(ref);
            setPanel('push');
          }}
        />
      </Show>
      <Show when={panel() === 'push'}>
        <PushForm engine={props.engine} repoTags={props.repoTags} preferred={tagged()} opener={() => pushButton} onClose={() => setPanel(null)} />
      </Show>
    </div>
  );
}

function TagForm(props: { engine: EngineRef; id: string; opener: () => HTMLElement; onClose: () => void; onDone: (ref: string) => void }): JSX.Element {
  const tagImage = useTagImage(() => props.engine);
  let form!: HTMLFormElement;
  let repoInput!: HTMLInputElement;
  useFocusTrap(() => form, () => props.onClose(), { first: () => repoInput, returnTo: props.opener });
  const [repo, setRepo] = createSignal('');
  const [tag, setTag] = createSignal('latest');
  const [problem, setProblem] = createSignal<string | null>(null);
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const issue = repositoryProblem(repo()) ?? tagProblem(tag().trim());
    setProblem(issue);
    if (issue) return;
    tagImage.mutate({ source: props.id, repo: repo().trim(), tag: tag().trim() }, { onSuccess: () => props.onDone(`${repo().trim()}:${tag().trim()}`) });
  };
  return (
    <form class="action-panel" ref={form} aria-label="Tag the image" data-testid="image-tag-form" onSubmit={submit}>
      <div class="form-grid">
        <label class="form-field">
          <span class="field-label">Repository</span>
          <input class="input" ref={repoInput} data-testid="image-tag-repo" placeholder="127.0.0.1:5000/team/app" value={repo()} onInput={(e) => setRepo(e.currentTarget.value)} aria-invalid={problem() !== null} />
        </label>
        <label class="form-field">
          <span class="field-label">Tag</span>
          <input class="input" data-testid="image-tag-tag" value={tag()} onInput={(e) => setTag(e.currentTarget.value)} />
        </label>
      </div>
      <Show when={problem()}>{(text) => <p class="form-error" role="alert">{text()}</p>}</Show>
      <Show when={tagImage.error}>{(error) => <ErrorPanel error={error()} title="Could not tag the image" />}</Show>
      <div class="form-actions">
        <button type="submit" class="button button-primary button-small" data-testid="image-tag-submit" disabled={tagImage.isPending}>
          {tagImage.isPending ? 'Tagging…' : 'Tag'}
        </button>
        <span class="muted">Prefix the repository with a registry host to push there next.</span>
      </div>
    </form>
  );
}

function PushForm(props: { engine: EngineRef; repoTags: string[]; preferred: string | null; opener: () => HTMLElement; onClose: () => void }): JSX.Element {
  const transfers = useTransfers();
  let panel!: HTMLDivElement;
  const [picked, setChoice] = createSignal<string | null>(null);
  // The tag just made, until the user picks another; the tag list may still be refreshing.
  const choice = (): string => picked() ?? props.preferred ?? props.repoTags[0] ?? '';
  const options = (): string[] => (props.preferred && !props.repoTags.includes(props.preferred) ? [props.preferred, ...props.repoTags] : props.repoTags);
  useFocusTrap(() => panel, () => props.onClose(), { first: () => panel.querySelector<HTMLElement>('select') ?? undefined, returnTo: props.opener });
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const { repository, tag } = parseReference(choice());
    if (!tag) return;
    void transfers.start(props.engine, { kind: 'push', repository, tag });
    props.onClose();
  };
  return (
    <div class="action-panel" ref={panel} role="group" aria-label="Push the image" data-testid="image-push-panel">
      <Show
        when={options().length > 0}
        fallback={<p class="muted">This image has no tag to push. Use “Tag…” first, with the registry host in front (e.g. 127.0.0.1:5000/team/app).</p>}
      >
        <form class="image-push-form" data-testid="image-push-form" onSubmit={submit}>
          <label class="form-field">
            <span class="field-label">Push which tag</span>
            <select class="select" data-testid="image-push-ref" value={choice()} onChange={(e) => setChoice(e.currentTarget.value)}>
              <For each={options()}>{(ref) => <option value={ref}>{ref}</option>}</For>
            </select>
          </label>
          <div class="form-actions">
            <button type="submit" class="button button-primary button-small" data-testid="image-push-submit">
              Push
            </button>
            <span class="muted">A name without a registry host goes to Docker Hub.</span>
          </div>
        </form>
      </Show>
    </div>
  );
}
