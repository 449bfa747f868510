/**
 * The files page's transfers as data: the name a download is saved under, what the status line says while
 * bytes move, the tar entries an upload sends, and when a folder's listing stops reading. Pure: the page's
 * HTTP is queries/containerArchive.ts.
 */
import type { TarEntry } from '../console/tar';
import { formatBytes } from '../engine/units';

/** A folder's listing stops reading after this many bytes of tar (file data included): big trees are shown partly. */
export const LIST_BUDGET = 64 * 1024 * 1024;

/** The name a path downloads under: its last part, "root" for `/`. */
export function downloadName(path: string): string {
  return path === '/' ? 'root' : (path.split('/').pop() ?? 'download');
}

/** The status line while a download streams; `size` (from the path's stat) when known. */
export function downloadProgressText(name: string, received: number, size: number | null): string {
  return `Downloading ${name}: ${formatBytes(received)}${size ? ` of about ${formatBytes(size)}` : ''}…`;
}

/** The status line while an upload goes. */
export function uploadProgressText(names: string, sent: number, total: number): string {
  return `Uploading ${names}: ${Math.round((sent / (total || 1)) * 100)}% of ${formatBytes(total)}`;
}

export interface PickedFile {
  name: string;
  data: Uint8Array;
  /** Milliseconds, as File.lastModified (0 when the browser does not know). */
  lastModified: number;
}

/** The tar entries that put picked files into a folder: mode 0644, their own mtime (or `now`, seconds). */
export function uploadEntries(files: readonly PickedFile[], now: number): TarEntry[] {
  return files.map((file) => ({ name: file.name, type: 'file', mode: 0o644, data: file.data, mtime: Math.floor(file.lastModified / 1000) || now }));
}

/** Why an upload failed, from what went wrong: the network, the engine's or proxy's refusal, or anything else. */
export function uploadFailureText(failure: { kind: 'network' } | { kind: 'refused'; status: number; message: string } | { kind: 'other'; message: string }): string {
  if (failure.kind === 'network') return 'The upload did not reach the proxy: check the connection and try again.';
  if (failure.kind === 'refused') return `Upload refused (${failure.status}): ${failure.message}. A read-only root filesystem or a missing folder refuses uploads.`;
  return `Upload failed: ${failure.message}`;
}
