// Builds the dashboard (index.html) and the integrator's explorer (explorer.html) into
// dist/dashboard/, which the gateway serves at `/` and at `/graphql` (for a browser).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  logLevel: 'warn',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.join(here, '..', 'dist', 'dashboard'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    // GraphiQL (the explorer only) is one large chunk; the dashboard's own chunks stay small.
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      input: { index: path.join(here, 'index.html'), explorer: path.join(here, 'explorer.html') },
      // GraphiQL's dependencies mark themselves "use client" (a React server-components hint with no meaning here).
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
