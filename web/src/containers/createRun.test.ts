import { describe, expect, test } from 'vitest';
import type { CreateRequest } from './createForm';
import { CreateRunFailure, failurePrefix, pullSource, replaceLosses, runCreate, type CreateSteps } from './createRun';

/** Steps that record each call, failing the one named in `fail`. */
function recorder(fail?: keyof CreateSteps) {
  const calls: string[] = [];
  const step =
    (name: keyof CreateSteps) =>
    async (...args: unknown[]): Promise<never> => {
      calls.push(`${name} ${args.filter((a) => typeof a === 'string').join(' ')}`.trim());
      if (name === fail) throw new Error(`${name} refused`);
      return (name === 'create' ? 'new-id' : undefined) as never;
    };
  const steps: CreateSteps = { create: step('create'), connect: step('connect'), stop: step('stop'), remove: step('remove'), rename: step('rename'), start: step('start') };
  return { steps, calls };
}

const request: CreateRequest = { name: 'web', body: { Image: 'busybox:1' } as CreateRequest['body'], connect: [['backend', {}]] };

describe('runCreate', () => {
  test('a new container: create, connect, start, each step said', async () => {
    const { steps, calls } = recorder();
    const said: string[] = [];
    expect(await runCreate(steps, request, undefined, (text) => said.push(text))).toBe('new-id');
    expect(calls).toEqual(['create web', 'connect backend new-id', 'start new-id']);
    expect(said).toEqual(['Creating the container…', 'Connecting it to backend…', 'Starting…']);
  });

  test('a replace creates under a temporary name, stops and removes the old one, then gives the new one its name', async () => {
    const { steps, calls } = recorder();
    await runCreate(steps, request, { id: 'old-id', name: 'web', running: true }, () => undefined, () => 'x1');
    expect(calls).toEqual(['create web-new-x1', 'connect backend new-id', 'stop old-id', 'remove old-id', 'rename new-id web', 'start new-id']);
  });

  test('a replace of a stopped container under a new name: no stop, no rename', async () => {
    const { steps, calls } = recorder();
    await runCreate(steps, { ...request, connect: [] }, { id: 'old-id', name: 'old', running: false }, () => undefined);
    expect(calls).toEqual(['create web', 'remove old-id', 'start new-id']);
  });

  test('a new container that does not start is removed again, and the failure says so', async () => {
    const { steps, calls } = recorder('start');
    const failure = await runCreate(steps, request, undefined, () => undefined).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CreateRunFailure);
    expect(failure).toMatchObject({ stage: 'start', created: null, message: 'start refused' });
    expect(calls.at(-1)).toBe('remove new-id');
    expect(failurePrefix(failure as CreateRunFailure)).toBe('It did not start (and was removed again): ');
  });

  test('a replacement that does not start stays (the old one is gone already)', async () => {
    const { steps, calls } = recorder('start');
    const failure = (await runCreate(steps, request, { id: 'old-id', name: 'web', running: false }, () => undefined).catch((e: unknown) => e)) as CreateRunFailure;
    expect(failure).toMatchObject({ stage: 'start', created: 'new-id' });
    expect(calls.filter((c) => c.startsWith('remove'))).toEqual(['remove old-id']);
    expect(failurePrefix(failure)).toBe('Created, but it did not start: ');
  });

  test('a refused create left nothing: no prefix, and the engine error rides along', async () => {
    const { steps, calls } = recorder('create');
    const failure = (await runCreate(steps, request, undefined, () => undefined).catch((e: unknown) => e)) as CreateRunFailure;
    expect(failure).toMatchObject({ stage: 'create', created: null });
    expect((failure.error as Error).message).toBe('create refused');
    expect(calls).toEqual(['create web']);
    expect(failurePrefix(failure)).toBe('');
  });
});

describe('replace texts', () => {
  test('a replace names what is lost: the run, the writable layer, what is not carried', () => {
    const lines = replaceLosses(true, [{ setting: 'devices', why: 'the policy refuses them' }]);
    expect(lines[0]).toBe('It is running: it will be stopped.');
    expect(lines.at(-1)).toBe('Not carried over: devices (the policy refuses them).');
    expect(replaceLosses(false, [])).toHaveLength(2);
  });

  test('a missing image comes from the registry its name starts with, else Docker Hub', () => {
    expect(pullSource('registry.local:5000/app')).toBe('registry.local:5000');
    expect(pullSource('ghcr.io/owner/app')).toBe('ghcr.io');
    expect(pullSource('library/busybox')).toBe('Docker Hub');
    expect(pullSource('busybox')).toBe('Docker Hub');
  });
});
