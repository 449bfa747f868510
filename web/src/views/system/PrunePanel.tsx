import { useQueryClient } from '@tanstack/solid-query';
import { For, Match, Show, Switch, createSignal, onCleanup, onMount, type JSX } from 'solid-js';
import { trapFocus } from '../../components/focusTrap';
import { describeError } from '../../api/errors';
import type { EngineRef } from '../../api/types';
import { formatBytes } from '../../engine/units';
import { apiAtLeast, comparePlan, parseUntil, type PruneKind, type PruneOptions, type PruneOutcome, type PrunePlan } from '../../system/prune';
import { previewPrune, runPrune } from '../../queries/system';
import '../../styles/system.css';

const KINDS: readonly { kind: PruneKind; label: string; what: string }[] = [
  { kind: 'containers', label: 'Stopped containers', what: 'containers that are not running, with their writable layer' },
  { kind: 'images', label: 'Images', what: 'images no container uses' },
  { kind: 'networks', label: 'Networks', what: 'user-defined networks no running container is attached to' },
  { kind: 'volumes', label: 'Volumes', what: 'volumes no container uses, and the data in them' },
  { kind: 'buildCache', label: 'Build cache', what: 'build cache records not in use' },
];

type Phase =
  | { name: 'idle' }
  | { name: 'previewing' }
  | { name: 'preview'; plans: PrunePlan[]; knownImages: Set<string>; options: PruneOptions }
  | { name: 'running'; plans: PrunePlan[]; done: number }
  | { name: 'result'; results: { plan: PrunePlan; outcome: PruneOutcome | null; error: string | null }[] }
  | { name: 'error'; error: unknown };

/** Prune, always in two steps: what would go and how much, then — only after consent — the prune itself. */
export function PrunePanel(props: { engine: EngineRef }): JSX.Element {
  const queryClient = useQueryClient();
  const [kinds, setKinds] = createSignal<PruneKind[]>(['containers', 'images', 'networks', 'buildCache']);
  const [imageMode, setImageMode] = createSignal<'dangling' | 'all'>('dangling');
  let previewButton: HTMLButtonElement | undefined;
  const [allVolumes, setAllVolumes] = createSignal(false);
  const [allCache, setAllCache] = createSignal(false);
  const [labels, setLabels] = createSignal('');
  const [untilText, setUntilText] = createSignal('');
  const [untilError, setUntilError] = createSignal<string | null>(null);
  const [phase, setPhase] = createSignal<Phase>({ name: 'idle' });
  const newVolumes = () => apiAtLeast(props.engine.apiVersion, '1.42');

  /** The options with `until` fixed to one Unix second now: the preview and the prune judge by it. */
  const options = (): PruneOptions | null => {
    let until: number | null = null;
    if (untilText().trim() !== '') {
      const parsed = parseUntil(untilText(), Date.now() / 1000);
      if ('error' in parsed) {
        setUntilError(parsed.error);
        return null;
      }
      until = parsed.until;
    }
    setUntilError(null);
    return {
      apiVersion: props.engine.apiVersion,
      images: imageMode(),
      allVolumes: allVolumes(),
      allBuildCache: allCache(),
      labels: labels().split(/[\s,]+/).filter(Boolean),
      until,
    };
  };
  const toggle = (kind: PruneKind, on: boolean) => {
    setKinds((list) => (on ? [...new Set([...list, kind])] : list.filter((k) => k !== kind)));
    if (phase().name !== 'running') setPhase({ name: 'idle' });
  };
  const changed = () => {
    if (phase().name === 'preview' || phase().name === 'result') setPhase({ name: 'idle' });
  };

  const preview = async () => {
    const opts = options();
    if (!opts) return;
    setPhase({ name: 'previewing' });
    try {
      const { plans, knownImages } = await previewPrune(props.engine, kinds(), opts);
      setPhase({ name: 'preview', plans, knownImages, options: opts });
    } catch (error) {
      setPhase({ name: 'error', error });
    }
  };

  const run = async (plans: PrunePlan[], knownImages: Set<string>, opts: PruneOptions) => {
    const results: { plan: PrunePlan; outcome: PruneOutcome | null; error: string | null }[] = [];
    setPhase({ name: 'running', plans, done: 0 });
    // Containers first: what they held (images, volumes, networks) may then go too, as with docker system prune.
    for (const plan of plans) {
      try {
        results.push({ plan, outcome: await runPrune(props.engine, plan.kind, opts, knownImages), error: null });
      } catch (error) {
        const text = describeError(error);
        results.push({ plan, outcome: null, error: `${text.title}: ${text.message}${text.hint ? ` (${text.hint})` : ''}` });
      }
      setPhase({ name: 'running', plans, done: results.length });
    }
    setPhase({ name: 'result', results });
    void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === props.engine.name });
  };

  const count = (plans: PrunePlan[]) => plans.reduce((n, p) => n + p.items.length + (p.kind === 'images' ? p.untagged.filter((u) => !p.items.some((i) => i.name === u)).length : 0), 0);
  const bytes = (plans: PrunePlan[]) => plans.reduce((n, p) => n + p.size, 0);

  return (
    <section class="card" data-testid="prune-panel" data-phase={phase().name} aria-labelledby="prune-title">
      <h2 class="card-title" id="prune-title">
        Free space
      </h2>
      <fieldset class="sys-prune-kinds" disabled={phase().name === 'running' || phase().name === 'previewing'}>
        <legend class="visually-hidden">What to prune</legend>
        <For each={KINDS}>
          {(entry) => (
            <label class="sys-check">
              <input type="checkbox" data-testid={`prune-kind-${entry.kind}`} checked={kinds().includes(entry.kind)} onChange={(e) => toggle(entry.kind, e.currentTarget.checked)} />
              <span>
                <strong>{entry.label}</strong> <span class="muted">{entry.what}</span>
              </span>
            </label>
          )}
        </For>
        <div class="sys-prune-options">
          <label>
            Images{' '}
            <select class="select" data-testid="prune-image-mode" value={imageMode()} onChange={(e) => (setImageMode(e.currentTarget.value === 'all' ? 'all' : 'dangling'), changed())}>
              <option value="dangling">dangling only (untagged)</option>
              <option value="all">all unused (tagged too)</option>
            </select>
          </label>
          <Show when={newVolumes()} fallback={<span class="muted">Volumes: this engine (API {props.engine.apiVersion}) prunes named volumes too.</span>}>
            <label class="sys-check">
              <input type="checkbox" data-testid="prune-all-volumes" checked={allVolumes()} onChange={(e) => (setAllVolumes(e.currentTarget.checked), changed())} /> named volumes too (not only anonymous)
            </label>
          </Show>
          <label class="sys-check">
            <input type="checkbox" checked={allCache()} onChange={(e) => (setAllCache(e.currentTarget.checked), changed())} /> all build cache (shared and internal too)
          </label>
          <label>
            Only with labels{' '}
            <input class="input" data-testid="prune-labels" placeholder="key=value, !keep" value={labels()} onInput={(e) => (setLabels(e.currentTarget.value), changed())} />
          </label>
          <label>
            Only older than{' '}
            <input class="input" data-testid="prune-until" placeholder="24h, or 2026-12-01T10:00:00Z" value={untilText()} aria-invalid={untilError() ? 'true' : undefined} aria-describedby="prune-until-help" onInput={(e) => (setUntilText(e.currentTarget.value), setUntilError(null), changed())} />
          </label>
          <p class="muted" id="prune-until-help">
            The engine applies labels and age to containers, images and networks; volumes take labels only, the build cache age only (last used).
          </p>
          <Show when={untilError()}>
            {(error) => (
              <p class="notice notice-warn" role="alert" data-testid="prune-until-error">
                {error()}
              </p>
            )}
          </Show>
        </div>
      </fieldset>
      <div class="state-actions">
        <button type="button" class="button button-primary" data-testid="prune-preview-button" ref={previewButton} onClick={() => void preview()} disabled={kinds().length === 0 || phase().name === 'previewing' || phase().name === 'running'}>
          {phase().name === 'previewing' ? 'Looking…' : 'Show what would be removed'}
        </button>
      </div>
      <Switch>
        <Match when={phase().name === 'error' && (phase() as Extract<Phase, { name: 'error' }>)}>
          {(p) => (
            <div class="notice notice-warn" role="alert">
              Could not work out what a prune would remove: {describeError(p().error).message}. Try again.
            </div>
          )}
        </Match>
        <Match when={phase().name === 'preview' && (phase() as Extract<Phase, { name: 'preview' }>)}>
          {(p) => (
            <div class="sys-preview" data-testid="prune-preview" data-count={count(p().plans)}>
              <For each={p().plans}>{(plan) => <PlanView plan={plan} />}</For>
              <Show
                when={count(p().plans) > 0}
                fallback={
                  <p class="state-message" data-testid="prune-nothing">
                    Nothing to remove: everything is in use.
                  </p>
                }
              >
                <div
                  class="sys-confirm"
                  role="alertdialog"
                  aria-labelledby="prune-confirm-text"
                  ref={(el) => onMount(() => onCleanup(trapFocus(el, () => setPhase({ name: 'idle' }), () => previewButton)))}
                >
                  <p id="prune-confirm-text">
                    This removes <strong>{count(p().plans)}</strong> {count(p().plans) === 1 ? 'thing' : 'things'} for good, about <strong>{formatBytes(bytes(p().plans))}</strong>{p().plans.some((plan) => plan.kind === 'volumes' && plan.items.length > 0) ? ', and the data in the volumes' : ''}. It cannot be undone.
                  </p>
                  <div class="state-actions">
                    <button type="button" class="button" onClick={() => setPhase({ name: 'idle' })}>
                      Cancel
                    </button>
                    <button type="button" class="button button-danger" data-testid="prune-confirm" onClick={() => void run(p().plans, p().knownImages, p().options)}>
                      Remove {count(p().plans)}
                    </button>
                  </div>
                </div>
              </Show>
            </div>
          )}
        </Match>
        <Match when={phase().name === 'running' && (phase() as Extract<Phase, { name: 'running' }>)}>
          {(p) => (
            <p class="state-loading" role="status">
              <span class="spinner" aria-hidden="true" /> Pruning… {p().done} of {p().plans.length} done
            </p>
          )}
        </Match>
        <Match when={phase().name === 'result' && (phase() as Extract<Phase, { name: 'result' }>)}>
          {(p) => (
            <div class="sys-result" data-testid="prune-result" role="status">
              <p>
                Freed <strong data-testid="prune-freed">{formatBytes(p().results.reduce((n, r) => n + (r.outcome?.spaceReclaimed ?? 0), 0))}</strong>.
              </p>
              <For each={p().results}>{(result) => <ResultView {...result} />}</For>
            </div>
          )}
        </Match>
      </Switch>
    </section>
  );
}

const LABEL: Record<PruneKind, string> = { containers: 'Containers', images: 'Images', networks: 'Networks', volumes: 'Volumes', buildCache: 'Build cache' };

function PlanView(props: { plan: PrunePlan }): JSX.Element {
  return (
    <div class="sys-plan" data-testid="prune-plan" data-kind={props.plan.kind} data-count={props.plan.items.length} data-bytes={props.plan.size}>
      <h3 class="sys-section-title">
        {LABEL[props.plan.kind]}: {props.plan.items.length === 0 ? 'nothing' : `${props.plan.items.length}, ${formatBytes(props.plan.size)}`}
      </h3>
      <Show when={props.plan.items.length > 0}>
        <ul class="sys-items">
          <For each={props.plan.items}>
            {(item) => (
              <li data-testid="prune-item" data-kind={props.plan.kind} data-id={item.id} data-size={item.size ?? ''}>
                <span class="ellipsis" title={item.id}>
                  {item.name}
                </span>
                <span class="num">{item.size === null ? '' : formatBytes(item.size)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.plan.untagged.length > 0}>
        <p class="muted" data-testid="prune-untagged">Tags removed: {props.plan.untagged.join(', ')}</p>
      </Show>
      <Show when={props.plan.kind === 'images' && props.plan.items.length > 0 && props.plan.layers !== undefined}>
        <p class="muted">{props.plan.layers === null ? 'Some layer sizes are unknown: the space freed may be more.' : `${props.plan.layers} ${props.plan.layers === 1 ? 'layer' : 'layers'} no image needs any more; layers shared with what stays are kept.`}</p>
      </Show>
    </div>
  );
}

function ResultView(props: { plan: PrunePlan; outcome: PruneOutcome | null; error: string | null }): JSX.Element {
  const diff = () => (props.outcome ? comparePlan(props.plan, props.outcome) : null);
  return (
    <div class="sys-plan" data-testid="prune-outcome" data-kind={props.plan.kind} data-removed={props.outcome?.removed.join(' ') ?? ''} data-bytes={props.outcome?.spaceReclaimed ?? ''}>
      <Show when={props.outcome} fallback={<p class="notice notice-warn">{LABEL[props.plan.kind]}: {props.error}</p>}>
        {(outcome) => (
          <>
            <h3 class="sys-section-title">
              {LABEL[props.plan.kind]}: removed {outcome().removed.length}
              {outcome().layers ? ` (and ${outcome().layers} layers)` : ''}, freed {formatBytes(outcome().spaceReclaimed)}
            </h3>
            <Show when={outcome().removed.length > 0}>
              <ul class="sys-items">
                <For each={outcome().removed}>
                  {(id) => (
                    <li>
                      <span class="ellipsis">{props.plan.items.find((i) => i.id === id)?.name ?? id}</span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={(diff()?.missing.length ?? 0) + (diff()?.unexpected.length ?? 0) > 0 || (diff()?.bytes ?? 0) !== 0}>
              <p class="notice notice-warn" data-testid="prune-mismatch">
                The engine did not do exactly what the preview said (something changed in between):
                {diff()?.missing.length ? ` kept ${diff()?.missing.join(', ')};` : ''}
                {diff()?.unexpected.length ? ` also removed ${diff()?.unexpected.join(', ')};` : ''}
                {diff()?.bytes ? ` freed ${formatBytes(outcome().spaceReclaimed)} where the preview said ${formatBytes(props.plan.size)}.` : ''}
              </p>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
