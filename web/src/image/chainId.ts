/**
 * Chain ids, as the image spec defines them: one id for a layer *and everything under it*.
 * ChainID(L0) = L0; ChainID(L0..n) = sha256(ChainID(L0..n-1) + " " + Ln).
 * Two images share a node of the layer tree exactly when they share a chain id.
 */

/** "sha256:<hex>" of a UTF-8 string, with Web Crypto (browsers and Node ≥ 20 alike). */
export async function sha256Digest(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `sha256:${hex}`;
}

/** The chain id of every prefix of `diffIds` (base first): result[i] names layers 0..i. */
export async function chainIds(diffIds: readonly string[]): Promise<string[]> {
  const result: string[] = [];
  let previous: string | null = null;
  for (const diffId of diffIds) {
    const next: string = previous === null ? diffId : await sha256Digest(`${previous} ${diffId}`);
    result.push(next);
    previous = next;
  }
  return result;
}
