/**
 * `docker diff` (GET /containers/{id}/changes) as a tree: what a container added, changed and
 * deleted in its writable layer, with counts. Kind 0 is changed, 1 added, 2 deleted; the
 * engine answers null when nothing changed.
 */
import type { ChangeKind } from './layerContents';

/** One row of GET /containers/{id}/changes. */
export interface ContainerChange {
  Path: string;
  Kind: number;
}

export interface ChangeCounts {
  added: number;
  modified: number;
  deleted: number;
}

export interface ChangeNode {
  /** The full path, e.g. /etc/passwd. */
  key: string;
  name: string;
  /** null for a directory that is only shown to hold changed paths. */
  kind: ChangeKind | null;
  children: ChangeNode[];
  /** Changes at and below this node. */
  counts: ChangeCounts;
}

export const CHANGE_LETTER: Record<ChangeKind, string> = { added: 'A', modified: 'C', deleted: 'D' };

export function changeKind(kind: number): ChangeKind {
  return kind === 1 ? 'added' : kind === 2 ? 'deleted' : 'modified';
}

export function countChanges(changes: readonly ContainerChange[] | null): ChangeCounts {
  const counts: ChangeCounts = { added: 0, modified: 0, deleted: 0 };
  for (const change of changes ?? []) counts[changeKind(change.Kind)]++;
  return counts;
}

/** The changes as a tree under '/', children sorted by name; only the kinds asked for. */
export function toChangeTree(changes: readonly ContainerChange[] | null, kinds: ReadonlySet<ChangeKind> = new Set(['added', 'modified', 'deleted'])): ChangeNode[] {
  interface Draft {
    key: string;
    name: string;
    kind: ChangeKind | null;
    children: Map<string, Draft>;
  }
  const root: Draft = { key: '/', name: '/', kind: null, children: new Map() };
  for (const change of changes ?? []) {
    const kind = changeKind(change.Kind);
    if (!kinds.has(kind)) continue;
    const parts = change.Path.split('/').filter((part) => part !== '');
    let node = root;
    parts.forEach((name, i) => {
      let child = node.children.get(name);
      if (!child) {
        child = { key: `/${parts.slice(0, i + 1).join('/')}`, name, kind: null, children: new Map() };
        node.children.set(name, child);
      }
      node = child;
    });
    if (node !== root) node.kind = kind;
  }
  const finish = (draft: Draft): ChangeNode => {
    const children = [...draft.children.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(finish);
    const counts: ChangeCounts = { added: 0, modified: 0, deleted: 0 };
    if (draft.kind) counts[draft.kind]++;
    for (const child of children) {
      counts.added += child.counts.added;
      counts.modified += child.counts.modified;
      counts.deleted += child.counts.deleted;
    }
    return { key: draft.key, name: draft.name, kind: draft.kind, children, counts };
  };
  return [...root.children.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(finish);
}

/** Search: the path contains the text. */
export function changeMatches(node: ChangeNode, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  return needle === '' || node.key.toLowerCase().includes(needle);
}

/** Changes below a node, itself left out. */
export function countsBelow(node: ChangeNode): ChangeCounts {
  const counts = { ...node.counts };
  if (node.kind) counts[node.kind]--;
  return counts;
}

/** A tree line: `A new`, `C bin (1 deleted)` (the counts are of what is below). */
export function changeLabel(node: ChangeNode): string {
  const below = node.children.length === 0 ? '' : ` (${formatCounts(countsBelow(node))})`;
  return `${node.kind ? CHANGE_LETTER[node.kind] : ' '} ${node.name}${below}`;
}

export function formatCounts(counts: ChangeCounts): string {
  const parts: string[] = [];
  if (counts.added > 0) parts.push(`${counts.added} added`);
  if (counts.modified > 0) parts.push(`${counts.modified} changed`);
  if (counts.deleted > 0) parts.push(`${counts.deleted} deleted`);
  return parts.length === 0 ? 'no changes' : parts.join(', ');
}
