import { expect, test } from 'vitest';
import { emptyVolumeForm, planVolumeRemovals, toVolumeCreateBody, volumeFormProblems } from './volumeForms';

test('the form becomes the Engine API body: driver local, options and labels', () => {
  expect(toVolumeCreateBody({ name: ' data ', labels: 'team=web', options: 'type=tmpfs\ndevice=tmpfs\no=size=64m' })).toEqual({
    Name: 'data',
    Driver: 'local',
    DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=64m' },
    Labels: { team: 'web' },
  });
});

test('no name: the engine names it', () => {
  expect(toVolumeCreateBody(emptyVolumeForm()).Name).toBe('');
  expect(volumeFormProblems(emptyVolumeForm())).toEqual({});
});

test.each([
  { name: 'a one-character name', form: { name: 'a' }, field: 'name' },
  { name: 'a name with a slash', form: { name: 'a/b' }, field: 'name' },
  { name: 'an option without key', form: { options: '=tmpfs' }, field: 'options' },
  { name: 'a label without key', form: { labels: '=x' }, field: 'labels' },
])('$name is named before the engine sees it', ({ form, field }) => {
  expect(Object.keys(volumeFormProblems({ ...emptyVolumeForm(), ...form }))).toEqual([field]);
});

test('in-use volumes are refused with their containers named; unused ones can go', () => {
  const plan = planVolumeRemovals([
    { name: 'busy', users: [{ id: '1', name: 'web', state: 'running', destination: '/data' }, { id: '2', name: 'job', state: 'exited', destination: '/d' }] },
    { name: 'idle', users: [] },
  ]);
  expect(plan.map((p) => p.refused)).toEqual([
    'used by web (running), job (exited): the engine refuses while a container, running or stopped, has it; remove those containers first.',
    null,
  ]);
});
