import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['proxy/src/**/*.test.ts', 'web/src/**/*.test.ts', 'tests/tools/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/tools/**'],
          globalSetup: ['tests/support/buildSetup.ts', 'tests/harness/globalSetup.ts'],
          // One private engine is shared: files run one after another.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // expect.poll waits for the engine or the page to reach a state; its 1 s default is a timer that a busy
          // 2-core machine loses (a removal's list refresh took longer, and a test failed while the app was right).
          expect: { poll: { timeout: 15_000, interval: 100 } },
        },
      },
    ],
  },
});
