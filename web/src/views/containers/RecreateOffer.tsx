/**
 * On a container page: it runs an older image than its tag names now (a newer one was pulled), or its
 * registry holds a newer build (pull first): recreate it with the newer image, through the Duplicate / edit
 * form opened as its replacement, which says what is lost and asks before the old container goes.
 */
import { Show, createMemo, type JSX } from 'solid-js';
import type { EngineRef } from '../../api/types';
import { PullProgress, usePull } from '../../components/PullProgress';
import { shortId } from '../../engine/images';
import type { ContainerInspect } from '../../engine/types';
import { useNewerImages } from '../../queries/newerImages';
import { containerImageState } from '../../registry/newer';
import { formatHash } from '../../routes/router';
import '../../styles/newer.css';
import '../../styles/registries.css';

/** On a container page: it runs an older image than its tag names (or than the registry holds): recreate it with the newer one. */
export function RecreateOffer(props: { engine: EngineRef; container: ContainerInspect }): JSX.Element {
  const newer = useNewerImages(() => props.engine);
  const pull = usePull(() => props.engine);
  const state = createMemo(() =>
    containerImageState({ configImage: props.container.Config?.Image, imageId: props.container.Image }, newer.images.data ?? [], newer.verdicts()),
  );
  const pulledId = (): string => {
    const current = state();
    return current?.state === 'pulled' ? current.imageId : '';
  };
  const recreateHash = (repoTag: string) => formatHash({ name: 'containerNew', engine: props.engine.name, from: props.container.Id, image: repoTag, replace: true });
  const pullThenRecreate = async (repoTag: string): Promise<void> => {
    const done = await pull.pull(repoTag);
    if (done.status === 'done') location.hash = recreateHash(repoTag);
  };
  return (
    <Show when={state()}>
      {(s) => (
        <div class="notice newer-offer" data-testid="container-newer" data-state={s().state}>
          <Show
            when={s().state === 'pulled'}
            fallback={
              <>
                <span>A newer build of {s().repoTag} is in its registry. </span>
                <button type="button" class="button button-small button-primary" data-testid="container-newer-pull" data-admin disabled={pull.running()} onClick={() => void pullThenRecreate(s().repoTag)}>
                  Pull it and recreate…
                </button>
              </>
            }
          >
            <span>
              {s().repoTag} now names a newer image ({shortId(pulledId())}) than the one this container runs.{' '}
            </span>
            <a class="button button-small button-primary" data-testid="container-newer-recreate" data-admin href={recreateHash(s().repoTag)}>
              Recreate with the newer image…
            </a>
          </Show>
          <PullProgress pull={pull} />
          <Show when={pull.result() && pull.result()!.status !== 'done'}>
            <p class="form-error" role="alert">The pull did not finish: {pull.result()!.state.error ?? pull.result()!.status}. Nothing was changed.</p>
          </Show>
        </div>
      )}
    </Show>
  );
}
