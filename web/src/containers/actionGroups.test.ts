import { expect, test } from 'vitest';
import { containerActionGroups, type ContainerActionGroups } from './actionGroups';

test.each<{ name: string; state: { running: boolean; paused: boolean }; groups: ContainerActionGroups }>([
  {
    name: 'running: stop and restart in view; kill, pause and the rest under More, remove last',
    state: { running: true, paused: false },
    groups: { primary: ['stop', 'restart'], more: ['kill', 'pause', 'rename', 'commit', 'duplicate', 'remove'] },
  },
  {
    name: 'paused: unpause in view',
    state: { running: true, paused: true },
    groups: { primary: ['unpause'], more: ['rename', 'commit', 'duplicate', 'remove'] },
  },
  {
    name: 'stopped: start and remove in view',
    state: { running: false, paused: false },
    groups: { primary: ['start', 'remove'], more: ['rename', 'commit', 'duplicate'] },
  },
])('$name', ({ state, groups }) => {
  expect(containerActionGroups(state)).toEqual(groups);
});

test('every state offers each of its actions once', () => {
  for (const running of [true, false])
    for (const paused of running ? [true, false] : [false]) {
      const { primary, more } = containerActionGroups({ running, paused });
      const all = [...primary, ...more];
      expect(new Set(all).size).toBe(all.length);
      expect(all).toContain('rename');
      expect(all).toContain('remove');
    }
});
