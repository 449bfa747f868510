import { createEffect, on, onCleanup, type Accessor } from 'solid-js';

/**
 * Keeps the page at the bottom while `follow` is on and new lines arrive, unless the reader scrolled
 * up (then the page stays where they are until they scroll back down). `unpin` is for jumps the page
 * makes itself (to a search match).
 */
export function createFollowScroll(lines: Accessor<unknown>, follow: Accessor<boolean>): { unpin: () => void } {
  let pinned = true;
  const onScroll = (): void => {
    pinned = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 40;
  };
  window.addEventListener('scroll', onScroll, { passive: true });
  onCleanup(() => window.removeEventListener('scroll', onScroll));
  createEffect(
    on(lines, () => {
      if (follow() && pinned) requestAnimationFrame(() => window.scrollTo({ top: document.documentElement.scrollHeight }));
    }),
  );
  return { unpin: () => void (pinned = false) };
}
