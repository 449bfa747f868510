import { Show, createSignal, type JSX } from 'solid-js';
import { describeError } from '../../api/errors';
import type { EngineRef } from '../../api/types';
import type { ContainerRow } from '../../engine/containers';
import { containerAction, removeContainer, useInvalidateContainers, type LifecycleAction } from '../../queries/containerActions';
import { Confirm, StatusLine } from '../../components/Confirm';
import '../../styles/containers-create.css';

type BulkAction = LifecycleAction | 'remove';
type Status = { kind: 'ok' | 'error' | 'busy'; text: string } | null;

const LABEL: Record<BulkAction, string> = { start: 'Start', stop: 'Stop', restart: 'Restart', kill: 'Kill', pause: 'Pause', unpause: 'Unpause', remove: 'Remove' };

/** Actions on the selected containers, one after another, with what each did. Destructive ones ask first. */
export function BulkBar(props: { engine: EngineRef; selected: readonly ContainerRow[]; onClear: () => void }): JSX.Element {
  const [asking, setAsking] = createSignal<BulkAction | null>(null);
  const [status, setStatus] = createSignal<Status>(null);
  const [busy, setBusy] = createSignal(false);
  const invalidate = useInvalidateContainers(() => props.engine.name);

  const running = () => props.selected.filter((r) => r.state === 'running' || r.state === 'paused' || r.state === 'restarting');
  const lost = (action: BulkAction): string[] => {
    const n = running().length;
    if (action === 'remove') {
      return [
        ...(n ? [`${n} of them ${n === 1 ? 'is' : 'are'} running and will be killed.`] : []),
        `The writable layer of each (files it changed) goes with it; named and anonymous volumes stay.`,
      ];
    }
    return n ? [`What ${n === 1 ? 'its' : 'their'} processes hold only in memory is lost (${n} running).`] : ['None of them is running: nothing happens to them.'];
  };

  const run = async (action: BulkAction): Promise<void> => {
    setAsking(null);
    setBusy(true);
    const targets = [...props.selected];
    const failures: string[] = [];
    let done = 0;
    for (const row of targets) {
      setStatus({ kind: 'busy', text: `${LABEL[action]}: ${done + failures.length + 1} of ${targets.length} (${row.name})…` });
      try {
        if (action === 'remove') await removeContainer(props.engine, row.id, { volumes: false, force: true });
        else await containerAction(props.engine, row.id, action);
        done++;
      } catch (cause) {
        failures.push(`${row.name}: ${describeError(cause).message}`);
      }
    }
    await invalidate();
    setBusy(false);
    if (failures.length === 0) {
      setStatus({ kind: 'ok', text: `${LABEL[action]}: done for ${done} container${done === 1 ? '' : 's'}.` });
      if (action === 'remove') props.onClear();
    } else setStatus({ kind: 'error', text: `${LABEL[action]}: ${done} done, ${failures.length} failed — ${failures.join('; ')}` });
  };
  const ask = (action: BulkAction): void => {
    if (action === 'stop' || action === 'kill' || action === 'restart' || action === 'remove') setAsking(action);
    else void run(action);
  };

  return (
    <Show when={props.selected.length > 0 || status()}>
      <div class="ct-bulk" role="region" aria-label="Selected containers" data-testid="bulk-bar" data-admin>
        <div class="ct-actions">
          <strong data-testid="bulk-count">{props.selected.length} selected</strong>
          <button type="button" class="button button-small" disabled={busy() || !props.selected.length} data-testid="bulk-start" onClick={() => ask('start')}>Start</button>
          <button type="button" class="button button-small" disabled={busy() || !props.selected.length} data-testid="bulk-stop" onClick={() => ask('stop')}>Stop</button>
          <button type="button" class="button button-small" disabled={busy() || !props.selected.length} data-testid="bulk-restart" onClick={() => ask('restart')}>Restart</button>
          <button type="button" class="button button-small" disabled={busy() || !props.selected.length} data-testid="bulk-pause" onClick={() => ask('pause')}>Pause</button>
          <button type="button" class="button button-small" disabled={busy() || !props.selected.length} data-testid="bulk-unpause" onClick={() => ask('unpause')}>Unpause</button>
          <button type="button" class="button button-small" disabled={busy() || !props.selected.length} data-testid="bulk-kill" onClick={() => ask('kill')}>Kill</button>
          <button type="button" class="button button-small button-danger" disabled={busy() || !props.selected.length} data-testid="bulk-remove" onClick={() => ask('remove')}>Remove</button>
          <button type="button" class="button button-small button-ghost" disabled={busy()} onClick={() => { setStatus(null); props.onClear(); }}>Clear selection</button>
        </div>
        <Show when={asking()}>
          {(action) => (
            <Confirm
              title={`${LABEL[action()]} ${props.selected.length} container${props.selected.length === 1 ? '' : 's'}: ${props.selected.map((r) => r.name).join(', ')}?`}
              lost={lost(action())}
              confirmLabel={`${LABEL[action()]} ${props.selected.length}`}
              onConfirm={() => void run(action())}
              onCancel={() => setAsking(null)}
            />
          )}
        </Show>
        <StatusLine status={status()} />
      </div>
    </Show>
  );
}
