// The layer checks must fail on a wrong-way import: each rule is planted once in a tiny tree and must be
// reported, while the same tree without the plants passes. The tsconfigs must refuse the platform a layer
// may not use.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs tool without types
import { cruise } from './layers.mjs';

const ROOT = join(import.meta.dirname, '../..');
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` into a fresh directory (below the checkout's node_modules when `inside`, so packages resolve). */
function tree(files: Record<string, string>, inside = false): string {
  const base = inside ? join(ROOT, 'node_modules/.cache') : tmpdir();
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'porthole-layers-'));
  temps.push(dir);
  for (const [path, text] of Object.entries({ 'tsconfig.json': '{"compilerOptions":{"module":"ESNext","moduleResolution":"Bundler"}}', ...files })) {
    mkdirSync(join(dir, dirname(path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A small house in Porthole's shape, every import the right way. */
const CLEAN = {
  'web/src/engine/rows.ts': 'export const rows = 1;\n',
  'web/src/image/tree.ts': "import { rows } from '../engine/rows';\nexport const tree = rows;\n",
  'web/src/api/http.ts': "import { rows } from '../engine/rows';\nexport const http = rows;\n",
  'web/src/components/List.ts': "import { http } from '../api/http';\nexport const List = http;\n",
  'web/src/views/page/Page.ts': "import { List } from '../../components/List';\nimport { tree } from '../../image/tree';\nexport const Page = List + tree;\n",
  'web/src/shell/Shell.ts': "import { Page } from '../views/page/Page';\nexport const Shell = Page;\n",
  'proxy/src/server.ts': "import { tree } from '../../web/src/image/tree';\nexport const server = tree;\n",
};

// dependency-cruiser takes seconds to start on a busy machine.
describe('dependency rules', { timeout: 120_000 }, () => {
  test('a tree with every import the right way passes', () => {
    const { status, output } = cruise(tree(CLEAN));
    expect(output).toContain('no dependency violations');
    expect(status).toBe(0);
  });

  test('each planted wrong-way import is reported by its rule', () => {
    const { status, output } = cruise(
      tree({
        ...CLEAN,
        // a pure folder reaching up into a view
        'web/src/engine/rows.ts': "import { Page } from '../views/page/Page';\nexport const rows = Page;\n",
        // a pure folder using Node
        'web/src/image/tree.ts': "import { readFileSync } from 'node:fs';\nexport const tree = readFileSync;\n",
        // a shared component importing the shell
        'web/src/components/List.ts': "import { Shell } from '../shell/Shell';\nexport const List = Shell;\n",
        // the proxy importing the PWA's HTTP client
        'proxy/src/server.ts': "import { http } from '../../web/src/api/http';\nexport const server = http;\n",
        // two pure folders importing each other
        'web/src/registry/a.ts': "import { b } from '../system/b';\nexport const a = b;\n",
        'web/src/system/b.ts': "export const b = 1;\nexport { a } from '../registry/a';\n",
      }),
    );
    expect(status).not.toBe(0);
    for (const rule of ['pure-imports-up', 'pure-imports-impure', 'components-imports-up', 'proxy-imports-pwa', 'folder-cycle']) {
      expect(output).toContain(rule);
    }
    expect(output).toMatch(/pure-imports-impure: web\/src\/image\/tree\.ts → (node:)?fs/);
  });

});

const PROBES = {
  'web.ts': 'export const text = new TextDecoder().decode(new Uint8Array(1)) + new URL("http://a").host;\n',
  'dom.ts': 'export const title = document.title;\n',
  'node.ts': 'export const cwd = process.cwd();\n',
};

/** Per probe file, the errors of compiling it under a layer's tsconfig (its options, not its file list). */
function compile(config: string): Record<keyof typeof PROBES, string> {
  const dir = tree(PROBES, true);
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!parsed) throw new Error(`cannot read ${config}`);
  const names = Object.keys(PROBES) as (keyof typeof PROBES)[];
  const program = ts.createProgram(names.map((name) => join(dir, name)), parsed.options);
  const global = ts.getPreEmitDiagnostics(program).filter((d) => !d.file);
  expect(global.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  const errors = (name: string) =>
    ts.getPreEmitDiagnostics(program, program.getSourceFile(join(dir, name))).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n');
  return { 'web.ts': errors('web.ts'), 'dom.ts': errors('dom.ts'), 'node.ts': errors('node.ts') };
}

describe('layer tsconfigs', { timeout: 120_000 }, () => {
  test('the pure layer has the common web APIs but no DOM and no Node', () => {
    const errors = compile('tests/tools/tsconfig.pure.json');
    expect(errors['web.ts']).toBe('');
    expect(errors['dom.ts']).toContain("Cannot find name 'document'");
    expect(errors['node.ts']).toContain("Cannot find name 'process'");
  });

  test('the PWA has DOM but no Node', () => {
    const errors = compile('tests/tools/tsconfig.web.json');
    expect(errors['dom.ts']).toBe('');
    expect(errors['node.ts']).toContain("Cannot find name 'process'");
  });

  test('the proxy has Node but no DOM', () => {
    const errors = compile('tests/tools/tsconfig.proxy.json');
    expect(errors['node.ts']).toBe('');
    expect(errors['dom.ts']).toContain("Cannot find name 'document'");
  });
});
