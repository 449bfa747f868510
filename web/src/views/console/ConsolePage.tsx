import { useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createSignal, type JSX } from 'solid-js';
import type { EngineRef } from '../../api/types';
import { formatHash } from '../../routes/router';
import { QueryBoundary } from '../../components/QueryBoundary';
import type { ContainerInspect } from '../../engine/types';
import { ATTACH_SESSION, hasStaticShell, SHELL_SESSION, tabLabel, tabState, type SessionPhase, type SessionSpec } from '../../console/session';
import { STATIC_SHELL_CMD, STATIC_SHELL_DIR } from '../../console/shellDiscovery';
import '../../styles/console.css';
import { ConsoleTab } from './ConsoleTab';
import { NewSession } from './NewSession';
import { NoShell } from './NoShell';
import { containerChangesOptions, containerDetailOptions } from '../../queries/containers';
import { containerKeys } from '../../queries/keys';
import { removeStaticShell } from '../../streams/consoleSession';
import { createVisibleViewport } from './visibleViewport';

interface Tab {
  id: number;
  spec: SessionSpec;
}

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
  const first: SessionSpec = interactive ? ATTACH_SESSION : SHELL_SESSION;
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

  const label = (tab: Tab, index: number) => tabLabel(tab.spec, phases()[tab.id], index);

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
              <div class="console-tabbtn" data-active={active() === tab.id} data-state={tabState(phases()[tab.id])}>
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
              <button type="button" class="button button-primary" onClick={() => open(SHELL_SESSION)}>
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
