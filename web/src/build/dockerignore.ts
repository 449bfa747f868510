/**
 * .dockerignore as the engine's builder reads it (moby/patternmatcher): one pattern a line,
 * `#` comments, `!` exceptions, the last matching line wins, `*` `?` `[…]` within one path
 * segment, `**` across any number of them, and a pattern that matches a directory excludes
 * what is inside it. The Dockerfile and .dockerignore are sent anyway (the builder needs them).
 */

export interface IgnorePattern {
  text: string;
  exclusion: boolean;
  regexp: RegExp;
}

/** `a/./b/../c/` → `a/c`; leading `/` and `./` dropped. */
export function cleanPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

function compile(pattern: string): RegExp {
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        // `**/` matches zero or more whole directories; a trailing `**` anything.
        if (pattern[i + 1] === '/') {
          i++;
          source += '(?:.*/)?';
        } else source += '.*';
      } else source += '[^/]*';
    } else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) source += '\\[';
      else {
        let cls = pattern.slice(i + 1, end);
        if (cls.startsWith('!') || cls.startsWith('^')) cls = `^${cls.slice(1)}`;
        source += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (ch === '\\' && i + 1 < pattern.length) {
      i++;
      source += (pattern[i] ?? '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`${source}$`);
}

export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const exclusion = line.startsWith('!');
    if (exclusion) line = line.slice(1).trim();
    const cleaned = cleanPath(line);
    if (cleaned === '') continue;
    patterns.push({ text: raw.trim(), exclusion, regexp: compile(cleaned) });
  }
  return patterns;
}

/** The path and every directory above it: a/b/c → a, a/b, a/b/c. */
function withParents(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** True when `path` (relative to the context) stays out of the build context. */
export function isIgnored(path: string, patterns: readonly IgnorePattern[]): boolean {
  const clean = cleanPath(path);
  const candidates = withParents(clean);
  let ignored = false;
  for (const pattern of patterns) {
    if (candidates.some((candidate) => pattern.regexp.test(candidate))) ignored = !pattern.exclusion;
  }
  return ignored;
}
