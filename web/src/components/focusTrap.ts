/**
 * Keyboard focus for a panel that asks something (a confirmation, a menu): focus moves into it when it
 * opens, Tab and Shift+Tab cycle inside it, Escape closes it, and focus goes back to what opened it.
 */

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

/** The index Tab (or Shift+Tab) moves to among `count` controls from `current` (-1: the panel itself). */
export function nextFocusIndex(current: number, count: number, backwards: boolean): number {
  if (count === 0) return -1;
  if (backwards) return current <= 0 ? count - 1 : current - 1;
  return current < 0 || current >= count - 1 ? 0 : current + 1;
}

/**
 * Starts trapping focus in `panel`; the returned function stops and gives focus back to what had it, or to
 * `returnTo` when nothing had it (the button that opened the panel was disabled while it loaded).
 */
export function trapFocus(panel: HTMLElement, onEscape: () => void, returnTo?: () => HTMLElement | undefined): () => void {
  const active = document.activeElement;
  const opener = active instanceof HTMLElement && active !== document.body ? active : null;
  if (!panel.hasAttribute('tabindex')) panel.tabIndex = -1;
  panel.focus();

  const onKey = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onEscape();
      return;
    }
    if (event.key !== 'Tab') return;
    const controls = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
    const next = nextFocusIndex(controls.indexOf(document.activeElement as HTMLElement), controls.length, event.shiftKey);
    if (next < 0) return;
    event.preventDefault();
    controls[next]?.focus();
  };
  panel.addEventListener('keydown', onKey);

  return () => {
    panel.removeEventListener('keydown', onKey);
    // After the panel left the page: focus fell to the body, so it goes back to the opener if that is still there.
    queueMicrotask(() => {
      const lost = document.activeElement === null || document.activeElement === document.body || panel.contains(document.activeElement);
      const back = opener?.isConnected ? opener : returnTo?.();
      if (lost && back?.isConnected) back.focus();
    });
  };
}
