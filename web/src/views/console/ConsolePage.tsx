import { useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Match, Show, Switch, createMemo, createResource, createSignal, type JSX } from 'solid-js';
import { describeError } from '../../api/errors';
import type { EngineRef } from '../../api/types';
import { formatHash } from '../../routes/router';
import { QueryBoundary } from '../../components/QueryBoundary';
import { formatBytes } from '../../engine/units';
import type { ContainerInspect } from '../../engine/types';
import { parseCommand, STATIC_SHELL_CMD, STATIC_SHELL_DIR } from '../../console/shellDiscovery';
import '../../styles/console.css';
import { ConsoleTab } from './ConsoleTab';
import { containerChangesOptions, containerDetailOptions } from '../../queries/containers';
import { containerKeys } from '../../queries/keys';
import { copyStaticShell, hasStaticShell, planStaticShell, removeStaticShell } from './consoleApi';
import type { SessionPhase, SessionSpec } from './session';
import { createVisibleViewport } from './visibleViewport';

interface Tab {
  id: number;
  spec: SessionSpec;
}

const SHELL: SessionSpec = { mode: 'exec', cmd: null, user: '', workdir: '', staticShell: false };

/** `#/ENGINE/containers/ID/console`: terminals into one container, one session per tab. */
export default function ConsolePage(props: { engine: EngineRef; id: string }): JSX.Element {
  const container = useQuery(() => containerDetailOptions(props.engine, props.id));
  const backHref = () => formatHash({ name: 'container', engine: props.engine.name, id: props.id });
  const viewport = createVisibleViewport();
  return (
    <section
      class="page console-page"
      data-testid="console-page"
      data-state={container.status}
      data-compact={viewport.compact()}
      style={{ '--vv-top': `${viewport.top()}px`, '--vv-height': `${viewport.height()}px` }}
    >
      <a class="back-link" href={backHref()}>
        ← Container
      </a>
      <QueryBoundary query={container} loadingLabel="Loading container…">
        {(data) => <Consoles engine={props.engine} container={data()} onRefresh={() => void container.refetch()} />}
      </QueryBoundary>
    </section>
  );
}

function Consoles(props: { engine: EngineRef; container: ContainerInspect; onRefresh: () => void }): JSX.Element {
  const queryClient = useQueryClient();
  const name = () => props.container.Name.replace(/^\//, '');
  const id = () => props.container.Id;
  const running = () => props.container.State.Running;
  const changes = useQuery(() => containerChangesOptions(props.engine, id()));
  const shellCopied = () => hasStaticShell(changes.data ?? []);

  let nextId = 1;
  // A container made with -it (docker run -it) is used through its own TTY: attach first.
  const interactive = props.container.Config?.OpenStdin === true && props.container.Config?.Tty === true;
  const first: SessionSpec = interactive ? { mode: 'attach', cmd: null, user: '', workdir: '', staticShell: false } : SHELL;
  const [tabs, setTabs] = createSignal<Tab[]>(running() ? [{ id: nextId++, spec: first }] : []);
  const [active, setActive] = createSignal(tabs()[0]?.id ?? 0);
  const [phases, setPhases] = createSignal<Record<number, SessionPhase>>({});
  const [formOpen, setFormOpen] = createSignal(false);
  const [removeState, setRemoveState] = createSignal<{ busy: boolean; error?: string; done?: boolean }>({ busy: false });

  const open = (spec: SessionSpec) => {
    const tab = { id: nextId++, spec };
    setTabs([...tabs(), tab]);
    setActive(tab.id);
  };
  const close = (tabId: number) => {
    const list = tabs();
    const index = list.findIndex((t) => t.id === tabId);
    const rest = list.filter((t) => t.id !== tabId);
    setTabs(rest);
    if (active() === tabId) setActive(rest[Math.min(index, rest.length - 1)]?.id ?? 0);
  };
  /** The tab that found no shell becomes a session of the copied one. */
  const replace = (tabId: number, spec: SessionSpec) => {
    const tab = { id: nextId++, spec };
    setTabs(tabs().map((t) => (t.id === tabId ? tab : t)));
    setActive(tab.id);
  };
  const refreshChanges = () => void queryClient.invalidateQueries({ queryKey: containerKeys.changes(props.engine.name, id()) });

  const remove = async () => {
    setRemoveState({ busy: true });
    try {
      await removeStaticShell(props.engine, id());
      setRemoveState({ busy: false, done: true });
    } catch (error) {
      setRemoveState({ busy: false, error: error instanceof Error ? error.message : String(error) });
    }
    refreshChanges();
  };

  const label = (tab: Tab, index: number) => {
    const phase = phases()[tab.id];
    const what = tab.spec.mode === 'attach' ? 'attach' : phase && 'command' in phase ? phase.command.split(' ')[0]!.split('/').pop()! : 'shell';
    return `${index + 1} · ${what}`;
  };
  const tabState = (tab: Tab) => {
    const phase = phases()[tab.id]?.phase ?? 'loading';
    return phase === 'open' ? 'open' : phase === 'ended' || phase === 'no-shell' ? 'ended' : 'starting';
  };

  return (
    <>
      <header class="console-head">
        <h1 class="console-title">
          Console <span class="console-name">{name()}</span>
        </h1>
        <span class="chip" data-state={running() ? 'running' : 'stopped'}>
          {running() ? 'running' : props.container.State.Status}
        </span>
        <Show when={shellCopied() || removeState().busy}>
          <button type="button" class="button button-small console-remove" data-testid="console-remove-shell" disabled={removeState().busy} onClick={() => void remove()}>
            {removeState().busy ? 'Removing…' : 'Remove the copied shell'}
          </button>
        </Show>
      </header>
      <Show when={removeState().error}>
        {(error) => (
          <div class="notice notice-warn" role="alert" data-testid="console-remove-error">
            {error()}
          </div>
        )}
      </Show>
      <Show when={removeState().done && !shellCopied()}>
        <div class="notice console-notice-ok" role="status" data-testid="console-removed">
          Removed {STATIC_SHELL_DIR}: the container’s filesystem no longer holds Porthole’s shell. Sessions still open in it keep running until closed.
        </div>
      </Show>

      <Show
        when={running()}
        fallback={
          <div class="state state-error" role="alert" data-testid="console-not-running">
            <p class="state-title">The container is not running</p>
            <p class="state-message">A console runs inside a running container ({props.container.State.Status}). Start it, then check again.</p>
            <div class="state-actions">
              <button type="button" class="button" onClick={() => props.onRefresh()}>
                Check again
              </button>
            </div>
          </div>
        }
      >
        <div class="console-tabs" role="group" aria-label="Console sessions">
          <For each={tabs()}>
            {(tab, index) => (
              <div class="console-tabbtn" data-active={active() === tab.id} data-state={tabState(tab)}>
                <button type="button" class="console-tabname" aria-pressed={active() === tab.id} data-testid="console-tab" onClick={() => setActive(tab.id)}>
                  <span class="console-dot" aria-hidden="true" />
                  {label(tab, index())}
                </button>
                <button type="button" class="console-tabclose" aria-label={`Close ${label(tab, index())}`} data-testid="console-close-tab" onClick={() => close(tab.id)}>
                  ×
                </button>
              </div>
            )}
          </For>
          <button type="button" class="button button-small" data-testid="console-new" aria-expanded={formOpen()} onClick={() => setFormOpen(!formOpen())}>
            + New
          </button>
        </div>
        <Show when={formOpen()}>
          <NewSession
            onOpen={(spec) => {
              setFormOpen(false);
              open(spec);
            }}
            onCancel={() => setFormOpen(false)}
          />
        </Show>
        <Show when={tabs().length === 0}>
          <div class="state" data-testid="console-empty">
            <p class="state-title">No console open</p>
            <p class="state-message">Closing a console ends what ran in it.</p>
            <div class="state-actions">
              <button type="button" class="button button-primary" onClick={() => open(SHELL)}>
                Open a shell
              </button>
            </div>
          </div>
        </Show>
        <For each={tabs()}>
          {(tab) => (
            <ConsoleTab
              engine={props.engine}
              container={id()}
              spec={tab.spec}
              active={active() === tab.id}
              onPhase={(phase) => setPhases({ ...phases(), [tab.id]: phase })}
              noShell={(tried) => (
                <NoShell
                  engine={props.engine}
                  container={props.container}
                  tried={tried}
                  onCopied={() => {
                    refreshChanges();
                    setRemoveState({ busy: false });
                    replace(tab.id, { ...tab.spec, cmd: STATIC_SHELL_CMD, staticShell: true });
                  }}
                />
              )}
            />
          )}
        </For>
      </Show>
    </>
  );
}

/** No shell found: say so, and offer to copy the proxy's static shell in, on consent. */
function NoShell(props: { engine: EngineRef; container: ContainerInspect; tried: string[]; onCopied: () => void }): JSX.Element {
  const [plan] = createResource(() => planStaticShell(props.engine, props.container));
  const [copying, setCopying] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);
  const copy = async (arch: string) => {
    setCopying(true);
    setError(null);
    try {
      await copyStaticShell(props.engine, props.container.Id, arch);
      props.onCopied();
    } catch (e) {
      setError(e);
    } finally {
      setCopying(false);
    }
  };
  const errorText = createMemo(() => (error() ? describeError(error()) : null));
  return (
    <div class="console-noshell" data-testid="console-noshell">
      <p class="state-title">This container has no shell</p>
      <p class="state-message">
        Porthole tried{' '}
        <For each={props.tried}>
          {(cmd, i) => (
            <>
              {i() > 0 ? ', ' : ''}
              <code>{cmd}</code>
            </>
          )}
        </For>
        : none of them is in the image.
      </p>
      <Switch>
        <Match when={plan.loading}>
          <p class="muted">Checking the image’s architecture and the proxy’s static shells…</p>
        </Match>
        <Match when={plan.error}>
          <p class="state-hint" role="alert">
            Could not check whether a static shell fits: {describeError(plan.error).message}
          </p>
        </Match>
        <Match when={plan()}>
          {(p) => (
            <Show
              when={p().ok && p().arch}
              fallback={
                <p class="state-hint" role="alert" data-testid="console-noshell-reason">
                  {p().reason}
                </p>
              }
            >
              {(arch) => (
                <>
                  <p class="state-message">
                    Porthole can copy a static shell (busybox for {arch()}, {formatBytes(p().size ?? 0)}) into <code>{STATIC_SHELL_DIR}</code> and open it. This
                    changes the container’s filesystem (it shows in its diff) until you remove it again; nothing else is touched.
                  </p>
                  <div class="state-actions">
                    <button type="button" class="button button-primary" data-testid="console-copy-shell" disabled={copying()} onClick={() => void copy(arch())}>
                      {copying() ? 'Copying…' : 'Copy a static shell in'}
                    </button>
                  </div>
                </>
              )}
            </Show>
          )}
        </Match>
      </Switch>
      <Show when={errorText()}>
        {(text) => (
          <div class="state-hint" role="alert" data-testid="console-copy-error">
            <strong>{text().title}:</strong> {text().message} {text().hint}
          </div>
        )}
      </Show>
    </div>
  );
}

/** A custom session: a command (or a shell found by Porthole), a user, a working directory, or attach. */
function NewSession(props: { onOpen: (spec: SessionSpec) => void; onCancel: () => void }): JSX.Element {
  const [mode, setMode] = createSignal<'shell' | 'command' | 'attach'>('shell');
  const [command, setCommand] = createSignal('');
  const [user, setUser] = createSignal('');
  const [workdir, setWorkdir] = createSignal('');
  const parsed = () => parseCommand(command());
  const invalid = () => mode() === 'command' && (parsed() === null || parsed()!.length === 0);
  return (
    <form
      class="console-form card"
      data-testid="console-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (invalid()) return;
        if (mode() === 'attach') return props.onOpen({ mode: 'attach', cmd: null, user: '', workdir: '', staticShell: false });
        props.onOpen({ mode: 'exec', cmd: mode() === 'command' ? parsed() : null, user: user().trim(), workdir: workdir().trim(), staticShell: false });
      }}
    >
      <fieldset class="console-modes">
        <legend class="field-label">Open</legend>
        <label>
          <input type="radio" name="mode" checked={mode() === 'shell'} onChange={() => setMode('shell')} /> a shell (Porthole finds bash, sh or ash)
        </label>
        <label>
          <input type="radio" name="mode" checked={mode() === 'command'} onChange={() => setMode('command')} data-testid="console-mode-command" /> a command
        </label>
        <label>
          <input type="radio" name="mode" checked={mode() === 'attach'} onChange={() => setMode('attach')} data-testid="console-mode-attach" /> attach to the main process
        </label>
      </fieldset>
      <Show when={mode() === 'command'}>
        <label class="console-field">
          <span class="field-label">Command</span>
          <input class="input" data-testid="console-command-input" placeholder="e.g. top -d 1, or /bin/sh -l" value={command()} onInput={(e) => setCommand(e.currentTarget.value)} aria-invalid={command() !== '' && invalid()} />
          <Show when={command() !== '' && parsed() === null}>
            <span class="muted">A quote is not closed.</span>
          </Show>
        </label>
      </Show>
      <Show when={mode() !== 'attach'}>
        <div class="console-fields">
          <label class="console-field">
            <span class="field-label">User</span>
            <input class="input" data-testid="console-user-input" placeholder="image default; 0 = root" value={user()} onInput={(e) => setUser(e.currentTarget.value)} />
          </label>
          <label class="console-field">
            <span class="field-label">Working directory</span>
            <input class="input" placeholder="image default" value={workdir()} onInput={(e) => setWorkdir(e.currentTarget.value)} />
          </label>
        </div>
      </Show>
      <Show when={mode() === 'attach'}>
        <p class="muted">Attach shows the main process’s output and sends it your input if it was started with stdin open (-i). Closing the tab detaches; the process keeps running.</p>
      </Show>
      <div class="console-form-actions">
        <button type="submit" class="button button-primary" data-testid="console-open" disabled={invalid()}>
          Open
        </button>
        <button type="button" class="button button-ghost" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
