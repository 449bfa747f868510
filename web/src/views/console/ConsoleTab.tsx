import { For, Match, Show, Switch, createEffect, createSignal, on, onCleanup, onMount, type JSX } from 'solid-js';
import type { EngineRef } from '../../api/types';
import { KEY_ROW } from '../../console/keys';
import { formatCommand, STATIC_SHELL_DIR } from '../../console/shellDiscovery';
import type { SessionPhase, SessionSpec } from '../../console/session';
import { ConsoleSession } from '../../streams/consoleSession';
import '../../styles/console.css';

interface ConsoleTabProps {
  engine: EngineRef;
  container: string;
  spec: SessionSpec;
  active: boolean;
  onPhase: (phase: SessionPhase) => void;
  /** Shown in place of the terminal when no shell was found. */
  noShell: (tried: string[]) => JSX.Element;
}

/** One session: terminal, its bar (what runs, search, copy, paste), why it ended, and the phone key row. */
export function ConsoleTab(props: ConsoleTabProps): JSX.Element {
  const [phase, setPhase] = createSignal<SessionPhase>({ phase: 'loading' });
  const [ctrl, setCtrl] = createSignal(false);
  const [size, setSize] = createSignal<{ cols: number; rows: number } | null>(null);
  const [notice, setNotice] = createSignal('');
  const [searching, setSearching] = createSignal(false);
  const [query, setQuery] = createSignal('');
  const [notFound, setNotFound] = createSignal(false);
  let host!: HTMLDivElement;
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;

  const session = new ConsoleSession(props.engine, props.container, props.spec, {
    onPhase: (next) => {
      setPhase(next);
      props.onPhase(next);
    },
    onCtrl: setCtrl,
    onSize: (cols, rows) => setSize({ cols, rows }),
    onNotice: (text) => {
      setNotice(text);
      clearTimeout(noticeTimer);
      noticeTimer = setTimeout(() => setNotice(''), 3000);
    },
  });
  onMount(() => void session.mount(host, () => import('./terminal').then((module) => module.mountTerminal)));
  // A tab brought to the front gets the keyboard (its size follows through the ResizeObserver).
  createEffect(on(() => props.active, (active) => active && session.focus(), { defer: true }));
  onCleanup(() => {
    clearTimeout(noticeTimer);
    session.dispose();
  });

  const find = (direction: 'next' | 'previous') => setNotFound(query() !== '' && !session.find(query(), direction));
  const command = () => {
    const p = phase();
    if (p.phase === 'connecting' || p.phase === 'open' || p.phase === 'ended') return p.command;
    if (p.phase === 'no-shell') return 'no shell found';
    return props.spec.cmd ? formatCommand(props.spec.cmd) : 'finding a shell…';
  };
  const ended = () => {
    const p = phase();
    return p.phase === 'ended' ? p.reason : null;
  };
  const noShell = () => {
    const p = phase();
    return p.phase === 'no-shell' ? p.tried : null;
  };

  return (
    <div class="console-tab" role="tabpanel" hidden={!props.active} data-testid="console-tab-panel" data-phase={phase().phase}>
      <div class="console-bar">
        <span class="console-what">
          <code data-testid="console-command">{props.spec.mode === 'attach' ? 'attached to the main process' : command()}</code>
          <Show when={props.spec.user}>{(user) => <span class="muted"> as {user() === '0' ? 'root' : user()}</span>}</Show>
          <Show when={size()}>{(s) => <span class="muted console-size"> · {s().cols}×{s().rows}</span>}</Show>
        </span>
        <span class="console-actions">
          <button type="button" class="button button-small button-ghost" aria-pressed={searching()} onClick={() => setSearching(!searching())} title="Search the scrollback">
            Search
          </button>
          <button type="button" class="button button-small button-ghost" onPointerDown={(e) => e.preventDefault()} onClick={() => void session.copy()} title="Copy the selection (Ctrl+Shift+C)">
            Copy
          </button>
          <button type="button" class="button button-small button-ghost" onPointerDown={(e) => e.preventDefault()} onClick={() => void session.paste()} title="Paste (Ctrl+Shift+V)">
            Paste
          </button>
        </span>
      </div>
      <Show when={props.spec.staticShell}>
        <p class="console-static-note" data-testid="console-static-note">
          This container has no shell of its own: Porthole copied a static busybox into <code>{STATIC_SHELL_DIR}</code>. Remove it with “Remove the copied shell” when you are done.
        </p>
      </Show>
      <Show when={searching()}>
        <form
          class="console-search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            find('next');
          }}
        >
          <input
            class="input"
            type="search"
            placeholder="Find in the scrollback"
            aria-label="Find in the scrollback"
            aria-invalid={notFound()}
            value={query()}
            onInput={(e) => {
              setQuery(e.currentTarget.value);
              setNotFound(false);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setSearching(false);
                session.clearFind();
                session.focus();
              }
            }}
            ref={(el) => queueMicrotask(() => el.focus())}
          />
          <button type="button" class="button button-small" onClick={() => find('previous')}>
            ↑ Previous
          </button>
          <button type="submit" class="button button-small">
            ↓ Next
          </button>
          <Show when={notFound()}>
            <span class="muted" role="status">Not found</span>
          </Show>
        </form>
      </Show>
      <div class="console-screen">
        <div
          class="console-term"
          ref={host}
          data-testid="console-terminal"
          data-cols={size()?.cols}
          data-rows={size()?.rows}
          data-phase={phase().phase}
        />
        <Switch>
          <Match when={phase().phase === 'loading' || phase().phase === 'connecting'}>
            <div class="console-overlay console-connecting" role="status">
              <span class="spinner" aria-hidden="true" />
              {phase().phase === 'loading' ? 'Loading the terminal…' : `Starting ${command()}…`}
            </div>
          </Match>
          <Match when={noShell()}>{(tried) => <div class="console-overlay console-overlay-panel">{props.noShell(tried())}</div>}</Match>
        </Switch>
      </div>
      <Show when={ended()}>
        {(reason) => (
          <div class="console-end" role="status" data-testid="console-end" data-kind={reason().kind}>
            <div>
              <p class="console-end-title">{reason().title}</p>
              <p class="console-end-message">{reason().message}</p>
            </div>
            <Show when={reason().canReconnect}>
              <button type="button" class="button button-primary" data-testid="console-reconnect" onClick={() => session.reconnect()}>
                Reconnect
              </button>
            </Show>
          </div>
        )}
      </Show>
      <div class="console-keys" data-testid="console-keys" role="toolbar" aria-label="Keys the phone keyboard lacks">
        <For each={KEY_ROW}>
          {(k) => (
            <button
              type="button"
              class="console-key"
              aria-pressed={'ctrl' in k ? ctrl() : undefined}
              // Keeps the terminal focused, so the phone keyboard stays up.
              onPointerDown={(e) => e.preventDefault()}
              onClick={() => ('ctrl' in k ? session.setCtrl(!ctrl()) : 'key' in k ? session.key(k.key) : session.text(k.text))}
            >
              {k.label}
            </button>
          )}
        </For>
      </div>
      <Show when={notice()}>
        <div class="toast" role="status">
          {notice()}
        </div>
      </Show>
    </div>
  );
}
