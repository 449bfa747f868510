/**
 * "Newer image available" on the image pages: a badge for list rows, a summary with the check's time,
 * and the image page's panel with "Pull to update" (the container page's offer is RecreateOffer).
 */
import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { formatHash } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { formatAge } from '../../engine/format';
import { PullProgress, usePull } from '../../components/PullProgress';
import { containerListOptions } from '../../queries/containers';
import { useNewerImages, type NewerImages, type TagCheck } from '../../queries/newerImages';
import '../../styles/newer.css';
import '../../styles/registries.css';

const checkedText = (at: number | null, now: Date): string => (at === null ? 'not checked yet' : `checked ${formatAge(new Date(at), now)}`);

/** On an image row: "newer" when its registry holds a newer build of the tag. */
export function NewerBadge(props: { check: TagCheck | undefined; now: Date }): JSX.Element {
  return (
    <Show when={props.check?.verdict.state === 'newer'}>
      <span class="badge badge-newer" data-testid="image-newer" title={`A newer build of this tag is in its registry (${checkedText(props.check?.checkedAt ?? null, props.now)})`}>
        newer
      </span>
    </Show>
  );
}

/** Above the image list: how many tags have a newer build, when the registries were asked, and "Check now". */
export function NewerSummary(props: { newer: NewerImages }): JSX.Element {
  const now = createNow();
  const total = () => props.newer.checks().size;
  const count = () => props.newer.newer().length;
  return (
    <Show when={total() > 0}>
      <p class="newer-summary muted" data-testid="newer-summary" data-count={count()} data-checking={props.newer.checking() ? 'true' : 'false'}>
        <span>
          {count() === 0 ? 'No newer builds' : count() === 1 ? '1 tag has a newer build' : `${count()} tags have a newer build`} in their registries
          {' '}({checkedText(props.newer.checkedAt(), now())}{props.newer.checking() ? ', checking…' : ''})
        </span>{' '}
        <button type="button" class="button button-ghost button-small" data-testid="newer-recheck" disabled={props.newer.checking()} onClick={() => void props.newer.recheck()}>
          Check now
        </button>
      </p>
    </Show>
  );
}

/** On an image page: for each of its tags whose registry holds a newer build, the build's date and "Pull to update". */
export function NewerImagePanel(props: { engine: EngineRef; imageId: string; repoTags: readonly string[]; admin: boolean }): JSX.Element {
  const newer = useNewerImages(() => props.engine);
  const now = createNow();
  const checks = createMemo(() => props.repoTags.map((tag) => newer.checks().get(tag)).filter((check): check is TagCheck => check !== undefined));
  const pull = usePull(() => props.engine);
  const containers = useQuery(() => ({ ...containerListOptions(props.engine), retry: false }));
  // Containers on this image before the pull: after it they run the older one, and may be recreated.
  const [left, setLeft] = createSignal<{ id: string; name: string }[]>([]);
  const update = async (repoTag: string): Promise<void> => {
    const users = (containers.data ?? []).filter((c) => c.ImageID === props.imageId).map((c) => ({ id: c.Id, name: (c.Names?.[0] ?? c.Id).replace(/^\//, '') }));
    const done = await pull.pull(repoTag);
    if (done.status === 'done') setLeft(users);
  };
  return (
    <Show when={checks().length > 0 || pull.result()}>
      <section class="card newer-panel" aria-labelledby="newer-title" data-testid="image-newer-panel">
        <h2 class="card-title" id="newer-title">
          Registry
        </h2>
        <ul class="newer-list">
          <For each={checks()}>
            {(check) => (
              <li data-testid="image-newer-check" data-ref={check.source.repoTag} data-state={check.verdict.state} data-registry-digest={check.registryDigest ?? undefined}>
                <Show
                  when={check.verdict.state === 'newer'}
                  fallback={
                    <span class="muted">
                      {check.source.repoTag}:{' '}
                      {check.verdict.state === 'current' ? 'the registry holds this same image' : check.verdict.state === 'unknown' ? check.verdict.reason : ''}{' '}
                      ({checkedText(check.checkedAt, now())})
                    </span>
                  }
                >
                  <strong>A newer build of {check.source.repoTag} is in its registry</strong>
                  <Show when={check.created}>{(created) => <span data-testid="image-newer-created"> (built {formatAge(new Date(created()), now())}, {new Date(created()).toLocaleString()})</span>}</Show>
                  <span class="muted"> · {checkedText(check.checkedAt, now())}</span>{' '}
                  <Show when={props.admin}>
                    <button type="button" class="button button-small button-primary" data-testid="image-newer-pull" data-admin disabled={pull.running()} onClick={() => void update(check.source.repoTag)}>
                      Pull to update
                    </button>
                  </Show>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <PullProgress pull={pull} />
        <Show when={pull.result()}>
          {(result) => (
            <div data-testid="image-newer-result" data-status={result().status}>
              <Show when={result().status === 'done'} fallback={<p class="form-error" role="alert">The pull {result().status === 'cancelled' ? 'was cancelled' : `failed: ${result().state.error ?? 'the engine did not say why'}`}.</p>}>
                <p>
                  Pulled {result().repository}:{result().tag}; the tag now names the newer image.{' '}
                  <a href={formatHash({ name: 'image', engine: props.engine.name, id: `${result().repository}:${result().tag}` })} data-testid="image-newer-open">
                    Open it
                  </a>
                </p>
                <Show when={left().length > 0}>
                  <p>These containers still run the previous image; recreate each with the newer one (it asks first):</p>
                  <ul>
                    <For each={left()}>
                      {(c) => (
                        <li>
                          <a href={formatHash({ name: 'containerNew', engine: props.engine.name, from: c.id, image: `${result().repository}:${result().tag}`, replace: true })} data-testid="image-newer-recreate" data-admin>
                            Recreate {c.name} with the newer image
                          </a>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </Show>
            </div>
          )}
        </Show>
      </section>
    </Show>
  );
}
