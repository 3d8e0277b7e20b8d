import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const libs = fileURLToPath(new URL('../../libs', import.meta.url));

// The dev server (npx vite apps/web) proxies the APIs as the gateway does, to a running `npm start`.
const api = (port: number) => ({ target: `http://127.0.0.1:${port}`, ws: true, rewrite: (p: string) => p.replace(/^\/api\/\w+/, '') });

export default defineConfig({
  root,
  base: '/',
  // libs/core is shared with the server: only its browser-safe modules are imported (by path, so tree-shaken).
  resolve: { alias: [{ find: /^@council\/core\/(.*)$/, replacement: `${libs}/core/src/$1` }] },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // No inline polyfill script: script-src 'self' has no exception.
    modulePreload: { polyfill: false },
    // bench/web.mjs reads it to weigh each route's chunks.
    manifest: true,
    // WEB_SOURCEMAP=1: source maps beside the files, referenced by nothing (bench/web.mjs --trace names functions by them).
    sourcemap: process.env.WEB_SOURCEMAP ? 'hidden' : false,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
    rolldownOptions: {
      // antd marks its modules "use client" (for React Server Components); a plain SPA bundle has nothing to keep.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/api/city': api(3001), '/api/district': api(3002) } },
});
