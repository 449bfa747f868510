import { describe, expect, test } from 'vitest';
import { chainIds, sha256Digest } from './chainId';

// Two diff ids and their chain id, checked with sha256sum:
// printf 'sha256:aaa… sha256:bbb…' | sha256sum
const L0 = 'sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4';
const L1 = 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef';
const C1 = 'sha256:71dec89dc33c1a1cd5f73cd1e0885ec74b73b03fb9d5a98fddb6486563565072';

describe('sha256Digest', () => {
  test.each([
    { name: 'empty string', text: '', digest: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    { name: 'abc', text: 'abc', digest: 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  ])('$name', async ({ text, digest }) => {
    expect(await sha256Digest(text)).toBe(digest);
  });
});

describe('chainIds', () => {
  test.each([
    { name: 'no layers', layers: [], chain: [] },
    { name: 'one layer is its own chain id', layers: [L0], chain: [L0] },
    { name: 'two layers hash the parent chain id, a space and the diff id', layers: [L0, L1], chain: [L0, C1] },
  ])('$name', async ({ layers, chain }) => {
    expect(await chainIds(layers)).toEqual(chain);
  });

  test('a third layer chains on the second chain id, not on the diff id', async () => {
    const [, , c2] = await chainIds([L0, L1, L0]);
    expect(c2).toBe(await sha256Digest(`${C1} ${L0}`));
  });
});
