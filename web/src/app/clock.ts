import { createSignal, onCleanup, type Accessor } from 'solid-js';

/** The current time, ticking every `intervalMs`, so "3 minutes ago" stays true. */
export function createNow(intervalMs = 30_000): Accessor<Date> {
  const [now, setNow] = createSignal(new Date());
  const timer = setInterval(() => setNow(new Date()), intervalMs);
  onCleanup(() => clearInterval(timer));
  return now;
}
