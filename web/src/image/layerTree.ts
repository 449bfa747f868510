/**
 * Every local image in one tree, by layers: a node is a chain id (a layer and all below it),
 * so a shared base shows once with the images built on it below. `ParentId` is not used: it
 * is empty for pulled images.
 *
 * Only nodes worth showing are kept: the top of an image, and points where images fork. The
 * layers between two kept nodes ride on the edge into the lower one (`layers`).
 */
import { formatBytes } from '../engine/units';
import { shortId } from '../engine/images';
import { chainIds } from './chainId';

export interface TreeImage {
  id: string;
  /** Real tags only (no `<none>:<none>`). */
  tags: string[];
  /** GET /images/json Size: all its layers. */
  size: number;
  /** RootFS.Layers, base first. */
  diffIds: string[];
  /** Size of each layer from the image's history, or null when it does not match the layers. */
  layerSizes: number[] | null;
}

export interface TreeLayer {
  diffId: string;
  chainId: string;
  size: number | null;
}

export interface LayerNode {
  /** The chain id of the node's top layer ('' for images without layers). */
  key: string;
  /** Layers this node adds on top of its parent node, base first. */
  layers: TreeLayer[];
  /** Number of layers from the root to this node, inclusive. */
  depth: number;
  /** Images whose top layer this is (several when they differ only in config). */
  images: TreeImage[];
  children: LayerNode[];
  /** Bytes of this node's own layers. */
  ownSize: number | null;
  /** Bytes below it, shared with every image on this branch (the parent node's total). */
  sharedSize: number;
  totalSize: number | null;
  /** Images at this node and below it. */
  imageCount: number;
}

export interface LayerTree {
  roots: LayerNode[];
  imageCount: number;
  /** Bytes of all distinct layers (what the images take on disk together). */
  uniqueBytes: number | null;
}

/** Chain ids for every image (async: Web Crypto), then the tree. */
export async function buildLayerTree(images: readonly TreeImage[]): Promise<LayerTree> {
  const chains = await Promise.all(images.map((image) => chainIds(image.diffIds)));
  return assembleLayerTree(images.map((image, i) => ({ image, chain: chains[i] ?? [] })));
}

interface Draft {
  key: string;
  layer: TreeLayer | null;
  parent: Draft | null;
  children: Map<string, Draft>;
  images: TreeImage[];
}

/** The tree from images with their chain ids already computed. */
export function assembleLayerTree(input: readonly { image: TreeImage; chain: readonly string[] }[]): LayerTree {
  const top: Draft = { key: 'root', layer: null, parent: null, children: new Map(), images: [] };
  const sizes = new Map<string, number>();
  for (const { image, chain } of input) {
    let node = top;
    chain.forEach((chainId, i) => {
      const size = image.layerSizes?.[i];
      if (size !== undefined && !sizes.has(chainId)) sizes.set(chainId, size);
      let child = node.children.get(chainId);
      if (!child) {
        child = { key: chainId, layer: { diffId: image.diffIds[i] ?? '', chainId, size: null }, parent: node, children: new Map(), images: [] };
        node.children.set(chainId, child);
      }
      node = child;
    });
    if (chain.length === 0) {
      let empty = top.children.get('');
      if (!empty) {
        empty = { key: '', layer: null, parent: top, children: new Map(), images: [] };
        top.children.set('', empty);
      }
      node = empty;
    }
    node.images.push(image);
  }

  const finish = (draft: Draft, pending: TreeLayer[], depth: number, parentTotal: number): LayerNode[] => {
    const layer = draft.layer ? { ...draft.layer, size: sizes.get(draft.layer.chainId) ?? null } : null;
    const layers = layer ? [...pending, layer] : pending;
    const kept = draft.images.length > 0 || draft.children.size !== 1;
    if (!kept) {
      const [only] = draft.children.values();
      return only ? finish(only, layers, depth + 1, parentTotal) : [];
    }
    const known = layers.every((l) => l.size !== null);
    const layerBytes = layers.reduce((sum, l) => sum + (l.size ?? 0), 0);
    const imageSize = draft.images[0]?.size;
    const totalSize = known ? parentTotal + layerBytes : imageSize ?? null;
    const node: LayerNode = {
      key: draft.key,
      layers,
      depth,
      images: [...draft.images].sort(compareImages),
      children: [],
      ownSize: totalSize === null ? null : totalSize - parentTotal,
      sharedSize: parentTotal,
      totalSize,
      imageCount: 0,
    };
    node.children = [...draft.children.values()].flatMap((child) => finish(child, [], depth + 1, totalSize ?? parentTotal)).sort(compareNodes);
    node.imageCount = node.images.length + node.children.reduce((sum, child) => sum + child.imageCount, 0);
    return [node];
  };
  const roots = [...top.children.values()].flatMap((child) => finish(child, [], child.key === '' ? 0 : 1, 0)).sort(compareNodes);
  const allKnown = input.every(({ chain }) => chain.every((id) => sizes.has(id)));
  const uniqueBytes = allKnown ? [...sizes.values()].reduce((sum, size) => sum + size, 0) : null;
  return { roots, imageCount: input.length, uniqueBytes };
}

function imageLabel(image: TreeImage): string {
  return image.tags[0] ?? `~${image.id}`;
}

function compareImages(a: TreeImage, b: TreeImage): number {
  const la = imageLabel(a);
  const lb = imageLabel(b);
  return la < lb ? -1 : la > lb ? 1 : 0;
}

/** Nodes with images first by their first tag; fork points without images after them. */
function compareNodes(a: LayerNode, b: LayerNode): number {
  const la = a.images[0] ? imageLabel(a.images[0]) : `~~${a.key}`;
  const lb = b.images[0] ? imageLabel(b.images[0]) : `~~${b.key}`;
  return la < lb ? -1 : la > lb ? 1 : 0;
}

/** Path from a root to the node with `key`, or null. */
export function findPath(roots: readonly LayerNode[], key: string): LayerNode[] | null {
  for (const root of roots) {
    if (root.key === key) return [root];
    const below = findPath(root.children, key);
    if (below) return [root, ...below];
  }
  return null;
}

/** What the tree's search matches: tags, image ids and layer ids. */
export function nodeMatches(node: LayerNode, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  const id = (value: string): boolean => value.toLowerCase().replace(/^sha256:/, '').startsWith(needle.replace(/^sha256:/, ''));
  return (
    node.images.some((image) => image.tags.some((tag) => tag.toLowerCase().includes(needle)) || id(image.id)) ||
    node.layers.some((layer) => id(layer.diffId) || id(layer.chainId))
  );
}

export interface ImageComparison {
  /** Layers both images have, base first (the same chain ids). */
  shared: string[];
  onlyA: string[];
  onlyB: string[];
  /** Layers in common before they fork (= shared.length). */
  forkAt: number;
  /** One image is built on the other. */
  relation: 'same' | 'a-contains-b' | 'b-contains-a' | 'fork' | 'unrelated';
}

/**
 * Which layers two images share and where they fork. Chain ids are equal exactly when the
 * diff ids up to that layer are, so comparing diff id prefixes is comparing chain ids.
 */
export function compareImageLayers(a: readonly string[], b: readonly string[]): ImageComparison {
  let forkAt = 0;
  while (forkAt < a.length && forkAt < b.length && a[forkAt] === b[forkAt]) forkAt++;
  const relation =
    forkAt === a.length && forkAt === b.length
      ? 'same'
      : forkAt === b.length
        ? 'a-contains-b'
        : forkAt === a.length
          ? 'b-contains-a'
          : forkAt === 0
            ? 'unrelated'
            : 'fork';
  return { shared: a.slice(0, forkAt), onlyA: a.slice(forkAt), onlyB: b.slice(forkAt), forkAt, relation };
}

/** A node's name: its tags, else its image's short id, else the fork's layer. */
export function nodeTitle(node: LayerNode): string {
  const tags = node.images.flatMap((image) => (image.tags.length > 0 ? image.tags : [`<untagged ${shortId(image.id)}>`]));
  if (tags.length > 0) return tags.join(', ');
  return node.key === '' ? '<no layers>' : `<shared layers ${shortId(node.key)}>`;
}

/** One line of the tree as text: title, layers added, own and shared bytes, images below. */
export function nodeSummary(node: LayerNode): string {
  const count = node.layers.length;
  const parts = [
    node.depth === count ? `${count} ${count === 1 ? 'layer' : 'layers'}` : `+${count} ${count === 1 ? 'layer' : 'layers'}`,
    `own ${node.ownSize === null ? '?' : formatBytes(node.ownSize)}`,
  ];
  if (node.sharedSize > 0) parts.push(`shares ${formatBytes(node.sharedSize)}`);
  if (node.imageCount > 1) parts.push(`${node.imageCount} images`);
  return `${nodeTitle(node)}  (${parts.join(', ')})`;
}
