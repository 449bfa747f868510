import { useQuery } from '@tanstack/solid-query';
import { For, Match, Show, Switch, createMemo, createSignal, type JSX } from 'solid-js';
import { describeError } from '../../api/errors';
import type { EngineRef } from '../../api/types';
import { formatHash } from '../../routes/router';
import type { ContainerInspect } from '../../engine/types';
import { containerChangesOptions } from '../../queries/containers';
import { commitContainer, containerAction, removeContainer, renameContainer, useContainerMutation, type LifecycleAction } from '../../queries/containerActions';
import { Confirm, StatusLine } from '../../components/Confirm';
import { ActionMenu, type MenuAction } from '../../components/ActionMenu';
import { containerActionGroups, type ContainerActionId } from '../../containers/actionGroups';
import { CommitForm, RenameForm } from './LifecycleForms';
import '../../styles/containers-create.css';
import '../../styles/containers-logs.css';

type Asking = null | 'stop' | 'restart' | 'kill' | 'remove' | 'rename' | 'commit';
type Status = { kind: 'ok' | 'error' | 'busy'; text: string } | null;

const SIGNALS = ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/** Anonymous volumes are the ones the engine named: 64 hex characters. */
export function anonymousVolumes(container: ContainerInspect): string[] {
  return (container.Mounts ?? []).filter((m) => m.Type === 'volume' && /^[a-f0-9]{64}$/.test(m.Name ?? '')).map((m) => m.Name ?? '');
}

/**
 * Start, stop, restart, kill, pause, rename, remove, commit: the state's main ones as buttons, the rest under
 * "More"; destructive ones say what is lost and ask first, and every question or form holds focus until it closes.
 */
export function LifecycleActions(props: { engine: EngineRef; container: ContainerInspect; onRemoved: () => void }): JSX.Element {
  const mutation = useContainerMutation(() => props.engine);
  const [asking, setAsking] = createSignal<Asking>(null);
  const [status, setStatus] = createSignal<Status>(null);
  const [timeout, setTimeoutText] = createSignal('10');
  const [signal, setSignal] = createSignal('SIGKILL');
  const [withVolumes, setWithVolumes] = createSignal(false);
  const name = () => props.container.Name.replace(/^\//, '');
  const id = () => props.container.Id;
  const state = () => props.container.State;
  const changes = useQuery(() => containerChangesOptions(props.engine, id(), asking() === 'remove'));

  const run = async (label: string, done: string, action: (engine: EngineRef, id: string) => Promise<unknown>, after?: () => void): Promise<void> => {
    setStatus({ kind: 'busy', text: `${label}…` });
    try {
      await mutation.mutateAsync({ id: id(), run: action });
      setAsking(null);
      setStatus({ kind: 'ok', text: done });
      after?.();
    } catch (cause) {
      const text = describeError(cause);
      setStatus({ kind: 'error', text: `${label} failed: ${text.message}${text.hint ? ` (${text.hint})` : ''}` });
    }
  };
  const act = (action: LifecycleAction, label: string, done: string, params: Record<string, string> = {}) =>
    void run(label, done, (engine, cid) => containerAction(engine, cid, action, params));

  const lostOnRemove = (): string[] => {
    const lost: string[] = [];
    if (state().Running) lost.push('It is running: it will be killed (force) and what runs in it ends.');
    const count = changes.data?.length;
    lost.push(
      count === undefined
        ? 'Its writable layer: every file it changed or added.'
        : count === 0
          ? 'Its writable layer (no files changed: nothing of its own is lost there).'
          : `Its writable layer: ${count} changed, added or deleted path${count === 1 ? '' : 's'}.`,
    );
    const anon = anonymousVolumes(props.container);
    const volumes = anon.length === 1 ? '1 anonymous volume' : `${anon.length} anonymous volumes`;
    if (anon.length) lost.push(withVolumes() ? `${volumes} and the data in them.` : `Its ${volumes} ${anon.length === 1 ? 'stays' : 'stay'} (tick below to remove ${anon.length === 1 ? 'it' : 'them'} too).`);
    return lost;
  };

  /** What each action is called and does; the state decides which show as buttons and which sit under "More". */
  const actions = (): Record<ContainerActionId, MenuAction> => ({
    start: { label: 'Start', testid: 'action-start', onSelect: () => act('start', 'Starting', `${name()} started.`) },
    stop: { label: 'Stop…', testid: 'action-stop', onSelect: () => setAsking('stop') },
    restart: { label: 'Restart…', testid: 'action-restart', onSelect: () => setAsking('restart') },
    kill: { label: 'Kill…', testid: 'action-kill', onSelect: () => setAsking('kill') },
    pause: { label: 'Pause', testid: 'action-pause', onSelect: () => act('pause', 'Pausing', `${name()} paused: its processes are frozen.`) },
    unpause: { label: 'Unpause', testid: 'action-unpause', onSelect: () => act('unpause', 'Resuming', `${name()} runs again.`) },
    rename: { label: 'Rename…', testid: 'action-rename', onSelect: () => setAsking('rename') },
    commit: { label: 'Commit…', testid: 'action-commit', onSelect: () => setAsking('commit') },
    duplicate: { label: 'Duplicate / edit', testid: 'action-duplicate', href: formatHash({ name: 'containerNew', engine: props.engine.name, from: id() }) },
    remove: { label: 'Remove…', testid: 'action-remove', danger: true, onSelect: () => setAsking('remove') },
  });
  const groups = createMemo(() => containerActionGroups({ running: state().Running, paused: state().Paused }));

  return (
    <div class="ct-lifecycle" data-testid="lifecycle" data-admin>
      <div class="ct-actions" role="group" aria-label={`Actions on ${name()}`}>
        <For each={groups().primary}>
          {(action) => {
            const item = () => actions()[action];
            const style = () => (action === 'start' || action === 'unpause' ? ' button-primary' : item().danger ? ' button-danger' : '');
            return (
              <Show
                when={item().href}
                fallback={
                  <button type="button" class={`button button-small${style()}`} data-testid={item().testid} onClick={() => item().onSelect?.()}>
                    {item().label}
                  </button>
                }
              >
                {(href) => (
                  <a class={`button button-small${style()}`} data-testid={item().testid} href={href()}>
                    {item().label}
                  </a>
                )}
              </Show>
            );
          }}
        </For>
        <ActionMenu testid="action-more" label={`More actions on ${name()}`} items={groups().more.map((action) => actions()[action])} />
      </div>
      <Switch>
        <Match when={asking() === 'stop' || asking() === 'restart'}>
          <Confirm
            title={`${asking() === 'stop' ? 'Stop' : 'Restart'} ${name()}?`}
            lost={['Its processes get SIGTERM, then SIGKILL after the timeout; what they hold only in memory is lost.']}
            confirmLabel={asking() === 'stop' ? 'Stop' : 'Restart'}
            busy={mutation.isPending}
            onConfirm={() => {
              const t = String(Math.max(0, Number(timeout()) || 0));
              if (asking() === 'stop') act('stop', 'Stopping', `${name()} stopped.`, { t });
              else act('restart', 'Restarting', `${name()} restarted.`, { t });
            }}
            onCancel={() => setAsking(null)}
          >
            <label class="ct-check">
              Seconds to wait before killing
              <input class="input ct-tiny" inputmode="numeric" data-testid="action-timeout" value={timeout()} onInput={(e) => setTimeoutText(e.currentTarget.value)} />
            </label>
          </Confirm>
        </Match>
        <Match when={asking() === 'kill'}>
          <Confirm
            title={`Send a signal to ${name()}'s main process?`}
            lost={signal() === 'SIGKILL' ? ['SIGKILL ends it at once, without cleanup; what it holds only in memory is lost.'] : []}
            confirmLabel={`Send ${signal()}`}
            busy={mutation.isPending}
            onConfirm={() => act('kill', `Sending ${signal()}`, `${signal()} sent to ${name()}.`, { signal: signal() })}
            onCancel={() => setAsking(null)}
          >
            <select class="select" data-testid="action-signal" aria-label="Signal" value={signal()} onChange={(e) => setSignal(e.currentTarget.value)}>
              <For each={SIGNALS}>{(s) => <option value={s}>{s}</option>}</For>
            </select>
          </Confirm>
        </Match>
        <Match when={asking() === 'remove'}>
          <Confirm
            title={`Remove ${name()}?`}
            lost={lostOnRemove()}
            confirmLabel="Remove"
            busy={mutation.isPending}
            onConfirm={() =>
              void run(
                'Removing',
                `${name()} removed.`,
                (engine, cid) => removeContainer(engine, cid, { volumes: withVolumes(), force: state().Running || state().Paused }),
                () => props.onRemoved(),
              )
            }
            onCancel={() => setAsking(null)}
          >
            <Show when={anonymousVolumes(props.container).length > 0}>
              <label class="ct-check">
                <input type="checkbox" data-testid="action-remove-volumes" checked={withVolumes()} onChange={(e) => setWithVolumes(e.currentTarget.checked)} /> also remove its anonymous volumes (v=1)
              </label>
            </Show>
          </Confirm>
        </Match>
        <Match when={asking() === 'rename'}>
          <RenameForm
            name={name()}
            onProblem={(text) => setStatus({ kind: 'error', text })}
            onRename={(next) => void run('Renaming', `Renamed to ${next}.`, (engine, cid) => renameContainer(engine, cid, next))}
            onCancel={() => setAsking(null)}
          />
        </Match>
        <Match when={asking() === 'commit'}>
          <CommitForm
            name={name()}
            busy={mutation.isPending}
            onProblem={(text) => setStatus({ kind: 'error', text })}
            onCommit={(c) => void run('Committing', `Committed ${name()} as ${c.repo}:${c.tag || 'latest'}.`, (engine, cid) => commitContainer(engine, cid, c))}
            onCancel={() => setAsking(null)}
          />
        </Match>
      </Switch>
      <StatusLine status={status()} />
    </div>
  );
}
