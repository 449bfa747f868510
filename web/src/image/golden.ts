/**
 * Test helper: compares text with a golden file in testdata/ named after the test, as dive
 * does. `UPDATE_GOLDEN=1 npx vitest run --project unit` rewrites the files.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

const DIR = join(import.meta.dirname, 'testdata');

export function goldenName(testName: string): string {
  return `${testName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}.golden.txt`;
}

/** Compares `text` with testdata/<describe-test-name>.golden.txt of the test running now. */
export function expectGolden(text: string): void {
  const testName = expect.getState().currentTestName ?? 'unnamed';
  const file = join(DIR, goldenName(testName));
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
    writeFileSync(file, text);
    if (process.env['UPDATE_GOLDEN'] !== '1') throw new Error(`wrote the missing golden file ${file}: check it, then run again`);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}
