/**
 * An image prune played out on a copy of the engine's state, step by step as moby does it
 * (daemon/images/image_prune.go and image_delete.go, unchanged in substance from 20.10 / API
 * 1.41 to today's graphdriver store), so the preview is what the engine then does:
 * - the prune starts from "top" images: every image without children in dangling mode
 *   (the store's Heads), every image in `all` mode except untagged ones with children; the
 *   `until` and label filters apply to these only;
 * - a top image with references is deleted reference by reference, in the order of their
 *   full names; dangling mode only touches images without a tag (digest-only ones);
 * - a reference stays when a container (running or stopped) uses the image and it is the
 *   image's single reference, a tag and the digests of the same repository counting as one;
 * - removing a tag removes the digests of its repository when no tag of it is left;
 * - an image goes when its last reference went (or it had none) and nothing holds it: no
 *   child image, no container, no reference; then its untagged parents go the same way;
 * - the space freed is the layers no image holds any more, each layer once.
 * Pure: no I/O, no DOM.
 */
import { matchLabels, type LabelFilters } from './prune';

export interface ImageNode {
  id: string;
  /** '' when none (pulled images have none). */
  parentId: string;
  /** RepoTags and RepoDigests as the engine lists them (familiar form), `<none>` ones left out. */
  refs: readonly string[];
  /** Unix seconds, with the fraction when known (the list truncates it). */
  created: number;
  labels: Readonly<Record<string, string>> | null;
  /** Bytes of all its layers (the list's Size). */
  size: number;
  /** Layer diff ids, base first (GET /images/ID/json → RootFS.Layers), when fetched. */
  layers?: readonly string[];
  /** Diff size of each of `layers` (from the history), when fetched. */
  layerSizes?: readonly number[];
}

export interface ImageUser {
  imageId: string;
  /** Paused and restarting count as running, as the engine counts them. */
  running: boolean;
}

export interface ImagePruneRules {
  danglingOnly: boolean;
  /** Unix seconds: images created after it stay. */
  until: number | null;
  labels: LabelFilters;
}

export interface ImagePruneResult {
  /** Image ids the engine deletes, in the order they go. */
  deleted: string[];
  /** References the engine untags (familiar form, as its report says). */
  untagged: string[];
  /** Bytes freed per deleted image (each layer counted for the first image that frees it); null when unknown. */
  freed: Map<string, number | null>;
  /** Layers freed (null when the layers of some image are unknown). */
  layersFreed: number | null;
}

interface Ref {
  text: string;
  full: string;
  name: string;
  digest: boolean;
}

/** busybox:1 → docker.io/library/busybox:1, the form the engine sorts references by. */
export function fullReference(ref: string): string {
  const slash = ref.indexOf('/');
  if (slash === -1) return `docker.io/library/${ref}`;
  const first = ref.slice(0, slash);
  if (first.includes('.') || first.includes(':') || first === 'localhost') return ref;
  return `docker.io/${ref}`;
}

function parseRef(text: string): Ref {
  const full = fullReference(text);
  const at = full.indexOf('@');
  if (at !== -1) return { text, full, name: full.slice(0, at), digest: true };
  const colon = full.lastIndexOf(':');
  const name = colon > full.lastIndexOf('/') ? full.slice(0, colon) : full;
  return { text, full, name, digest: false };
}

export const isValidRef = (ref: string): boolean => !ref.startsWith('<none>');

/** moby's isSingleReference: at most one tag, and every digest of that tag's repository. */
export function isSingleReference(refs: readonly Ref[]): boolean {
  if (refs.length <= 1) return refs.length === 1;
  let single: Ref | null = null;
  const digestNames = new Set<string>();
  for (const ref of refs) {
    if (ref.digest) digestNames.add(ref.name);
    else if (single === null) single = ref;
    else return false;
  }
  const chosen = single ?? refs[0]!;
  return digestNames.size === 1 && digestNames.has(chosen.name);
}

interface State {
  node: ImageNode;
  refs: Ref[];
  deleted: boolean;
}

/** Which images an image prune deletes and which references it removes. */
export function simulateImagePrune(images: readonly ImageNode[], users: readonly ImageUser[], rules: ImagePruneRules, order?: readonly string[]): ImagePruneResult {
  const states = new Map<string, State>();
  for (const node of images) {
    const refs = node.refs.filter(isValidRef).map(parseRef);
    refs.sort((a, b) => (a.full < b.full ? -1 : a.full > b.full ? 1 : 0));
    states.set(node.id, { node, refs, deleted: false });
  }
  const byRef = new Map<string, State>();
  for (const state of states.values()) for (const ref of state.refs) byRef.set(ref.full, state);
  const running = new Set(users.filter((u) => u.running).map((u) => u.imageId));
  const used = new Set(users.map((u) => u.imageId));
  const children = (id: string): number => {
    let count = 0;
    for (const state of states.values()) if (!state.deleted && state.node.parentId === id) count++;
    return count;
  };
  const deleted: string[] = [];
  const untagged: string[] = [];

  const removeRef = (state: State, ref: Ref): void => {
    state.refs = state.refs.filter((r) => r.full !== ref.full);
    byRef.delete(ref.full);
    untagged.push(ref.text);
  };

  // imageDeleteHelper with force off: any conflict keeps the image (and ends the parent walk).
  const deleteHelper = (state: State): void => {
    for (let current: State | undefined = state; current && !current.deleted; ) {
      const id = current.node.id;
      if (children(id) > 0 || running.has(id) || current.refs.length > 0 || used.has(id)) return;
      current.deleted = true;
      deleted.push(id);
      current = current.node.parentId ? states.get(current.node.parentId) : undefined;
    }
  };

  // ImageDelete(reference, force=false, prune=true).
  const deleteRef = (full: string): void => {
    const state = byRef.get(full);
    if (!state || state.deleted) return; // "No such image": the engine logs it and goes on
    const ref = state.refs.find((r) => r.full === full)!;
    if (isSingleReference(state.refs) && used.has(state.node.id)) return; // conflict: a container uses it
    removeRef(state, ref);
    if (!ref.digest && !state.refs.some((r) => !r.digest && r.name === ref.name)) {
      for (const digest of state.refs.filter((r) => r.digest && r.name === ref.name)) removeRef(state, digest);
    }
    if (state.refs.length > 0) return;
    deleteHelper(state);
  };

  const heads = [...states.values()].filter((state) => !rules.danglingOnly || children(state.node.id) === 0);
  const top = heads.filter((state) => {
    if (state.refs.length === 0 && children(state.node.id) > 0) return false;
    if (rules.until !== null && state.node.created > rules.until) return false;
    return matchLabels(rules.labels, state.node.labels);
  });
  if (order) {
    const rank = new Map(order.map((id, i) => [id, i]));
    top.sort((a, b) => (rank.get(a.node.id) ?? 0) - (rank.get(b.node.id) ?? 0));
  }

  for (const state of top) {
    if (state.deleted) continue;
    const refs = [...state.refs];
    if (refs.length > 0) {
      const shouldDelete = !rules.danglingOnly || !refs.some((r) => !r.digest);
      if (shouldDelete) for (const ref of refs) deleteRef(ref.full);
    } else {
      deleteHelper(state);
    }
  }

  const { freed, layersFreed } = freedSpace(images, new Set(deleted), deleted);
  return { deleted, untagged, freed, layersFreed };
}

/**
 * The layers the deleted images leave behind unheld, summed once each, credited to the
 * first deleted image (in `order`) that holds them. A layer is held while any remaining
 * image's layer chain starts with it.
 */
export function freedSpace(images: readonly ImageNode[], gone: ReadonlySet<string>, order: readonly string[]): { freed: Map<string, number | null>; layersFreed: number | null } {
  const freed = new Map<string, number | null>();
  const byId = new Map(images.map((i) => [i.id, i]));
  const held = new Set<string>();
  let known = true;
  for (const image of images) {
    if (gone.has(image.id)) continue;
    if (!image.layers) {
      known = false;
      continue;
    }
    let key = '';
    for (const layer of image.layers) held.add((key = key ? `${key} ${layer}` : layer));
  }
  const counted = new Set<string>();
  for (const id of order) {
    const image = byId.get(id);
    if (!image) continue;
    if (!image.layers || !image.layerSizes || !known) {
      freed.set(id, null);
      continue;
    }
    let key = '';
    let bytes = 0;
    image.layers.forEach((layer, i) => {
      key = key ? `${key} ${layer}` : layer;
      if (held.has(key) || counted.has(key)) return;
      counted.add(key);
      bytes += image.layerSizes![i] ?? 0;
    });
    freed.set(id, bytes);
  }
  const allKnown = known && order.every((id) => freed.get(id) !== null);
  return { freed, layersFreed: allKnown ? counted.size : null };
}

export interface HistoryRow {
  CreatedBy: string;
  Size: number;
  Comment?: string;
}

// Steps that record metadata only (classic builder: "#(nop) ENV …"; BuildKit: "ENV …").
const CLASSIC_METADATA = /#\(nop\)\s+(?!ADD|COPY)/;
const BUILDKIT_METADATA = /^(ENV|LABEL|CMD|ENTRYPOINT|EXPOSE|USER|VOLUME|STOPSIGNAL|HEALTHCHECK|SHELL|ARG|ONBUILD|MAINTAINER)\b/;

/**
 * The diff size of each layer, from GET /images/ID/history (newest first): rows with a size
 * are layers; rows without one are layers only when the count says some zero-byte layers
 * exist, and then metadata steps are taken as the empty ones. Null when the rows cannot
 * account for the layers.
 */
export function layerSizesFromHistory(history: readonly HistoryRow[], layerCount: number): number[] | null {
  const rows = [...history].reverse();
  const sized = rows.filter((r) => r.Size > 0).length;
  if (sized > layerCount) return null;
  let zeroLayers = layerCount - sized;
  const isLayer = rows.map((r) => r.Size > 0);
  const metadata = (r: HistoryRow): boolean => CLASSIC_METADATA.test(r.CreatedBy) || BUILDKIT_METADATA.test(r.CreatedBy.trim());
  // First the zero-byte rows that do something to the filesystem, oldest first; then any.
  for (const pass of [(r: HistoryRow) => !metadata(r), () => true]) {
    rows.forEach((row, i) => {
      if (zeroLayers > 0 && !isLayer[i] && pass(row)) {
        isLayer[i] = true;
        zeroLayers--;
      }
    });
  }
  if (zeroLayers > 0) return null;
  return rows.filter((_, i) => isLayer[i]).map((r) => Math.max(0, r.Size));
}
