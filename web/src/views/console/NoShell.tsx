import { For, Match, Show, Switch, createMemo, createResource, createSignal, type JSX } from 'solid-js';
import { describeError } from '../../api/errors';
import type { EngineRef } from '../../api/types';
import { STATIC_SHELL_DIR } from '../../console/shellDiscovery';
import { formatBytes } from '../../engine/units';
import type { ContainerInspect } from '../../engine/types';
import { copyStaticShell, planStaticShell } from '../../queries/console';
import '../../styles/console.css';

/** No shell found: say so, and offer to copy the proxy's static shell in, on consent. */
export function NoShell(props: { engine: EngineRef; container: ContainerInspect; tried: string[]; onCopied: () => void }): JSX.Element {
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
