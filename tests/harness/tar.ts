// Tar archives for fixtures (image roots, build contexts, archive uploads), written by the PWA's own tar
// writer (web/src/console/tar.ts) with a fixed mtime, so archives are byte-identical between runs and layer
// digests stay stable.
import { writeTar, type TarEntry as WriterEntry } from '../../web/src/console/tar.ts';

export type TarEntry =
  | { type: 'file'; path: string; content: Buffer | string; mode?: number }
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'symlink'; path: string; target: string };

const MTIME = 1_700_000_000;

/** Builds a complete tar archive (with the two zero end blocks) in memory. */
export function createTar(entries: TarEntry[]): Buffer {
  const written = entries.map((e): WriterEntry => {
    const name = e.path.replace(/^\/+/, '');
    if (e.type === 'dir') return { name, type: 'dir', mode: e.mode ?? 0o755, mtime: MTIME };
    if (e.type === 'symlink') return { name, type: 'symlink', mode: 0o777, link: e.target, mtime: MTIME };
    return { name, type: 'file', mode: e.mode ?? 0o644, data: typeof e.content === 'string' ? Buffer.from(e.content) : e.content, mtime: MTIME };
  });
  return Buffer.from(writeTar(written));
}
