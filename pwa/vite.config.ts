import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// Paths from this file, so the build is the same whether run from the repo root or from pwa/.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  plugins: [
    react(),
    VitePWA({
      // src/sw.ts is ours; the plugin injects the precache list into it and writes the manifest.
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      manifest: {
        id: '/',
        name: 'Todos — offline-first todo list',
        short_name: 'Todos',
        description:
          'Your todos on every device, online or not: priorities, tags, due dates, reminders, repeats.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#f4f6fa',
        theme_color: '#1f4fd1',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,png,webmanifest}'],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    // The bff serves a strict CSP (script-src 'self'; style-src 'self'): every asset is a file,
    // never an inlined data: URL.
    assetsInlineLimit: 0,
    target: 'es2022',
  },
});
