/** Image references: [registry[:port]/]path[:tag][@digest]. */

export interface ImageReference {
  repository: string;
  tag: string | null;
  digest: string | null;
}

/**
 * Splits a reference. The tag is after the last ':' that follows the last '/', so a
 * registry port is never read as a tag: 127.0.0.1:5000/a/b:1.0 → 127.0.0.1:5000/a/b + 1.0.
 */
export function parseReference(reference: string): ImageReference {
  const at = reference.indexOf('@');
  const name = at === -1 ? reference : reference.slice(0, at);
  const digest = at === -1 ? null : reference.slice(at + 1) || null;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    return { repository: name.slice(0, colon), tag: name.slice(colon + 1) || null, digest };
  }
  return { repository: name, tag: null, digest };
}

export const NONE = '<none>';

/** True for the placeholders older engines send for untagged images. */
export function isNoneReference(reference: string): boolean {
  return reference === '<none>:<none>' || reference === '<none>@<none>';
}
