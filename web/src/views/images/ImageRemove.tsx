import { useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import { describeError } from '../../api/errors';
import type { EngineRef } from '../../api/types';
import { formatHash } from '../../routes/router';
import { runInOrder, summarizeBulk } from '../../engine/bulk';
import { describeDeleteResponse, planImageRemovals, type RemovalChoices, type RemovalStep, type RemovalTarget } from '../../engine/imageRemoval';
import { containerListOptions } from '../../queries/containers';
import { imageListOptions, removeImage } from '../../queries/images';
import { Confirm, StatusLine } from '../../components/Confirm';
import '../../styles/containers-create.css';
import '../../styles/registries.css';
import { containerKeys, imageKeys } from '../../queries/keys';

type Status = { kind: 'ok' | 'error' | 'busy'; text: string } | null;

/**
 * Asks before removing images or tags: what each removal does by the engine's rules, the
 * containers that use them, `force` and `noprune` in plain words; then runs them in order and
 * says what the engine did. `onDone` hears whether every image named is gone.
 */
export function ImageRemove(props: {
  engine: EngineRef;
  targets: readonly RemovalTarget[];
  onCancel: () => void;
  onDone: (steps: RemovalStep[], allDeleted: boolean) => void;
}): JSX.Element {
  const queryClient = useQueryClient();
  const images = useQuery(() => imageListOptions(props.engine));
  const containers = useQuery(() => ({ ...containerListOptions(props.engine), retry: false }));
  const [choices, setChoices] = createSignal<RemovalChoices>({ force: false, noprune: false });
  const [status, setStatus] = createSignal<Status>(null);
  const [busy, setBusy] = createSignal(false);
  const steps = createMemo(() => planImageRemovals(props.targets, images.data ?? [], containers.data ?? [], choices()));
  const users = createMemo(() => {
    const seen = new Map<string, RemovalStep['users'][number]>();
    for (const step of steps()) for (const user of step.users) seen.set(user.id, user);
    return [...seen.values()];
  });
  const refused = () => steps().filter((s) => s.outcome === 'refused');
  const forceHelps = () => steps().some((s) => s.forceHelps);
  const noun = () => (props.targets.length === 1 ? (props.targets[0]?.kind === 'tag' ? 'tag' : 'image') : `${props.targets.length} images or tags`);

  const run = async (): Promise<void> => {
    setBusy(true);
    const planned = steps();
    const answers: string[] = [];
    const results = await runInOrder(
      planned,
      (step) => step.label,
      async (step) => {
        answers.push(`${step.label}: ${describeDeleteResponse(await removeImage(props.engine, step.name, choices()))}`);
      },
      (cause) => {
        const text = describeError(cause);
        return text.hint ? `${text.message} (${text.hint})` : text.message;
      },
      (index, step) => setStatus({ kind: 'busy', text: `Removing ${index + 1} of ${planned.length}: ${step.label}…` }),
    );
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: imageKeys.all(props.engine.name) }),
      queryClient.invalidateQueries({ queryKey: containerKeys.list(props.engine.name) }),
    ]);
    setBusy(false);
    const summary = summarizeBulk('Removed', ['image or tag', 'images or tags'], results);
    setStatus({ kind: summary.kind, text: summary.failed ? summary.text : `${summary.text} ${answers.join('. ')}.` });
    if (!summary.failed) props.onDone(planned, planned.every((s) => s.outcome === 'delete'));
  };

  return (
    <div class="action-panel" data-testid="image-remove" data-admin>
      <Confirm
        title={`Remove ${noun()}: ${steps().map((s) => s.label).join(', ')}?`}
        lost={steps().map((s) => `${s.label}: ${s.explanation}`)}
        confirmLabel={refused().length === steps().length ? 'Try anyway' : `Remove ${steps().length === 1 ? '' : steps().length}`.trim()}
        busy={busy()}
        onConfirm={() => void run()}
        onCancel={() => props.onCancel()}
      >
        <Show when={users().length > 0}>
          <div data-testid="image-remove-users">
            <p class="muted">Containers that use {props.targets.length === 1 ? 'this image' : 'these images'}:</p>
            <ul class="ct-lost">
              <For each={users()}>
                {(user) => (
                  <li data-testid="image-remove-user" data-name={user.name} data-running={user.running ? '1' : '0'}>
                    <a href={formatHash({ name: 'container', engine: props.engine.name, id: user.id })}>{user.name}</a> <span class="muted">({user.state})</span>
                  </li>
                )}
              </For>
            </ul>
          </div>
        </Show>
        <label class="check">
          <input type="checkbox" data-testid="image-remove-force" checked={choices().force} onChange={(e) => setChoices({ ...choices(), force: e.currentTarget.checked })} />
          <span>
            <strong>Force</strong>: also remove an image that has several tags (all of them go) or that stopped containers use (they stay, without their image). An
            image a running container uses is never removed; forcing only takes its tag.
            <Show when={forceHelps() && !choices().force}> Force would let the refused ones above go.</Show>
          </span>
        </label>
        <label class="check">
          <input type="checkbox" data-testid="image-remove-noprune" checked={choices().noprune} onChange={(e) => setChoices({ ...choices(), noprune: e.currentTarget.checked })} />
          <span>
            <strong>Keep untagged parents</strong> (noprune): images left by older builds below this one stay; otherwise the ones nothing else uses go with it.
          </span>
        </label>
      </Confirm>
      <StatusLine status={status()} />
    </div>
  );
}
