// Stylesheets other than the global ones load with the view that imports them (Vite splits CSS by chunk).
// A component that relies on its page to load its classes is unstyled wherever else it is used, or when
// that page is not the first opened: each component imports the sheets that define the classes it uses.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';

const SRC = resolve(import.meta.dirname, '..');
const STYLES = join(SRC, 'styles');

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
const cssImports = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^import\s+['"]([^'"]+\.css)['"]/gm)].map((m) => resolve(dirname(file), m[1]!));
const classesOf = (css: string): Set<string> => new Set([...readFileSync(css, 'utf8').matchAll(/\.([a-zA-Z][\w-]*)/g)].map((m) => m[1]!));

const globalSheets = cssImports(join(SRC, 'main.tsx'));
const globalClasses = new Set(globalSheets.flatMap((css) => [...classesOf(css)]));
const sheets = readdirSync(STYLES)
  .filter((f) => f.endsWith('.css'))
  .map((f) => join(STYLES, f))
  .filter((css) => !globalSheets.includes(css))
  .map((css) => ({ css, classes: classesOf(css) }));

/** Class names written literally in class="…" / class={`…`} / classList={{ 'a': … }}. */
function usedClasses(source: string): Set<string> {
  const used = new Set<string>();
  for (const m of source.matchAll(/class=(?:\{\s*)?["'`]([^"'`]*)["'`]/g)) for (const t of m[1]!.split(/\s+/)) if (/^[a-z][\w-]*$/.test(t)) used.add(t);
  for (const m of source.matchAll(/classList=\{\{([^}]*)\}\}/g)) for (const k of m[1]!.matchAll(/['"]([a-z][\w-]*)['"]\s*:/g)) used.add(k[1]!);
  return used;
}

describe('each component imports the stylesheets its classes come from', () => {
  const components = files(SRC).filter((f) => f.endsWith('.tsx'));
  test.each(components.map((f) => [relative(SRC, f), f]))('%s', (_name, file) => {
    const imported = new Set(cssImports(file));
    const missing: string[] = [];
    for (const name of usedClasses(readFileSync(file, 'utf8'))) {
      if (globalClasses.has(name)) continue;
      const from = sheets.filter((s) => s.classes.has(name));
      if (from.length && !from.some((s) => imported.has(s.css))) missing.push(`${name} (${from.map((s) => relative(SRC, s.css)).join(' or ')})`);
    }
    expect(missing).toEqual([]);
  });
});
