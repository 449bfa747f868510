/**
 * Where a key moves the focus in a menu of items (the WAI-ARIA menu button pattern): arrows go round,
 * Home and End go to the ends, a letter goes to the next item that starts with it. Pure, for the menu
 * component and its tests.
 */

/** The index `key` moves to from `current` (-1: none focused) among `labels`; null when the key is not the menu's. */
export function menuKeyTarget(key: string, current: number, labels: readonly string[]): number | null {
  const count = labels.length;
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return current < 0 || current >= count - 1 ? 0 : current + 1;
    case 'ArrowUp':
      return current <= 0 ? count - 1 : current - 1;
    case 'Home':
    case 'PageUp':
      return 0;
    case 'End':
    case 'PageDown':
      return count - 1;
  }
  if (key.length !== 1 || key.trim() === '') return null;
  const letter = key.toLowerCase();
  for (let step = 1; step <= count; step++) {
    const index = (current + step + count) % count;
    if (labels[index]?.trim().toLowerCase().startsWith(letter)) return index;
  }
  return null;
}
