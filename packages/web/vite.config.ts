/**
 * Builds the browser apps. The root is `src`, one HTML entry per app; the console's page is
 * written to `dist/index.html` because the server answers it for every console path.
 * Nothing is inlined: the server's CSP allows only `'self'` scripts and styles.
 */
import { fileURLToPath } from 'node:url'

import { defineConfig, type Plugin } from 'vite'

const fromHere = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

/** Entry HTML (relative to `src`) → where it lands in `dist`. */
const PAGES: Readonly<Record<string, string>> = {
  'console/index.html': 'index.html',
}

function placePages(): Plugin {
  return {
    name: 'tasuke-place-pages',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        const target = PAGES[output.fileName]
        if (target !== undefined) output.fileName = target
      }
    },
  }
}

/** Rollup inputs named after each app's folder: `{ console: '/…/src/console/index.html' }`. */
function entries(): Record<string, string> {
  const inputs: Record<string, string> = {}
  for (const page of Object.keys(PAGES)) {
    inputs[page.slice(0, page.indexOf('/'))] = fromHere(`./src/${page}`)
  }
  return inputs
}

export default defineConfig({
  root: fromHere('./src'),
  base: '/',
  publicDir: false,
  resolve: {
    alias: { '@tasuke/protocol': fromHere('../protocol/src/index.ts') },
  },
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  plugins: [placePages()],
  build: {
    outDir: fromHere('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    // Inlined assets would become data: URLs, and the CSP keeps those out of scripts and styles.
    assetsInlineLimit: 0,
    cssCodeSplit: true,
    rollupOptions: {
      input: entries(),
    },
  },
})
