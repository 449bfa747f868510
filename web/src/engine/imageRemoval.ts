/**
 * What DELETE /images/{name} will do, decided before asking, by the engine's own rules
 * (moby daemon/images/image_delete.go):
 * - By tag: the tag goes. When it was the image's only reference and a container uses the image,
 *   the engine refuses unless forced (it would leave the image untagged). Once no reference is
 *   left, the image itself goes too, quietly kept when a container still uses it (a stopped one
 *   only without force) or images were built on it.
 * - By id: an image with several tags (or repositories) is refused unless forced. A running
 *   container using it, or images built on it, refuse it even when forced; a stopped container
 *   only without force.
 * - Deleting an image also deletes its untagged, unused parents (from older builds) unless
 *   `noprune`.
 * Several removals are planned in order on one simulated state: removing both tags of an image
 * untags the first and deletes the image with the second, as the engine then does.
 */
import { containerName } from './containers';
import { isNoneReference, parseReference } from './reference';
import { shortId } from './images';
import type { ContainerSummary, ImageSummary } from './types';

export interface RemovalChoices {
  /** `force`: also untag every tag, and remove it although stopped containers use it. */
  force: boolean;
  /** `noprune`: keep untagged parent images. */
  noprune: boolean;
}

export type RemovalTarget =
  /** One tag: DELETE /images/REPO:TAG (`docker rmi REPO:TAG`, untag). */
  | { kind: 'tag'; ref: string; imageId: string }
  /** The image with all its tags: DELETE /images/ID. */
  | { kind: 'image'; imageId: string };

export interface ImageUser {
  id: string;
  name: string;
  state: string;
  running: boolean;
}

export interface RemovalStep {
  target: RemovalTarget;
  /** What goes in the DELETE path: the tag, or the image id. */
  name: string;
  /** The tag, or the short id, for people. */
  label: string;
  outcome: 'untag' | 'delete' | 'refused';
  /** Tags and digests the engine removes. */
  untagged: string[];
  /** Image ids the engine deletes: this one and the untagged parents that go with it. */
  deleted: string[];
  /** Containers using the image, running or not. */
  users: ImageUser[];
  /** Plain words: what happens, or why the engine will refuse. */
  explanation: string;
  /** Refused now, but `force` would do it. */
  forceHelps: boolean;
}

interface ImageState {
  id: string;
  parent: string;
  refs: string[];
  size: number;
}

const realRefs = (list: readonly string[] | null | undefined): string[] => (list ?? []).filter((ref) => !isNoneReference(ref));
const isDigestRef = (ref: string): boolean => ref.includes('@');
const repositoryOf = (ref: string): string => parseReference(ref).repository;
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The containers that use each image (by image id), stopped ones included. */
export function imageUsers(containers: readonly ContainerSummary[]): Map<string, ImageUser[]> {
  const byImage = new Map<string, ImageUser[]>();
  for (const c of containers) {
    const list = byImage.get(c.ImageID) ?? [];
    list.push({ id: c.Id, name: containerName(c.Names) || shortId(c.Id), state: c.State, running: c.State === 'running' || c.State === 'paused' || c.State === 'restarting' });
    byImage.set(c.ImageID, list);
  }
  return byImage;
}

/** At most one tag, and every reference in one repository: the engine's "single reference". */
function isSingleReference(refs: readonly string[]): boolean {
  const tags = refs.filter((ref) => !isDigestRef(ref));
  return tags.length <= 1 && new Set(refs.map(repositoryOf)).size <= 1;
}

function names(users: readonly ImageUser[]): string {
  return users.map((u) => `${u.name} (${u.state})`).join(', ');
}

/** Plans removals in order; each step sees what the ones before it did. */
export function planImageRemovals(
  targets: readonly RemovalTarget[],
  images: readonly ImageSummary[],
  containers: readonly ContainerSummary[],
  choices: RemovalChoices,
): RemovalStep[] {
  const state = new Map<string, ImageState>();
  for (const image of images) {
    state.set(image.Id, { id: image.Id, parent: image.ParentId ?? '', refs: [...realRefs(image.RepoTags), ...realRefs(image.RepoDigests)], size: image.Size });
  }
  const users = imageUsers(containers);
  const usersOf = (id: string): ImageUser[] => users.get(id) ?? [];
  const childrenOf = (id: string): ImageState[] => [...state.values()].filter((image) => image.parent === id);

  /** The engine's conflict check: a reason, or null when the image may go. */
  const conflict = (image: ImageState, force: boolean, countRefs: boolean): { reason: string; soft: boolean } | null => {
    const running = usersOf(image.id).filter((u) => u.running);
    if (running.length) return { reason: `it is used by running ${running.length === 1 ? 'container' : 'containers'} ${names(running)}: stop and remove ${running.length === 1 ? 'it' : 'them'} first`, soft: false };
    const children = childrenOf(image.id);
    if (children.length) return { reason: `${plural(children.length, 'image')} ${children.length === 1 ? 'was' : 'were'} built on top of it (${children.map((c) => c.refs[0] ?? shortId(c.id)).join(', ')})`, soft: false };
    if (force) return null;
    const stopped = usersOf(image.id);
    if (stopped.length) return { reason: `stopped ${stopped.length === 1 ? 'container' : 'containers'} ${names(stopped)} ${stopped.length === 1 ? 'uses' : 'use'} it`, soft: true };
    if (countRefs && image.refs.length) return { reason: `it has ${plural(image.refs.filter((r) => !isDigestRef(r)).length, 'tag')} (${image.refs.filter((r) => !isDigestRef(r)).join(', ')})`, soft: true };
    return null;
  };

  /** Deletes the image and, unless noprune, its untagged unused parents; returns their ids. */
  const remove = (image: ImageState): string[] => {
    const deleted = [image.id];
    state.delete(image.id);
    let parentId = image.parent;
    while (!choices.noprune && parentId) {
      const parent = state.get(parentId);
      if (!parent || parent.refs.length || usersOf(parent.id).length || childrenOf(parent.id).length) break;
      deleted.push(parent.id);
      state.delete(parent.id);
      parentId = parent.parent;
    }
    return deleted;
  };

  return targets.map((target): RemovalStep => {
    const image = state.get(target.imageId);
    const name = target.kind === 'tag' ? target.ref : target.imageId;
    const label = target.kind === 'tag' ? target.ref : shortId(target.imageId);
    const imageUsersNow = usersOf(target.imageId);
    const base = { target, name, label, users: imageUsersNow, untagged: [] as string[], deleted: [] as string[], forceHelps: false };
    if (!image) return { ...base, outcome: 'refused', explanation: 'The engine no longer holds this image (removed already).' };
    if (target.kind === 'tag') {
      if (!image.refs.includes(target.ref)) return { ...base, outcome: 'refused', explanation: `The image is no longer tagged ${target.ref}.` };
      if (!choices.force && isSingleReference(image.refs) && imageUsersNow.length) {
        return {
          ...base,
          outcome: 'refused',
          forceHelps: true,
          explanation: `${target.ref} is the image's only name and ${names(imageUsersNow)} ${imageUsersNow.length === 1 ? 'uses' : 'use'} it: the engine refuses to leave it untagged unless forced.`,
        };
      }
      const untagged = [target.ref];
      image.refs = image.refs.filter((ref) => ref !== target.ref);
      const repo = repositoryOf(target.ref);
      // The last tag of a repository takes that repository's digests with it.
      if (!image.refs.some((ref) => !isDigestRef(ref) && repositoryOf(ref) === repo)) {
        untagged.push(...image.refs.filter((ref) => isDigestRef(ref) && repositoryOf(ref) === repo));
        image.refs = image.refs.filter((ref) => !(isDigestRef(ref) && repositoryOf(ref) === repo));
      }
      if (image.refs.length) {
        const still = image.refs.filter((r) => !isDigestRef(r));
        return { ...base, outcome: 'untag', untagged, explanation: `Only the tag goes; the image stays${still.length ? `, still tagged ${still.join(', ')}` : ''}.` };
      }
      const kept = conflict(image, choices.force, false);
      if (kept) return { ...base, outcome: 'untag', untagged, explanation: `The tag goes; the image stays, untagged, because ${kept.reason}.` };
      const deleted = remove(image);
      return { ...base, outcome: 'delete', untagged, deleted, explanation: deleteWords(deleted) };
    }
    // By id.
    const single = isSingleReference(image.refs);
    const found = conflict(image, choices.force, !single);
    if (found) {
      return { ...base, outcome: 'refused', forceHelps: found.soft, explanation: `The engine refuses${found.soft ? ' unless forced' : ', even forced'}: ${found.reason}.` };
    }
    const untagged = [...image.refs];
    image.refs = [];
    const deleted = remove(image);
    return { ...base, outcome: 'delete', untagged, deleted, explanation: `${untagged.length ? `Its ${plural(untagged.filter((r) => !isDigestRef(r)).length, 'tag')} go${untagged.filter((r) => !isDigestRef(r)).length === 1 ? 'es' : ''}. ` : ''}${deleteWords(deleted)}` };
  });
}

function deleteWords(deleted: readonly string[]): string {
  const parents = deleted.length - 1;
  return `The image is deleted with its layers that no other image uses${parents ? `, and ${plural(parents, 'untagged parent image')}` : ''}.`;
}

/** What the person reads before saying yes: one line per step, and the containers that use them. */
export function removalLost(steps: readonly RemovalStep[]): string[] {
  return steps.map((step) => `${step.label}: ${step.explanation}`);
}

/** One image can be named by a tag or by its id; a list row of an untagged image is its id. */
export function targetForRow(row: { id: string; repoTag: string; dangling: boolean }): RemovalTarget {
  return row.dangling || row.repoTag.endsWith(':<none>') ? { kind: 'image', imageId: row.id } : { kind: 'tag', ref: row.repoTag, imageId: row.id };
}

/** DELETE /images answers what it did: `[{Untagged}|{Deleted}]`. */
export interface ImageDeleteItem {
  Untagged?: string;
  Deleted?: string;
}

export function describeDeleteResponse(items: readonly ImageDeleteItem[] | null): string {
  const list = items ?? [];
  const untagged = list.flatMap((i) => (i.Untagged ? [i.Untagged] : []));
  const deleted = list.filter((i) => i.Deleted).length;
  const parts = [];
  if (untagged.length) parts.push(`untagged ${untagged.join(', ')}`);
  if (deleted) parts.push(`deleted the image${deleted > 1 ? ` and ${plural(deleted - 1, 'layer')}` : ''}`);
  return parts.length ? parts.join('; ') : 'nothing changed';
}
