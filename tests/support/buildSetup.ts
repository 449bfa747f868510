// Vitest global setup: builds the PWA and the proxy when older than their sources, before any test
// starts (a build inside a test would block its event loop past the test's time).
import { ensureBuilt } from '../../proxy/bin/build.mjs';

export default function setup(): void {
  ensureBuilt();
}
