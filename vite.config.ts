import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';

// Paths are resolved from this file so the config works whatever the cwd is.
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// The proxy that `npm run dev` talks to. changeOrigin stays false: the proxy compares
// Origin with Host on WebSocket upgrades, and both must keep the dev server's values.
const devProxy = { target: 'https://127.0.0.1:9443', secure: false, ws: true, changeOrigin: false };

export default defineConfig({
  root: here('./web'),
  publicDir: here('./public'),
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': devProxy,
      '/auth': devProxy,
      '/ca.crt': devProxy,
      '/phone.json': devProxy,
    },
  },
  plugins: [
    solid(),
    VitePWA({
      registerType: 'prompt',
      // web/src/pwa/register.ts registers the worker itself (workbox-window), so the
      // update prompt lives in the app.
      injectRegister: null,
      filename: 'sw.js',
      manifest: {
        name: 'Porthole',
        short_name: 'Porthole',
        description: 'A window onto your Docker engines',
        lang: 'en',
        theme_color: '#0b2239',
        background_color: '#0b1724',
        display: 'standalone',
        start_url: './',
        scope: './',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
        ],
      },
      workbox: {
        // Only the app shell is precached. There is no runtimeCaching on purpose: requests
        // to /api/ and /auth/ never get a service-worker route, so engine data and session
        // answers are never cached by the worker (and streams are not relayed through it).
        globPatterns: ['**/*.{js,css,html,svg,png,woff2,webmanifest}'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/auth\//, /^\/ca\.crt$/],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
});
