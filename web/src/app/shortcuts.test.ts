import { expect, test } from 'vitest';
import { SEQUENCE_MS, createShortcutReader, type KeyInput, type ShortcutAction } from './shortcuts';

type Step = Omit<KeyInput, 'time'> & { at?: number };

test.each<{ name: string; keys: Step[]; actions: (ShortcutAction | null)[] }>([
  { name: 'slash focuses the filter', keys: [{ key: '/' }], actions: [{ kind: 'focusFilter' }] },
  { name: 'question mark shows help', keys: [{ key: '?' }], actions: [{ kind: 'help' }] },
  { name: 'g c', keys: [{ key: 'g' }, { key: 'c' }], actions: [null, { kind: 'go', section: 'containers' }] },
  { name: 'g i', keys: [{ key: 'g' }, { key: 'i' }], actions: [null, { kind: 'go', section: 'images' }] },
  { name: 'g n', keys: [{ key: 'g' }, { key: 'n' }], actions: [null, { kind: 'go', section: 'networks' }] },
  { name: 'g V (caps lock)', keys: [{ key: 'g' }, { key: 'V' }], actions: [null, { kind: 'go', section: 'volumes' }] },
  { name: 'c alone does nothing', keys: [{ key: 'c' }], actions: [null] },
  { name: 'g then too late', keys: [{ key: 'g', at: 0 }, { key: 'c', at: SEQUENCE_MS + 1 }], actions: [null, null] },
  { name: 'g then slash is a slash', keys: [{ key: 'g' }, { key: '/' }], actions: [null, { kind: 'focusFilter' }] },
  { name: 'g g c', keys: [{ key: 'g' }, { key: 'g' }, { key: 'c' }], actions: [null, null, { kind: 'go', section: 'containers' }] },
  { name: 'typing in a field', keys: [{ key: '/', inField: true }, { key: 'g', inField: true }, { key: 'c', inField: true }], actions: [null, null, null] },
  { name: 'modifiers', keys: [{ key: '/', ctrlKey: true }, { key: 'g', metaKey: true }, { key: 'c' }], actions: [null, null, null] },
  { name: 'escape closes, even in a field', keys: [{ key: 'Escape', inField: true }], actions: [{ kind: 'close' }] },
  { name: 'a field key breaks a sequence', keys: [{ key: 'g' }, { key: 'x', inField: true }, { key: 'c' }], actions: [null, null, null] },
])('$name', ({ keys, actions }) => {
  const reader = createShortcutReader();
  expect(keys.map((step, index) => reader.press({ ...step, time: step.at ?? index * 100 }))).toEqual(actions);
});
