/**
 * A build context as the proxy accepts it: a plain ustar tar (console/tar.ts writes it) with
 * the Dockerfile first, then .dockerignore, then every file .dockerignore lets through, in
 * path order. A Dockerfile typed in the page replaces one in the folder (the proxy refuses a
 * second entry of the same name). Pure: files come in as bytes.
 */
import { writeTar, type TarEntry } from '../console/tar';
import { cleanPath, isIgnored, parseDockerignore } from './dockerignore';

export interface ContextFile {
  /** Path inside the context, "src/app.js". */
  path: string;
  data: Uint8Array;
  /** Seconds since the epoch. */
  mtime?: number;
  mode?: number;
}

export interface ContextPlan {
  /** In tar order: Dockerfile first. */
  entries: TarEntry[];
  /** Paths .dockerignore kept out. */
  ignored: string[];
  /** Bytes of file data in the context. */
  bytes: number;
}

/**
 * Paths picked with <input webkitdirectory> start with the folder's own name
 * ("app/src/x.js"): drop it when every path shares it, so the folder is the context.
 */
export function stripCommonRoot(paths: readonly string[]): string[] {
  const firsts = new Set(paths.map((p) => (p.includes('/') ? p.slice(0, p.indexOf('/')) : '')));
  if (firsts.size !== 1 || firsts.has('')) return paths.map(cleanPath);
  return paths.map((p) => cleanPath(p.slice(p.indexOf('/') + 1)));
}

const encoder = new TextEncoder();

export function planContext(files: readonly ContextFile[], dockerfile: { name: string; text: string | null }): ContextPlan {
  const name = cleanPath(dockerfile.name) || 'Dockerfile';
  const byPath = new Map<string, ContextFile>();
  for (const file of files) {
    const path = cleanPath(file.path);
    if (path !== '') byPath.set(path, { ...file, path });
  }
  const ignoreFile = byPath.get('.dockerignore');
  const patterns = ignoreFile ? parseDockerignore(new TextDecoder().decode(ignoreFile.data)) : [];
  const dockerfileData = dockerfile.text !== null ? encoder.encode(dockerfile.text) : (byPath.get(name)?.data ?? null);
  if (dockerfileData === null) throw new Error(`The context has no ${name}: type one, upload it, or pick a folder that holds it.`);
  const now = Math.floor(Date.now() / 1000);
  const entry = (path: string, data: Uint8Array, file?: ContextFile): TarEntry => ({
    name: path,
    type: 'file',
    mode: file?.mode ?? 0o644,
    data,
    mtime: file?.mtime ?? now,
  });
  const entries: TarEntry[] = [entry(name, dockerfileData, byPath.get(name))];
  if (ignoreFile) entries.push(entry('.dockerignore', ignoreFile.data, ignoreFile));
  const ignored: string[] = [];
  const rest = [...byPath.values()].filter((f) => f.path !== name && f.path !== '.dockerignore').sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const file of rest) {
    if (isIgnored(file.path, patterns)) ignored.push(file.path);
    else entries.push(entry(file.path, file.data, file));
  }
  return { entries, ignored, bytes: entries.reduce((total, e) => total + (e.data?.length ?? 0), 0) };
}

export function packContext(plan: ContextPlan): Uint8Array {
  return writeTar(plan.entries);
}

/** The query of POST /build: tag, build args, target, no-cache; `rm` keeps no intermediate containers. */
export function buildQuery(options: { tag: string; buildArgs: readonly string[]; target: string; noCache: boolean; dockerfile: string; labels?: Record<string, string> }): Record<string, string> {
  const query: Record<string, string> = { rm: '1', forcerm: '1' };
  const name = cleanPath(options.dockerfile) || 'Dockerfile';
  if (name !== 'Dockerfile') query['dockerfile'] = name;
  if (options.tag.trim()) query['t'] = options.tag.trim();
  if (options.target.trim()) query['target'] = options.target.trim();
  if (options.noCache) query['nocache'] = '1';
  const args: Record<string, string> = {};
  for (const line of options.buildArgs) {
    const text = line.trim();
    if (!text) continue;
    const eq = text.indexOf('=');
    if (eq > 0) args[text.slice(0, eq).trim()] = text.slice(eq + 1);
  }
  if (Object.keys(args).length) query['buildargs'] = JSON.stringify(args);
  if (options.labels && Object.keys(options.labels).length) query['labels'] = JSON.stringify(options.labels);
  return query;
}
