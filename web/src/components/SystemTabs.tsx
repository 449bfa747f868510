import { For, type JSX } from 'solid-js';
import { formatHash } from '../routes/router';
import '../styles/system.css';

type Tab = 'system' | 'build' | 'engines' | 'hostRisks';
const TABS: readonly { name: Tab; label: string }[] = [
  { name: 'system', label: 'Engine' },
  { name: 'build', label: 'Build' },
  { name: 'engines', label: 'Engines' },
  { name: 'hostRisks', label: 'Host access' },
];

/** The System section's own tabs: this engine, building images, every engine, what can reach the host. */
export function SystemTabs(props: { engine: string; active: Tab }): JSX.Element {
  return (
    <nav class="sys-tabs" aria-label="System">
      <For each={TABS}>
        {(tab) => (
          <a class="sys-tab" href={formatHash({ name: tab.name, engine: props.engine })} aria-current={props.active === tab.name ? 'page' : undefined} data-testid={`sys-tab-${tab.name}`}>
            {tab.label}
          </a>
        )}
      </For>
    </nav>
  );
}
