/**
 * `docker history --no-trunc`, for people: each step's instruction made readable, and which
 * step made which layer.
 *
 * The Engine API gives no `empty_layer` flag, so steps are matched to RootFS.Layers by a rule,
 * walking the history oldest-first: a step makes a layer when its Size is above 0, or when it
 * is not a metadata instruction (ENV, LABEL, CMD, … recorded as `#(nop)` by the classic builder
 * or bare by BuildKit). RUN, COPY and ADD steps always make one, even of 0 bytes (a RUN that
 * only deletes files makes a layer holding whiteouts); imported roots (empty CreatedBy) too.
 * When the steps that make layers do not add up to the image's layer count, the match is
 * reported as inexact and the rows keep their sizes but lose their layer links.
 */
import type { ImageHistoryItem } from '../engine/types';

/** Dockerfile instructions that only change the image config, never its files. */
const METADATA = new Set([
  'ARG', 'CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'SHELL',
  'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);
const KNOWN = new Set([...METADATA, 'ADD', 'COPY', 'RUN', 'FROM']);

export interface Instruction {
  /** "RUN", "ENV", "COPY", … or "" when the step has no command (an imported root). */
  keyword: string;
  /** What follows the keyword. */
  args: string;
  /** The whole instruction as a Dockerfile would read: `ENV A=b`, `RUN echo hi`. */
  text: string;
  /** True for steps that only change configuration. */
  metadata: boolean;
}

/**
 * CreatedBy made readable:
 *   "/bin/sh -c #(nop)  ENV A=b"        → ENV A=b            (classic builder, metadata)
 *   "/bin/sh -c #(nop) COPY file:… in /x" → COPY file:… in /x
 *   "/bin/sh -c echo hi"                 → RUN echo hi
 *   "|2 A=1 B=2 /bin/sh -c make"         → RUN make           (build args, classic builder)
 *   "RUN /bin/sh -c make # buildkit"     → RUN make           (BuildKit)
 *   "ENV A=b"                            → ENV A=b            (BuildKit)
 *   ""                                   → "" (imported; the comment says from where)
 */
export function parseCreatedBy(createdBy: string): Instruction {
  let text = createdBy.trim();
  if (text === '') return { keyword: '', args: '', text: '', metadata: false };
  text = text.replace(/\s*# buildkit$/, '');
  // Classic builder with build args: "|N K=V … /bin/sh -c …".
  text = text.replace(/^\|\d+\s+(?:\S+=\S*\s+)*?(?=\/bin\/sh -c |cmd \/S \/C )/, '');
  const nop = /^(?:\/bin\/sh -c|cmd \/S \/C) #\(nop\)\s*(.*)$/s.exec(text);
  if (nop) return split(nop[1] ?? '');
  const shell = /^(?:\/bin\/sh -c|cmd \/S \/C) (.*)$/s.exec(text);
  if (shell) return split(`RUN ${shell[1] ?? ''}`);
  // BuildKit writes "RUN /bin/sh -c cmd"; show the command without the shell.
  const buildkitRun = /^RUN (?:\|\d+(?:\s+\S+=\S*)*\s+)?\/bin\/sh -c (.*)$/s.exec(text);
  if (buildkitRun) return split(`RUN ${buildkitRun[1] ?? ''}`);
  return split(text);
}

function split(text: string): Instruction {
  const trimmed = text.trim();
  const match = /^([A-Za-z]+)(?:\s+(.*))?$/s.exec(trimmed);
  const word = match?.[1]?.toUpperCase() ?? '';
  if (!KNOWN.has(word)) {
    // Not a Dockerfile instruction (e.g. a commit's own command): shown as it is.
    return { keyword: '', args: trimmed, text: trimmed, metadata: false };
  }
  const args = (match?.[2] ?? '').trim();
  return { keyword: word, args, text: args === '' ? word : `${word} ${args}`, metadata: METADATA.has(word) };
}

export interface HistoryRow {
  /** 0 for the oldest step. */
  index: number;
  /** The image id, or null for `<missing>` (the step exists only in the image's config). */
  id: string | null;
  created: Date | null;
  createdBy: string;
  instruction: Instruction;
  size: number;
  comment: string;
  tags: string[];
  /** Whether this step made a layer, by the rule above. */
  makesLayer: boolean;
  /** Index into RootFS.Layers of the layer it made, or null (none, or inexact match). */
  layerIndex: number | null;
  /** That layer's diff id. */
  diffId: string | null;
}

export interface ImageHistory {
  /** Oldest first. */
  rows: HistoryRow[];
  /** Whether the steps that make layers add up to the image's layers. */
  exact: boolean;
  layerCount: number;
  /** Steps that made a layer by the rule. */
  layerSteps: number;
  /** Sum of step sizes. */
  totalSize: number;
  missingCount: number;
}

/** Whether a step made a layer (the rule in this module's comment). */
export function makesLayer(item: Pick<ImageHistoryItem, 'Size' | 'CreatedBy'>): boolean {
  if (item.Size > 0) return true;
  return !parseCreatedBy(item.CreatedBy).metadata;
}

/** GET /images/{id}/history (newest first) and RootFS.Layers (base first) → rows, oldest first. */
export function toImageHistory(history: readonly ImageHistoryItem[] | null, layers: readonly string[]): ImageHistory {
  const items = [...(history ?? [])].reverse();
  const flags = items.map(makesLayer);
  const layerSteps = flags.filter(Boolean).length;
  const exact = layerSteps === layers.length;
  let next = 0;
  const rows = items.map((item, index): HistoryRow => {
    const made = flags[index] === true;
    const layerIndex = made && exact ? next : null;
    if (made) next++;
    return {
      index,
      id: item.Id === '<missing>' || item.Id === '' ? null : item.Id,
      created: item.Created > 0 ? new Date(item.Created * 1000) : null,
      createdBy: item.CreatedBy,
      instruction: parseCreatedBy(item.CreatedBy),
      size: item.Size,
      comment: item.Comment,
      tags: (item.Tags ?? []).filter((tag) => tag !== '<none>:<none>'),
      makesLayer: made,
      layerIndex,
      diffId: layerIndex === null ? null : (layers[layerIndex] ?? null),
    };
  });
  return {
    rows,
    exact,
    layerCount: layers.length,
    layerSteps,
    totalSize: items.reduce((sum, item) => sum + item.Size, 0),
    missingCount: rows.filter((row) => row.id === null).length,
  };
}

/**
 * The size of each layer (base first) from an image's history, or null when the history
 * does not match the layers exactly.
 */
export function layerSizes(history: readonly ImageHistoryItem[] | null, layers: readonly string[]): number[] | null {
  const result = toImageHistory(history, layers);
  if (!result.exact) return null;
  return result.rows.filter((row) => row.layerIndex !== null).map((row) => row.size);
}
