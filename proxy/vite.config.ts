import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The proxy, built ahead of time into one plain JavaScript file for Node (dist/proxy/main.js): what
// `npm start` and the systemd service run, so no TypeScript compiler sits in the running process.
// Its few packages (http-proxy, ws) are bundled in: the service needs node and dist/, not node_modules.
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: here('./src/main.ts'),
    outDir: here('../dist/proxy'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    reportCompressedSize: false,
    rollupOptions: {
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      // Chunks (install-service's code) beside main.js: modules resolve the checkout from their own folder.
      output: { format: 'esm', entryFileNames: 'main.js', chunkFileNames: '[name]-[hash].js' },
    },
  },
  ssr: { target: 'node', noExternal: true },
});
