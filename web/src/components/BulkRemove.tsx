import { For, Show, createSignal, type JSX } from 'solid-js';
import { runInOrder, summarizeBulk } from '../engine/bulk';
import { Confirm, StatusLine } from './Confirm';
import '../styles/containers-create.css';

/** One object of a removal plan: `refused` says why the engine would refuse it (it is then left alone). */
export interface RemovalStep {
  name: string;
  refused: string | null;
}

/**
 * Removes one or several objects after asking: what each removal loses, the ones that stay and why,
 * then one after another with "n of N", and a line with what was done and the engine's reasons.
 */
export function BulkRemove<T extends RemovalStep>(props: {
  testId: string;
  nouns: readonly [string, string];
  plan: readonly T[];
  /** The title when nothing in the plan can go: [one, several]. */
  refusedTitle: readonly [string, string];
  /** What removing this one loses. */
  lost: (step: T) => string;
  remove: (step: T) => Promise<void>;
  reason: (cause: unknown) => string;
  /** Runs once after the removals, before the result shows (refresh lists). */
  after: () => Promise<void>;
  /** Options shown in the question (force...). */
  children?: JSX.Element;
  onDone: () => void;
  onCancel: () => void;
}): JSX.Element {
  const [status, setStatus] = createSignal<{ kind: 'ok' | 'error' | 'busy'; text: string } | null>(null);
  const [busy, setBusy] = createSignal(false);
  const removable = () => props.plan.filter((p) => p.refused === null);
  const noun = () => (props.plan.length === 1 ? props.nouns[0] : `${props.plan.length} ${props.nouns[1]}`);
  const run = async (): Promise<void> => {
    setBusy(true);
    const targets = removable();
    const results = await runInOrder(targets, (p) => p.name, props.remove, props.reason, (i, p) =>
      setStatus({ kind: 'busy', text: `Removing ${i + 1} of ${targets.length}: ${p.name}…` }),
    );
    await props.after();
    setBusy(false);
    const summary = summarizeBulk('Removed', props.nouns, results);
    setStatus(summary);
    if (!summary.failed) props.onDone();
  };
  return (
    <div data-testid={props.testId} data-admin>
      <Show
        when={removable().length > 0}
        fallback={
          <div class="ct-confirm" role="alert" data-testid={`${props.testId}-refused`}>
            <p class="ct-confirm-title">{props.plan.length === 1 ? props.refusedTitle[0] : props.refusedTitle[1]}</p>
            <ul class="ct-lost" data-testid="confirm-lost">
              <For each={props.plan}>{(p) => <li>{`${p.name}: ${p.refused ?? ''}`}</li>}</For>
            </ul>
            <div class="ct-actions">
              <button type="button" class="button button-ghost" data-testid="confirm-no" onClick={() => props.onCancel()}>
                Close
              </button>
            </div>
          </div>
        }
      >
        <Confirm
          title={`Remove ${noun()}: ${props.plan.map((p) => p.name).join(', ')}?`}
          lost={props.plan.map((p) => (p.refused ? `${p.name} stays: ${p.refused}` : `${p.name}: ${props.lost(p)}`))}
          confirmLabel={removable().length === props.plan.length ? 'Remove' : `Remove the other ${removable().length}`}
          busy={busy()}
          onConfirm={() => void run()}
          onCancel={() => props.onCancel()}
        >
          {props.children}
        </Confirm>
      </Show>
      <StatusLine status={status()} />
    </div>
  );
}
