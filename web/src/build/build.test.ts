import { describe, expect, test } from 'vitest';
import { buildQuery, planContext, packContext, stripCommonRoot } from './context';
import { EMPTY_BUILD, applyBuildMessage, failedStep, finishBuild, type BuildMessage } from './output';

const bytes = (s: string) => new TextEncoder().encode(s);
const tarNames = (tar: Uint8Array): string[] => {
  const names: string[] = [];
  for (let off = 0; off + 512 <= tar.length; ) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const name = new TextDecoder().decode(header.subarray(0, 100)).replace(/\0.*$/s, '');
    const size = parseInt(new TextDecoder().decode(header.subarray(124, 136)).replace(/\0.*$/s, '').trim() || '0', 8);
    names.push(name);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
};

describe('planContext', () => {
  const files = [
    { path: 'src/app.js', data: bytes('x') },
    { path: 'node_modules/a/index.js', data: bytes('y') },
    { path: '.dockerignore', data: bytes('node_modules\n*.log\n') },
    { path: 'debug.log', data: bytes('z') },
    { path: 'Dockerfile', data: bytes('FROM a') },
    { path: 'README.md', data: bytes('r') },
  ];
  test.each([
    { name: 'the folder’s Dockerfile first, then .dockerignore, then what it lets through', text: null, order: ['Dockerfile', '.dockerignore', 'README.md', 'src/app.js'], first: 'FROM a' },
    { name: 'a typed Dockerfile replaces the folder’s', text: 'FROM b', order: ['Dockerfile', '.dockerignore', 'README.md', 'src/app.js'], first: 'FROM b' },
  ])('$name', ({ text, order, first }) => {
    const plan = planContext(files, { name: 'Dockerfile', text });
    expect(plan.entries.map((e) => e.name)).toEqual(order);
    expect(new TextDecoder().decode(plan.entries[0]?.data)).toBe(first);
    expect(plan.ignored).toEqual(['debug.log', 'node_modules/a/index.js']);
    expect(tarNames(packContext(plan))).toEqual(order);
  });
  test('no Dockerfile anywhere says what to do', () => {
    expect(() => planContext([{ path: 'a', data: bytes('') }], { name: 'Dockerfile', text: null })).toThrow(/type one, upload it/);
  });
  test('another Dockerfile name', () => {
    const plan = planContext([{ path: 'build/Dockerfile.dev', data: bytes('FROM c') }, { path: 'a', data: bytes('') }], { name: 'build/Dockerfile.dev', text: null });
    expect(plan.entries.map((e) => e.name)).toEqual(['build/Dockerfile.dev', 'a']);
  });
});

test.each([
  { name: 'a picked folder', paths: ['app/Dockerfile', 'app/src/x'], out: ['Dockerfile', 'src/x'] },
  { name: 'loose files', paths: ['Dockerfile', 'x'], out: ['Dockerfile', 'x'] },
  { name: 'two roots', paths: ['a/x', 'b/y'], out: ['a/x', 'b/y'] },
])('stripCommonRoot: $name', ({ paths, out }) => {
  expect(stripCommonRoot(paths)).toEqual(out);
});

test.each([
  { name: 'defaults', opts: { tag: '', buildArgs: [], target: '', noCache: false, dockerfile: 'Dockerfile' }, query: { rm: '1', forcerm: '1' } },
  {
    name: 'everything',
    opts: { tag: ' me/app:1 ', buildArgs: ['A=1', ' B = two=2', 'bad', ''], target: 'prod', noCache: true, dockerfile: './ci/Dockerfile' },
    query: { rm: '1', forcerm: '1', dockerfile: 'ci/Dockerfile', t: 'me/app:1', target: 'prod', nocache: '1', buildargs: '{"A":"1","B":" two=2"}' },
  },
])('buildQuery: $name', ({ opts, query }) => {
  expect(buildQuery(opts)).toEqual(query);
});

describe('build output', () => {
  const fold = (messages: BuildMessage[]) => finishBuild(messages.reduce(applyBuildMessage, EMPTY_BUILD));
  test('steps, their output, the image id and tags', () => {
    const state = fold([
      { stream: 'Step 1/3 : FROM fixture/busybox:1\n' },
      { stream: ' ---> 0123456789ab\n' },
      { stream: 'Step 2/3 : RUN echo hi\n' },
      { stream: ' ---> Running in 111111111111\n' },
      { stream: 'hi\n' },
      { stream: 'Removing intermediate container 111111111111\n ---> 222222222222\n' },
      { stream: 'Step 3/3 : CMD ["sh"]\n' },
      { aux: { ID: 'sha256:abc' } },
      { stream: 'Successfully built abc\n' },
      { stream: 'Successfully tagged me/app:1\n' },
    ]);
    expect(state.steps.map((s) => [s.index, s.total, s.instruction, s.status, s.result])).toEqual([
      [1, 3, 'FROM fixture/busybox:1', 'done', '0123456789ab'],
      [2, 3, 'RUN echo hi', 'done', '222222222222'],
      [3, 3, 'CMD ["sh"]', 'done', null],
    ]);
    expect(state.steps[1]?.lines).toContain('hi');
    expect(state.imageId).toBe('sha256:abc');
    expect(state.tags).toEqual(['me/app:1']);
    expect(state.error).toBeNull();
  });
  test('an error marks the failing step', () => {
    const state = fold([
      { stream: 'Step 1/2 : FROM fixture/busybox:1\n' },
      { stream: 'Step 2/2 : RUN false\n' },
      { errorDetail: { code: 1, message: "The command '/bin/sh -c false' returned a non-zero code: 1" }, error: 'x' },
    ]);
    expect(failedStep(state)?.instruction).toBe('RUN false');
    expect(state.error).toMatch(/non-zero code: 1/);
    expect(state.steps[0]?.status).toBe('done');
  });
  test('pull progress before the first step goes to the preamble', () => {
    const state = fold([{ status: 'Pulling from library/busybox', id: 'latest' }]);
    expect(state.preamble).toEqual(['latest Pulling from library/busybox']);
  });
});
