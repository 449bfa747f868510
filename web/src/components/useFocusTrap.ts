import { onCleanup, onMount } from 'solid-js';
import { trapFocus } from './focusTrap';

/**
 * For a panel or form that opens in the page: from its mount until it goes, Tab and Shift+Tab stay inside,
 * Escape calls `onEscape`, and focus then goes back to what opened it. `first` is the field to start in
 * (the panel itself when none).
 */
export function useFocusTrap(
  panel: () => HTMLElement,
  onEscape: () => void,
  options: { first?: () => HTMLElement | undefined; returnTo?: () => HTMLElement | undefined } = {},
): void {
  onMount(() => {
    const release = trapFocus(panel(), onEscape, options.returnTo);
    options.first?.()?.focus();
    onCleanup(release);
  });
}
