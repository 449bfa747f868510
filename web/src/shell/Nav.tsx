import { For, Show, type JSX } from 'solid-js';
import { formatHash, type Section } from '../routes/router';

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
    <>
      <nav class="nav" aria-label="Sections">
        <NavLinks engine={props.engine} active={props.active} />
      </nav>
      <NavMenu engine={props.engine} active={props.active} />
    </>
  );
}

function NavLinks(props: { engine: string | null; active: Section | null; onPick?: () => void }): JSX.Element {
  return (
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
              data-testid={`nav-${link().section}`}
              onClick={() => props.onPick?.()}
            >
              {item.label}
            </a>
          )}
        </Show>
      )}
    </For>
  );
}

/**
 * Phones: the current section as a button that opens a sheet of every section, so none sits off-screen
 * in a row that scrolls sideways. Wide screens show the row instead (CSS picks one).
 */
function NavMenu(props: { engine: string | null; active: Section | null }): JSX.Element {
  let details: HTMLDetailsElement | undefined;
  const current = () => ITEMS.find((item) => item.section !== null && item.section === props.active)?.label ?? 'Sections';
  return (
    <details
      class="nav-menu"
      ref={details}
      data-testid="nav-menu"
      onKeyDown={(event) => {
        // Escape closes the sheet and puts focus back on its button.
        if (event.key !== 'Escape' || !details?.open) return;
        details.open = false;
        details.querySelector('summary')?.focus();
      }}
    >
      <summary class="nav-menu-button" data-testid="nav-menu-button" aria-label={`Section: ${current()}. Open the list of sections`}>
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5">
          <path d="M2 4h12M2 8h12M2 12h12" />
        </svg>
        <span data-testid="nav-current">{current()}</span>
      </summary>
      <nav class="nav-sheet" aria-label="Sections">
        <NavLinks engine={props.engine} active={props.active} onPick={() => details && (details.open = false)} />
      </nav>
    </details>
  );
}
