/**
 * Builds the widget exactly as `npm run build` does (vite.widget.config.ts, one IIFE) into a
 * temporary folder and serves it on loopback with a host page whose global CSS is as hostile
 * as a real site's can be. The same server is the widget's "tasuke server", and it knows no
 * chat routes: opening a chat gets 404 and the chat socket is refused, so the browser tests
 * see what the widget does when its server is missing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { build } from 'vite'

/** Rules a careless or hostile host page may have; none may reach the widget's insides. */
export const HOST_CSS = `
* { all: unset }
html, body, p, div { display: block }
body { font-family: "Courier New", monospace; font-size: 22px; color: rgb(0, 128, 0);
  line-height: 3; letter-spacing: 4px }
button { color: red !important; background: yellow !important; border: 3px solid black;
  font-family: serif !important; padding: 30px }
div { background: rgb(0, 0, 255) }
.launcher, .panel, .status, header, form, input { display: none !important }
`

export const TENANT = 'acme-shop'

const hostPage = (
  tenant: string,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host shop</title>
<style>${HOST_CSS}</style></head><body>
<p id="host-text">Welcome to our shop</p>
<button id="host-button" type="button">Buy</button>
<div class="launcher" id="host-launcher">host element with a widget class name</div>
<script src="/widget.js" data-tenant="${tenant}" async></script>
</body></html>`

export interface ServedWidget {
  /** The host page (it loads /widget.js from the same origin). */
  readonly url: string
  /** The built script, as served. */
  readonly script: Buffer
  close(): Promise<void>
}

export async function serveWidget(tenant = TENANT): Promise<ServedWidget> {
  const directory = await mkdtemp(join(tmpdir(), 'tasuke-widget-'))
  await build({
    configFile: fileURLToPath(new URL('../../../vite.widget.config.ts', import.meta.url)),
    logLevel: 'silent',
    build: { outDir: directory, emptyOutDir: true, reportCompressedSize: false },
  })
  const script = await readFile(join(directory, 'widget.js'))
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0] ?? ''
    if (request.method === 'GET' && path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage(tenant))
    } else if (request.method === 'GET' && path === '/widget.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    }
  })
  // No chat socket here: an upgrade request is dropped, as by a server that is down.
  server.on('upgrade', (_request, socket) => {
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    script,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve()
        }),
      )
      await rm(directory, { recursive: true, force: true })
    },
  }
}
