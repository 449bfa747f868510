import { For, Index, Show, createEffect, createMemo, createSignal, on, onCleanup, type JSX } from 'solid-js';
import { formatBytes } from '../../engine/units';
import { explainTransferError, overallProgress, type LayerProgress } from '../../engine/progress';
import { useTransfers, type TransferJob } from '../../queries/pulls';
import '../../styles/registries.css';

const PHASE_LABEL: Record<string, string> = {
  waiting: 'Waiting',
  downloading: 'Downloading',
  verifying: 'Verifying Checksum',
  downloaded: 'Download complete',
  extracting: 'Extracting',
  complete: 'Complete',
  exists: 'Already exists',
  pushing: 'Pushing',
  retrying: 'Retrying',
};

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

function speedText(speed: number | null): string {
  return speed === null || speed <= 0 ? '' : `${formatBytes(speed)}/s`;
}

/** Pulls and pushes, wherever the user is: a pill that opens a panel of progress bars. */
export function TransfersTray(): JSX.Element {
  const transfers = useTransfers();
  const [open, setOpen] = createSignal(false);
  const running = createMemo(() => transfers.jobs().filter((job) => job.status === 'running').length);
  // Rows keyed by job id, not by job object: every progress flush replaces the object, and a row
  // (with its Cancel button) made anew under a person's pointer would swallow the press.
  const ids = createMemo(() => transfers.jobs().map((job) => job.id), [], { equals: (a, b) => a.length === b.length && a.every((id, i) => id === b[i]) });
  const jobOf = (id: string) => createMemo(() => transfers.jobs().find((job) => job.id === id));
  // A new transfer opens the panel, so its progress is seen at once.
  createEffect(
    on(
      () => transfers.jobs().length,
      (count, previous) => {
        if (previous !== undefined && count > previous) setOpen(true);
      },
    ),
  );
  // Going elsewhere folds the panel away once nothing runs (the pill stays).
  const fold = (): void => {
    if (running() === 0) setOpen(false);
  };
  window.addEventListener('hashchange', fold);
  onCleanup(() => window.removeEventListener('hashchange', fold));
  const label = (): string => {
    const total = transfers.jobs().length;
    if (running() > 0) return `${running()} running`;
    return `${total} ${total === 1 ? 'transfer' : 'transfers'}`;
  };
  return (
    <Show when={transfers.jobs().length > 0}>
      <aside class="tray" classList={{ open: open() }} aria-label="Pulls and pushes">
        <Show when={open()}>
          <div class="tray-panel" data-testid="transfers-tray" role="region" aria-label="Transfers">
            <div class="tray-head">
              <h2>Pulls and pushes</h2>
              <button type="button" class="button button-ghost button-small" onClick={() => transfers.clearFinished()} disabled={transfers.jobs().every((j) => j.status === 'running')}>
                Clear finished
              </button>
            </div>
            <ol class="tray-list">
              <For each={ids()}>
                {(id) => {
                  const job = jobOf(id);
                  return <Show when={job()}>{(current) => <TransferView job={current()} onCancel={() => transfers.cancel(id)} onDismiss={() => transfers.dismiss(id)} />}</Show>;
                }}
              </For>
            </ol>
          </div>
        </Show>
        <button
          type="button"
          class="tray-toggle"
          data-testid="transfers-toggle"
          data-running={running()}
          aria-expanded={open()}
          onClick={() => setOpen(!open())}
        >
          <Show when={running() > 0} fallback={<span aria-hidden="true">⇅</span>}>
            <span class="spinner spinner-small" aria-hidden="true" />
          </Show>
          <span>{label()}</span>
          <span class="tray-caret" aria-hidden="true">{open() ? '▾' : '▴'}</span>
        </button>
      </aside>
    </Show>
  );
}

function TransferView(props: { job: TransferJob; onCancel: () => void; onDismiss: () => void }): JSX.Element {
  // The latest job object for this id: read fields through props (the row stays, the object changes).
  const overall = createMemo(() => overallProgress(props.job.state));
  const error = createMemo(() => (props.job.state.error ? explainTransferError(props.job.state.error, props.job.kind, props.job.registry) : null));
  const ref = () => `${props.job.repository}:${props.job.tag}`;
  const statusText = (): string => {
    switch (props.job.status) {
      case 'running':
        return props.job.kind === 'pull' ? 'Pulling' : 'Pushing';
      case 'done':
        return props.job.kind === 'pull' ? 'Pulled' : 'Pushed';
      case 'failed':
        return 'Failed';
      case 'cancelled':
        return 'Cancelled';
    }
  };
  return (
    <li class="transfer" data-testid="transfer" data-ref={ref()} data-kind={props.job.kind} data-status={props.job.status}>
      <div class="transfer-head">
        <span class={`transfer-status status-${props.job.status}`}>{statusText()}</span>
        <code class="transfer-ref break">{ref()}</code>
        <Show when={props.job.platform}>{(platform) => <span class="chip chip-small">{platform()}</span>}</Show>
        <span class="transfer-actions">
          <Show
            when={props.job.status === 'running'}
            fallback={
              <button type="button" class="button button-ghost button-small" data-testid="transfer-dismiss" onClick={() => props.onDismiss()} aria-label={`Dismiss ${ref()}`}>
                ✕
              </button>
            }
          >
            <button type="button" class="button button-small" data-testid="transfer-cancel" onClick={() => props.onCancel()}>
              Cancel
            </button>
          </Show>
        </span>
      </div>

      <div class="transfer-overall" data-testid="transfer-overall" data-fraction={overall().fraction.toFixed(3)}>
        <progress class="bar" max="1" value={props.job.status === 'done' ? 1 : overall().fraction} aria-label={`${ref()} overall`} />
        <span class="transfer-numbers">
          {props.job.status === 'done' ? '100%' : percent(overall().fraction)}
          <Show when={overall().layers > 0}>
            {' · '}
            {overall().layersDone}/{overall().layers} layers
          </Show>
          <Show when={overall().totalBytes > 0}>
            {' · '}
            {formatBytes(overall().bytes)}/{formatBytes(overall().totalBytes)}
          </Show>
          <Show when={props.job.status === 'running' && speedText(overall().speed)}>
            {(speed) => <> · {speed()}</>}
          </Show>
        </span>
      </div>

      <Show when={props.job.state.lines.length > 0}>
        <p class="transfer-line muted">{props.job.state.lines[props.job.state.lines.length - 1]}</p>
      </Show>

      <Show when={props.job.state.layers.length > 0}>
        <ul class="layer-bars">
          <Index each={props.job.state.layers}>{(layer) => <LayerBar layer={layer()} />}</Index>
        </ul>
      </Show>

      <Show when={props.job.status === 'done' && (props.job.state.result || props.job.state.digest)}>
        <p class="transfer-result" data-testid="transfer-result">
          <span>{props.job.state.result ?? (props.job.kind === 'pull' ? 'Pulled' : 'Pushed')}</span>
          <Show when={props.job.state.digest}>{(digest) => <code class="break">{digest()}</code>}</Show>
        </p>
      </Show>
      <Show when={error()}>
        {(text) => (
          <div class="transfer-error" role="alert" data-testid="transfer-error">
            <p class="state-title">{text().title}</p>
            <p class="state-message">{text().message}</p>
            <p class="state-hint">{text().hint}</p>
          </div>
        )}
      </Show>
      <Show when={props.job.status === 'cancelled'}>
        <p class="muted">Cancelled: the engine stopped when Porthole disconnected. Layers already downloaded stay for next time.</p>
      </Show>
    </li>
  );
}

function LayerBar(props: { layer: LayerProgress }): JSX.Element {
  const bytes = (): string =>
    props.layer.current !== null && props.layer.total !== null ? `${formatBytes(props.layer.current)}/${formatBytes(props.layer.total)}` : '';
  const moving = (): boolean => props.layer.phase === 'downloading' || props.layer.phase === 'extracting' || props.layer.phase === 'pushing';
  const fraction = (): number => {
    if (props.layer.phase === 'complete' || props.layer.phase === 'exists' || props.layer.phase === 'downloaded' || props.layer.phase === 'verifying') return 1;
    return props.layer.current !== null && props.layer.total ? Math.min(1, props.layer.current / props.layer.total) : 0;
  };
  return (
    <li class="layer-bar" data-testid="transfer-layer" data-id={props.layer.id} data-phase={props.layer.phase}>
      <code class="layer-id">{props.layer.id}</code>
      <span class="layer-status">{PHASE_LABEL[props.layer.phase] ?? props.layer.status}</span>
      <progress class="bar bar-thin" classList={{ done: fraction() === 1 }} max="1" value={fraction()} aria-label={`layer ${props.layer.id}: ${props.layer.status}`} />
      <span class="layer-bytes">
        {moving() ? bytes() : ''}
        <Show when={moving() && speedText(props.layer.speed)}>{(speed) => <> · {speed()}</>}</Show>
      </span>
    </li>
  );
}
