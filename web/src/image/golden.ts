/**
 * Test helper: compares text with a golden file in testdata/ named after the test, as dive does,
 * through vitest's own file snapshots: a missing file is written, and `npx vitest run -u` rewrites them.
 */
import { expect } from 'vitest';

export function goldenName(testName: string): string {
  return `${testName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}.golden.txt`;
}

/** Compares `text` with testdata/<describe-test-name>.golden.txt of the test running now. */
export function expectGolden(text: string): Promise<void> {
  const testName = expect.getState().currentTestName ?? 'unnamed';
  return expect(text).toMatchFileSnapshot(`testdata/${goldenName(testName)}`);
}
