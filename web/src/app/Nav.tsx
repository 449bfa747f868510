import { For, Show, type JSX } from 'solid-js';
import { formatHash, type Section } from './router';

interface NavItem {
  label: string;
  /** Sections not built yet are listed, but not links. */
  section: Section | null;
}

const ITEMS: readonly NavItem[] = [
  { label: 'Home', section: 'home' },
  { label: 'Images', section: 'images' },
  { label: 'Containers', section: 'containers' },
  { label: 'Volumes', section: 'volumes' },
  { label: 'Networks', section: 'networks' },
  { label: 'Registries', section: 'registries' },
  { label: 'Swarm', section: 'swarm' },
  { label: 'System', section: 'system' },
];

function sectionHref(section: Section, engine: string): string {
  switch (section) {
    case 'home':
      return formatHash({ name: 'engineHome', engine });
    case 'images':
      return formatHash({ name: 'images', engine });
    case 'registries':
      return formatHash({ name: 'registries', engine });
    case 'system':
    case 'swarm':
      return formatHash({ name: section, engine });
    case 'containers':
    case 'networks':
    case 'volumes':
      return formatHash({ name: section, engine });
  }
}

export function Nav(props: { engine: string | null; active: Section | null }): JSX.Element {
  return (
    <nav class="nav" aria-label="Sections">
      <For each={ITEMS}>
        {(item) => (
          <Show
            when={item.section !== null && props.engine !== null ? { section: item.section, engine: props.engine } : null}
            fallback={
              <span class="nav-link" aria-disabled="true" title="Coming soon">
                {item.label}
              </span>
            }
          >
            {(link) => (
              <a
                class="nav-link"
                href={sectionHref(link().section, link().engine)}
                aria-current={props.active === link().section ? 'page' : undefined}
              >
                {item.label}
              </a>
            )}
          </Show>
        )}
      </For>
    </nav>
  );
}
