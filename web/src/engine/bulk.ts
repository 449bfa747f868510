/**
 * Actions on several objects at once (remove images, networks, volumes): one after another, so
 * each result is the engine's own and a failure stops nothing else; then one line that says
 * what was done and what failed, with the engine's reasons.
 */

export interface BulkResult {
  label: string;
  /** The engine's or the proxy's reason, when it failed. */
  error?: string;
}

export interface BulkSummary {
  kind: 'ok' | 'error';
  text: string;
  done: number;
  failed: number;
}

/** Runs `act` on each item in order; `onProgress` hears "n of N" before each. */
export async function runInOrder<T>(
  items: readonly T[],
  label: (item: T) => string,
  act: (item: T) => Promise<void>,
  describe: (cause: unknown) => string,
  onProgress?: (index: number, item: T) => void,
): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const [index, item] of items.entries()) {
    onProgress?.(index, item);
    try {
      await act(item);
      results.push({ label: label(item) });
    } catch (cause) {
      results.push({ label: label(item), error: describe(cause) });
    }
  }
  return results;
}

/** "Removed 3 volumes." or "Removed 1 of 2 networks; web: has active endpoints". */
export function summarizeBulk(verb: string, noun: readonly [string, string], results: readonly BulkResult[]): BulkSummary {
  const failed = results.filter((r) => r.error !== undefined);
  const done = results.length - failed.length;
  const word = (n: number) => (n === 1 ? noun[0] : noun[1]);
  if (failed.length === 0) return { kind: 'ok', text: `${verb} ${done} ${word(done)}.`, done, failed: 0 };
  const reasons = failed.map((r) => `${r.label}: ${r.error}`).join('; ');
  return { kind: 'error', text: `${verb} ${done} of ${results.length} ${word(results.length)}. Not done: ${reasons}`, done, failed: failed.length };
}
