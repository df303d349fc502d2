import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Paths from this file, so the build is the same whether run from the repo root or from pwa/.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    // The bff serves a strict CSP (script-src 'self'; style-src 'self'): every asset is a file,
    // never an inlined data: URL.
    assetsInlineLimit: 0,
  },
});
