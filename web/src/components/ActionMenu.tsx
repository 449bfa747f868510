import { For, Show, createSignal, createUniqueId, onCleanup, onMount, type JSX } from 'solid-js';
import { menuKeyTarget } from './menuKeys';

/** One entry of an action menu: a command, or a link to another page. */
export interface MenuAction {
  label: string;
  testid: string;
  /** Destructive: shown in the danger colour (the action itself still asks first). */
  danger?: boolean;
  href?: string;
  onSelect?: () => void;
}

/**
 * A page's less used actions behind one "More" button (the WAI-ARIA menu button pattern): Enter, Space or
 * an arrow opens it on an item, arrows, Home, End and letters move, Escape closes it and focus goes back to
 * the button, Tab or a click outside closes it. A chosen command gets focus back on the button first, so a
 * question it opens gives focus back there when it closes.
 */
export function ActionMenu(props: { testid: string; label: string; items: readonly MenuAction[] }): JSX.Element {
  const [open, setOpen] = createSignal<'first' | 'last' | null>(null);
  const id = createUniqueId();
  let root!: HTMLDivElement;
  let button!: HTMLButtonElement;

  const close = (giveFocusBack: boolean): void => {
    if (giveFocusBack) button.focus();
    setOpen(null);
  };
  const choose = (item: MenuAction): void => {
    close(true);
    item.onSelect?.();
  };

  return (
    <div class="menu" ref={root} data-testid={`${props.testid}-wrap`}>
      <button
        type="button"
        class="button button-small menu-button"
        ref={button}
        data-testid={props.testid}
        aria-haspopup="menu"
        aria-expanded={open() !== null}
        aria-controls={open() ? `${id}-menu` : undefined}
        onClick={() => (open() ? close(true) : setOpen('first'))}
        onKeyDown={(event) => {
          if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
          event.preventDefault();
          setOpen(event.key === 'ArrowDown' ? 'first' : 'last');
        }}
      >
        More
        <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.6">
          <path d="M2.5 4.5 6 8l3.5-3.5" />
        </svg>
      </button>
      <Show when={open()}>
        {(start) => (
          <MenuList
            id={`${id}-menu`}
            label={props.label}
            testid={`${props.testid}-menu`}
            items={props.items}
            start={start()}
            root={root}
            onChoose={choose}
            onClose={close}
          />
        )}
      </Show>
    </div>
  );
}

function MenuList(props: {
  id: string;
  label: string;
  testid: string;
  items: readonly MenuAction[];
  start: 'first' | 'last';
  root: HTMLElement;
  onChoose: (item: MenuAction) => void;
  onClose: (giveFocusBack: boolean) => void;
}): JSX.Element {
  let list!: HTMLDivElement;
  const entries = (): HTMLElement[] => [...list.querySelectorAll<HTMLElement>('[role="menuitem"]')];

  onMount(() => {
    // Near the right edge (a phone), the menu opens leftwards so none of it is off-screen.
    if (list.getBoundingClientRect().right > document.documentElement.clientWidth - 4) list.classList.add('menu-list-end');
    const all = entries();
    (props.start === 'first' ? all[0] : all[all.length - 1])?.focus();
    // A press or a focus anywhere outside closes it, leaving focus where it went.
    const outside = (event: Event): void => {
      if (event.target instanceof Node && !props.root.contains(event.target)) props.onClose(false);
    };
    document.addEventListener('pointerdown', outside, true);
    document.addEventListener('focusin', outside, true);
    onCleanup(() => {
      document.removeEventListener('pointerdown', outside, true);
      document.removeEventListener('focusin', outside, true);
    });
  });

  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      props.onClose(true);
      return;
    }
    if (event.key === 'Tab') {
      // Focus continues from the button, to what follows (or precedes) it.
      props.onClose(true);
      return;
    }
    if (event.key === ' ' && event.target instanceof HTMLAnchorElement) {
      event.preventDefault();
      event.target.click();
      return;
    }
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const all = entries();
    const next = menuKeyTarget(event.key, all.indexOf(document.activeElement as HTMLElement), all.map((el) => el.textContent ?? ''));
    if (next === null) return;
    event.preventDefault();
    event.stopPropagation();
    all[next]?.focus();
  };

  return (
    <div class="menu-list" role="menu" id={props.id} aria-label={props.label} data-testid={props.testid} ref={list} onKeyDown={onKeyDown}>
      <For each={props.items}>
        {(item) => (
          <Show
            when={item.href}
            fallback={
              <button type="button" role="menuitem" tabindex="-1" class="menu-item" classList={{ 'menu-item-danger': item.danger === true }} data-testid={item.testid} onClick={() => props.onChoose(item)}>
                {item.label}
              </button>
            }
          >
            {(href) => (
              <a role="menuitem" tabindex="-1" class="menu-item" classList={{ 'menu-item-danger': item.danger === true }} data-testid={item.testid} href={href()} onClick={() => props.onClose(false)}>
                {item.label}
              </a>
            )}
          </Show>
        )}
      </For>
    </div>
  );
}
