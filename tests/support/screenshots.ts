// Screenshots for people to look at, not assertions: phone and desktop, light and dark, written to
// $PORTHOLE_SHOTS. Without it the tests are reported as skipped, not as passed.
import { mkdirSync } from 'node:fs';
import type { BrowserContext, BrowserContextOptions } from 'playwright-core';
import { describe, test } from 'vitest';

const SIZES = [
  { width: 390, height: 844, scheme: 'light' as const },
  { width: 390, height: 844, scheme: 'dark' as const },
  { width: 1280, height: 900, scheme: 'light' as const },
  { width: 1280, height: 900, scheme: 'dark' as const },
];

/** `shoot(dir, suffix)` runs once per size and scheme, in a context reopened at that size; files end in `suffix`. */
export function screenshots(reopenContext: (options: BrowserContextOptions) => Promise<BrowserContext>, shoot: (dir: string, suffix: string) => Promise<void>): void {
  const dir = process.env.PORTHOLE_SHOTS;
  (dir ? describe : describe.skip)('screenshots', () => {
    test.each(SIZES)('$width px, $scheme', async ({ width, height, scheme }) => {
      mkdirSync(dir!, { recursive: true });
      await reopenContext({ viewport: { width, height }, colorScheme: scheme });
      await shoot(dir!, `${width}-${scheme}`);
    });
  });
}
