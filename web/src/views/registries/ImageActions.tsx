import { For, Show, createSignal, type JSX } from 'solid-js';
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
}

type Panel = 'tag' | 'push' | null;

/** "Tag…" and "Push…" on an image page; pushes run in the transfers tray. */
export function ImageActions(props: ImageActionsProps): JSX.Element {
  const [panel, setPanel] = createSignal<Panel>(null);
  const [tagged, setTagged] = createSignal<string | null>(null);
  const toggle = (next: Exclude<Panel, null>) => setPanel(panel() === next ? null : next);
  return (
    <div class="image-actions">
      <div class="image-action-buttons">
        <button type="button" class="button button-small" data-testid="image-tag-open" data-admin aria-expanded={panel() === 'tag'} onClick={() => toggle('tag')}>
          Tag…
        </button>
        <button type="button" class="button button-small" data-testid="image-push-open" data-admin aria-expanded={panel() === 'push'} onClick={() => toggle('push')}>
          Push…
        </button>
      </div>
      <Show when={panel() === 'tag'}>
        <TagForm
          engine={props.engine}
          id={props.id}
          onDone={(ref) => {
            setTagged(ref);
            setPanel('push');
          }}
        />
      </Show>
      <Show when={panel() === 'push'}>
        <PushForm engine={props.engine} repoTags={props.repoTags} preferred={tagged()} onStarted={() => setPanel(null)} />
      </Show>
    </div>
  );
}

function TagForm(props: { engine: EngineRef; id: string; onDone: (ref: string) => void }): JSX.Element {
  const tagImage = useTagImage(() => props.engine);
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
    <form class="action-panel" data-testid="image-tag-form" onSubmit={submit}>
      <div class="form-grid">
        <label class="form-field">
          <span class="field-label">Repository</span>
          <input class="input" data-testid="image-tag-repo" placeholder="127.0.0.1:5000/team/app" value={repo()} onInput={(e) => setRepo(e.currentTarget.value)} aria-invalid={problem() !== null} />
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

function PushForm(props: { engine: EngineRef; repoTags: string[]; preferred: string | null; onStarted: () => void }): JSX.Element {
  const transfers = useTransfers();
  const [picked, setChoice] = createSignal<string | null>(null);
  // The tag just made, until the user picks another; the tag list may still be refreshing.
  const choice = (): string => picked() ?? props.preferred ?? props.repoTags[0] ?? '';
  const options = (): string[] => (props.preferred && !props.repoTags.includes(props.preferred) ? [props.preferred, ...props.repoTags] : props.repoTags);
  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const { repository, tag } = parseReference(choice());
    if (!tag) return;
    void transfers.start(props.engine, { kind: 'push', repository, tag });
    props.onStarted();
  };
  return (
    <Show
      when={options().length > 0}
      fallback={<p class="action-panel muted">This image has no tag to push. Use “Tag…” first, with the registry host in front (e.g. 127.0.0.1:5000/team/app).</p>}
    >
      <form class="action-panel" data-testid="image-push-form" onSubmit={submit}>
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
  );
}
