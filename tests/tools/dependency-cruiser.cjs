// The import rules of Porthole's layers (docs/architecture.md, "Layers"). `npm run lint:deps` checks them,
// and tests/tools/test.mjs runs that before any test suite, so a wrong-way import fails CI.
// Layers, bottom to top; a module imports its own layer or lower ones only:
//   pure       web/src/{engine,image,registry,containers,console,system,build,swarm,compose,phone,routes}
//              and the proxy's pure judge (proxy/src/hostAccess.ts, strictJson.ts): no DOM, Node or Solid
//   api        HTTP to the proxy            app      router signal, role, clock, offline store, query client
//   queries    TanStack Query keys, fetchers, mutations        streams  events, logs, stats lifetimes
//   components shared Solid components      views    the pages          shell    main.tsx, shell/, pwa/
// The proxy (proxy/src) may import the PWA's pure folders, never the rest of it. Paths are from the checkout's
// root (tests/tools/layers.mjs runs dependency-cruiser there with --config pointing here).
const PURE_FOLDERS = ['engine', 'image', 'registry', 'containers', 'console', 'system', 'build', 'swarm', 'compose', 'phone', 'routes'];
const PURE_PROXY = '^proxy/src/(hostAccess|strictJson)\\.ts$';
const PURE = `^web/src/(${PURE_FOLDERS.join('|')})/|${PURE_PROXY}`;
/** Pure packages the pure layer may use. */
const PURE_PACKAGES = '^node_modules/qrcode-generator/';
/** Tests and test helpers may use Node and vitest. */
const TESTS = '\\.test\\.tsx?$|^web/src/image/golden\\.ts$';

const LAYERS = [
  ['pure', PURE],
  ['api', '^web/src/api/'],
  ['app', '^web/src/app/'],
  ['queries', '^web/src/queries/'],
  ['streams', '^web/src/streams/'],
  ['components', '^web/src/components/'],
  ['views', '^web/src/views/'],
  ['shell', '^web/src/(shell|pwa)/|^web/src/main\\.tsx$'],
];

const upward = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `${name}-imports-up`,
  comment: `${name} may import only its own layer and those below it (${LAYERS.slice(0, i).map(([n]) => n).join(', ') || 'none'})`,
  severity: 'error',
  from: { path, pathNot: TESTS },
  to: { path: LAYERS.slice(i + 1).map(([, p]) => p).join('|') },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'pure-imports-impure',
      comment: 'the pure layer imports only pure modules and pure packages: no other web/src or proxy/src module, no Node built-in, no solid-js',
      severity: 'error',
      from: { path: PURE, pathNot: TESTS },
      to: { pathNot: `${PURE}|${PURE_PACKAGES}` },
    },
    {
      name: 'proxy-imports-pwa',
      comment: "the proxy may import the PWA's pure folders only",
      severity: 'error',
      from: { path: '^proxy/' },
      to: { path: '^web/', pathNot: PURE },
    },
    {
      name: 'pwa-imports-proxy',
      comment: "the PWA may import the proxy's pure judge only (hostAccess.ts, strictJson.ts)",
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^proxy/', pathNot: PURE_PROXY },
    },
    {
      name: 'folder-cycle',
      comment: 'folders import each other one way only',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(web|proxy)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|tests)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
