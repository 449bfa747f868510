import { For, Show, type JSX } from 'solid-js';
import type { EngineStatus } from '../api/types';

interface EngineSwitcherProps {
  engines: EngineStatus[] | undefined;
  current: string | null;
  onSelect: (name: string) => void;
}

function healthLabel(engine: EngineStatus | undefined): string {
  if (!engine) return 'Engine status unknown';
  if (!engine.ok) return `${engine.name} is unreachable${engine.error ? `: ${engine.error}` : ''}`;
  const version = engine.version ? `Docker ${engine.version}` : 'Docker';
  const platform = engine.os && engine.arch ? `, ${engine.os}/${engine.arch}` : '';
  return `${engine.name} is up: ${version}, API ${engine.apiVersion ?? '?'}${platform}`;
}

/** A select of the proxy's engines, with the chosen one's health as a dot. */
export function EngineSwitcher(props: EngineSwitcherProps): JSX.Element {
  const selected = () => props.engines?.find((engine) => engine.name === props.current);
  const state = () => {
    const engine = selected();
    if (!engine) return 'unknown';
    return engine.ok ? 'ok' : 'down';
  };
  return (
    <div class="engine-switcher">
      <span
        class="health-dot"
        data-testid="engine-health"
        data-state={state()}
        role="img"
        aria-label={healthLabel(selected())}
        title={healthLabel(selected())}
      />
      <label class="visually-hidden" for="engine-switcher">
        Engine
      </label>
      <select
        id="engine-switcher"
        class="select"
        data-testid="engine-switcher"
        value={props.current ?? ''}
        disabled={!props.engines || props.engines.length === 0}
        onChange={(event) => props.onSelect(event.currentTarget.value)}
      >
        <Show when={props.engines} fallback={<option value="">Loading…</option>}>
          {(engines) => (
            <>
              <Show when={!selected()}>
                <option value={props.current ?? ''} disabled>
                  {props.current ?? 'Choose an engine'}
                </option>
              </Show>
              <For each={engines()}>
                {(engine) => (
                  <option value={engine.name}>
                    {engine.ok ? engine.name : `${engine.name} (down)`}
                  </option>
                )}
              </For>
            </>
          )}
        </Show>
      </select>
    </div>
  );
}
