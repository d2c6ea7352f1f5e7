/**
 * Builds the embeddable chat widget as one self-contained script, dist/widget.js (an IIFE
 * that defines no globals), after the main build. Its styles live in the script and are
 * adopted by the widget's shadow root, so the host page needs no style-src for it.
 */
import { fileURLToPath } from 'node:url'

import { defineConfig } from 'vite'

const fromHere = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  publicDir: false,
  resolve: {
    alias: { '@tasuke/protocol': fromHere('../protocol/src/index.ts') },
  },
  build: {
    outDir: fromHere('./dist'),
    emptyOutDir: false,
    target: 'es2022',
    copyPublicDir: false,
    lib: {
      entry: fromHere('./src/widget/main.ts'),
      formats: ['iife'],
      name: 'tasukeWidget',
      fileName: () => 'widget.js',
    },
  },
})
