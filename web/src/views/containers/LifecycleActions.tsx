import { useQuery } from '@tanstack/solid-query';
import { For, Match, Show, Switch, createSignal, type JSX } from 'solid-js';
import { describeError } from '../../api/errors';
import type { EngineRef } from '../../api/types';
import { formatHash } from '../../routes/router';
import type { ContainerInspect } from '../../engine/types';
import { containerChangesOptions } from '../../queries/containers';
import { commitContainer, containerAction, removeContainer, renameContainer, useContainerMutation, type LifecycleAction } from '../../queries/containerActions';
import { Confirm, StatusLine } from '../../components/Confirm';
import '../../styles/containers-create.css';
import '../../styles/containers-logs.css';

type Asking = null | 'stop' | 'restart' | 'kill' | 'remove' | 'rename' | 'commit';
type Status = { kind: 'ok' | 'error' | 'busy'; text: string } | null;

const SIGNALS = ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/** Anonymous volumes are the ones the engine named: 64 hex characters. */
export function anonymousVolumes(container: ContainerInspect): string[] {
  return (container.Mounts ?? []).filter((m) => m.Type === 'volume' && /^[a-f0-9]{64}$/.test(m.Name ?? '')).map((m) => m.Name ?? '');
}

/** Start, stop, restart, kill, pause, rename, remove, commit: destructive ones say what is lost and ask first. */
export function LifecycleActions(props: { engine: EngineRef; container: ContainerInspect; onRemoved: () => void }): JSX.Element {
  const mutation = useContainerMutation(() => props.engine);
  const [asking, setAsking] = createSignal<Asking>(null);
  const [status, setStatus] = createSignal<Status>(null);
  const [timeout, setTimeoutText] = createSignal('10');
  const [signal, setSignal] = createSignal('SIGKILL');
  const [withVolumes, setWithVolumes] = createSignal(false);
  const [newName, setNewName] = createSignal('');
  const [commit, setCommit] = createSignal({ repo: '', tag: 'latest', comment: '', author: '', pause: true });
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

  return (
    <div class="ct-lifecycle" data-testid="lifecycle" data-admin>
      <div class="ct-actions">
        <Show when={!state().Running}>
          <button type="button" class="button button-primary button-small" data-testid="action-start" onClick={() => act('start', 'Starting', `${name()} started.`)}>
            Start
          </button>
        </Show>
        <Show when={state().Running && !state().Paused}>
          <button type="button" class="button button-small" data-testid="action-stop" onClick={() => setAsking('stop')}>
            Stop
          </button>
          <button type="button" class="button button-small" data-testid="action-restart" onClick={() => setAsking('restart')}>
            Restart
          </button>
          <button type="button" class="button button-small" data-testid="action-kill" onClick={() => setAsking('kill')}>
            Kill
          </button>
          <button type="button" class="button button-small" data-testid="action-pause" onClick={() => act('pause', 'Pausing', `${name()} paused: its processes are frozen.`)}>
            Pause
          </button>
        </Show>
        <Show when={state().Paused}>
          <button type="button" class="button button-small" data-testid="action-unpause" onClick={() => act('unpause', 'Resuming', `${name()} runs again.`)}>
            Unpause
          </button>
        </Show>
        <button type="button" class="button button-small" data-testid="action-rename" onClick={() => { setNewName(name()); setAsking('rename'); }}>
          Rename
        </button>
        <button type="button" class="button button-small" data-testid="action-commit" onClick={() => { setCommit({ ...commit(), repo: commit().repo || name() }); setAsking('commit'); }}>
          Commit…
        </button>
        <a class="button button-small" data-testid="action-duplicate" href={formatHash({ name: 'containerNew', engine: props.engine.name, from: id() })}>
          Duplicate / edit
        </a>
        <button type="button" class="button button-small button-danger" data-testid="action-remove" onClick={() => setAsking('remove')}>
          Remove…
        </button>
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
          <form
            class="ct-confirm ct-plain"
            onSubmit={(e) => {
              e.preventDefault();
              const next = newName().trim();
              if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(next)) return setStatus({ kind: 'error', text: 'A name starts with a letter or digit and holds only letters, digits, _ . and -.' });
              void run('Renaming', `Renamed to ${next}.`, (engine, cid) => renameContainer(engine, cid, next));
            }}
          >
            <label class="ct-field">
              <span class="field-label">New name</span>
              <input class="input mono" data-testid="action-rename-input" value={newName()} onInput={(e) => setNewName(e.currentTarget.value)} />
            </label>
            <div class="ct-actions">
              <button type="submit" class="button button-primary" data-testid="action-rename-submit">Rename</button>
              <button type="button" class="button button-ghost" onClick={() => setAsking(null)}>Cancel</button>
            </div>
          </form>
        </Match>
        <Match when={asking() === 'commit'}>
          <form
            class="ct-confirm ct-plain"
            onSubmit={(e) => {
              e.preventDefault();
              const c = commit();
              if (!/^[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::\d+\/[a-z0-9/._-]+)?$/.test(c.repo.trim()) && !/^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+$/.test(c.repo.trim())) {
                return setStatus({ kind: 'error', text: `"${c.repo}" is not a repository name (lower case, e.g. myapp or registry:5000/team/app).` });
              }
              if (c.tag && !/^[\w][\w.-]{0,127}$/.test(c.tag)) return setStatus({ kind: 'error', text: `"${c.tag}" is not a tag.` });
              void run(
                'Committing',
                `Committed ${name()} as ${c.repo.trim()}:${c.tag || 'latest'}.`,
                (engine, cid) => commitContainer(engine, cid, { ...c, repo: c.repo.trim() }),
              );
            }}
          >
            <p class="ct-confirm-title">Commit {name()}'s filesystem to a new image</p>
            <div class="ct-grid">
              <label class="ct-field">
                <span class="field-label">Repository</span>
                <input class="input mono" data-testid="commit-repo" value={commit().repo} onInput={(e) => setCommit({ ...commit(), repo: e.currentTarget.value })} />
              </label>
              <label class="ct-field">
                <span class="field-label">Tag</span>
                <input class="input mono" data-testid="commit-tag" value={commit().tag} onInput={(e) => setCommit({ ...commit(), tag: e.currentTarget.value })} />
              </label>
              <label class="ct-field">
                <span class="field-label">Comment</span>
                <input class="input" data-testid="commit-comment" value={commit().comment} onInput={(e) => setCommit({ ...commit(), comment: e.currentTarget.value })} />
              </label>
              <label class="ct-field">
                <span class="field-label">Author</span>
                <input class="input" data-testid="commit-author" value={commit().author} onInput={(e) => setCommit({ ...commit(), author: e.currentTarget.value })} />
              </label>
            </div>
            <label class="ct-check">
              <input type="checkbox" checked={commit().pause} onChange={(e) => setCommit({ ...commit(), pause: e.currentTarget.checked })} /> pause it while committing
            </label>
            <p class="muted ct-hint">Volumes are not part of the image; only the container's own layer is.</p>
            <div class="ct-actions">
              <button type="submit" class="button button-primary" data-testid="commit-submit" disabled={mutation.isPending}>Commit</button>
              <button type="button" class="button button-ghost" onClick={() => setAsking(null)}>Cancel</button>
            </div>
          </form>
        </Match>
      </Switch>
      <StatusLine status={status()} />
    </div>
  );
}
