/** Bundles a viewer test page with esbuild and serves it on loopback for the browser tests. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build } from 'esbuild'

const HTML = `<!doctype html>
<meta charset="utf-8">
<title>viewer test</title>
<style>body { margin: 0 } #screen { width: 400px; height: 300px; background: #888 }</style>
<div id="screen"></div>
<textarea id="keys"></textarea>
<script type="module" src="/page.js"></script>
`

export interface ServedPage {
  readonly url: string
  close(): Promise<void>
}

/** `entry` is a page module in this folder: the display page by default, or the session page. */
export async function servePage(entry = './viewer-page.ts'): Promise<ServedPage> {
  const directory = await mkdtemp(join(tmpdir(), 'tasuke-viewer-'))
  await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    outfile: join(directory, 'page.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'silent',
    alias: {
      '@tasuke/protocol': fileURLToPath(
        new URL('../../../../protocol/src/index.ts', import.meta.url),
      ),
    },
  })
  await writeFile(join(directory, 'index.html'), HTML)
  const files: Record<string, { path: string; type: string }> = {
    '/': { path: 'index.html', type: 'text/html' },
    '/page.js': { path: 'page.js', type: 'text/javascript' },
  }
  const server = createServer((request, response) => {
    const file = files[(request.url ?? '').split('?')[0] ?? '']
    if (file === undefined) {
      response.writeHead(404).end()
      return
    }
    readFile(join(directory, file.path)).then(
      (body) => response.writeHead(200, { 'content-type': file.type }).end(body),
      () => response.writeHead(500).end(),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve()
        }),
      )
      await rm(directory, { recursive: true, force: true })
    },
  }
}
