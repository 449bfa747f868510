/**
 * The logs of several containers as one list, interleaved by the engine's timestamps (timestamps=1):
 * each container's lines arrive in order, but one container's batch may come after another's newer
 * lines, so a line goes in after the last kept line that is not later than it. Pure: no DOM, no I/O.
 */
import { compareInstants, parseLogTime, type LogInstant } from './logResume';
import { LOG_CAP, type LogLine } from './logs';

export interface MergedLine {
  /** Index of the container among the merged ones (its colour and name). */
  source: number;
  line: LogLine;
  /** The line's time, parsed once; null when the engine sent none (it then follows the line before it). */
  instant: LogInstant | null;
}

/** a before b: by time, then by container, then as received. A line without time sorts as its predecessor. */
function after(a: MergedLine, b: MergedLine): boolean {
  if (a.instant && b.instant) {
    const c = compareInstants(a.instant, b.instant);
    if (c !== 0) return c > 0;
  }
  if (a.source !== b.source) return a.source > b.source;
  return a.line.seq > b.line.seq;
}

export class LogMerger {
  private merged: MergedLine[] = [];
  /** The newest seq taken from each container, so a whole (capped) array can be offered again. */
  private taken = new Map<number, number>();

  constructor(private readonly cap = LOG_CAP) {}

  /**
   * Takes the lines of `source` not seen yet (seq above the last taken). Returns whether anything changed.
   * Lines of one source must come in seq order, as a log stream gives them.
   */
  add(source: number, lines: readonly LogLine[]): boolean {
    const last = this.taken.get(source) ?? -1;
    let changed = false;
    // Only the tail can be new: walk back to the first unseen line.
    let start = lines.length;
    while (start > 0 && lines[start - 1]!.seq > last) start--;
    for (let i = start; i < lines.length; i++) {
      const line = lines[i]!;
      this.insert({ source, line, instant: parseLogTime(line.time) });
      this.taken.set(source, line.seq);
      changed = true;
    }
    if (this.merged.length > this.cap) this.merged.splice(0, this.merged.length - this.cap);
    return changed;
  }

  /** Forgets one source's lines (its stream started over with other options, or it left the set). */
  drop(source: number): void {
    this.merged = this.merged.filter((m) => m.source !== source);
    this.taken.delete(source);
  }

  clear(): void {
    this.merged = [];
    this.taken.clear();
  }

  /** A copy, oldest first. */
  lines(): MergedLine[] {
    return [...this.merged];
  }

  private insert(entry: MergedLine): void {
    // Usually the newest: scan back from the end to the last line not after it.
    let i = this.merged.length;
    while (i > 0 && after(this.merged[i - 1]!, entry)) {
      if (!entry.instant && this.merged[i - 1]!.source === entry.source) break;
      i--;
    }
    this.merged.splice(i, 0, entry);
  }
}

/** Distinct, readable colours for up to this many containers; more reuse them in order. */
export const SOURCE_COLOURS = 8;

/** The colour slot of a container: its index among the merged ones. */
export function colourSlot(source: number): number {
  return source % SOURCE_COLOURS;
}
