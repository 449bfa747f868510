import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { renderPolicy } from './policyDoc.ts';

test('docs/policy.md is the policy table as the code has it', () => {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'policy.md'), 'utf8');
  expect(doc).toBe(renderPolicy());
});
