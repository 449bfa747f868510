// `npm test`: everything a fresh Debian machine needs, then every suite against real parts
// (a private dockerd in its own network namespace, Debian's docker-registry, Debian's chromium),
// then the unit tests and the built proxy's integration tests again under the other supported Node.js
// (24, the current LTS, when this one is older; the minimum, 20, when this one is 24 or newer).
// PORTHOLE_OTHER_NODE=0 skips that second pass.
import { ensureBuilt, ensureNodeModules, must } from '../../proxy/bin/build.mjs';
import { LAYER_TSCONFIGS } from './layers.mjs';
import { otherNode } from './otherNode.mjs';

if (process.getuid?.() !== 0) {
  console.error('npm test must run as root: it starts a private dockerd in its own network namespace (try: sudo npm test).');
  process.exit(1);
}
must('node', ['tests/tools/ensure-deps.mjs']);
ensureNodeModules();
// The fast checks first: the linter (tests/tools/biome.jsonc), every layer's tsconfig, the import rules (tests/tools/layers.mjs).
must('npx', ['biome', 'lint', '--config-path', 'tests/tools/biome.jsonc', '--error-on-warnings']);
for (const config of LAYER_TSCONFIGS) must('npx', ['tsc', '-p', config, '--noEmit']);
must('node', ['tests/tools/layers.mjs']);
ensureBuilt();
must('npx', ['vitest', 'run', ...process.argv.slice(2)]);

const whole = process.argv.length <= 2;
if (whole && process.env.PORTHOLE_OTHER_NODE !== '0') {
  const major = Number(process.versions.node.split('.')[0]) >= 24 ? '20' : '24';
  const node = otherNode(major);
  const vitest = ['node_modules/vitest/vitest.mjs', 'run'];
  console.log(`\n[test] again under Node.js ${major} (${node}): unit tests, then the built proxy's integration tests`);
  must(node, [...vitest, '--project', 'unit']);
  must(node, [...vitest, 'tests/proxy/runtime.test.ts', 'tests/proxy/api.test.ts']);
}
