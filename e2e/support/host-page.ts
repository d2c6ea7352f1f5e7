/**
 * A support company's own website for the chat widget tests: a page on another origin
 * (plain HTTP on loopback, another port) with the one documented script tag, a stylesheet
 * of its own that styles every button, and a strict CSP that allows the tasuke server only
 * where docs/customer-flows.md (section D) says to.
 */
import { createServer, type Server } from 'node:http'

export interface HostPage {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string
  /** The Content-Security-Policy the page is sent with. */
  readonly policy: string
  close(): Promise<void>
}

/** The host's own styles: a widget whose styles leaked either way would show in them. */
export const HOST_CSS = `
button { color: rgb(255, 0, 0); font-size: 31px; }
p { color: rgb(0, 128, 0); margin: 7px; }
`

/**
 * Nothing is allowed by default; the host's own stylesheet ('self'), and for the tasuke
 * server exactly the documented script-src and connect-src entries.
 */
export function hostPolicy(tasuke: string): string {
  const socket = tasuke.replace(/^http/, 'ws')
  return [
    "default-src 'none'",
    "style-src 'self'",
    `script-src 'self' ${tasuke}`,
    `connect-src 'self' ${tasuke} ${socket}`,
  ].join('; ')
}

/** @param tasuke the tasuke server's origin the tag points at, e.g. `https://127.0.0.1:4443`. */
export async function startHostPage(tasuke: string, slug: string): Promise<HostPage> {
  const policy = hostPolicy(tasuke)
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Example Shop</title>
<link rel="stylesheet" href="/host.css">
</head>
<body>
<h1>Example Shop</h1>
<p id="host-text">Our products.</p>
<button id="host-button" type="button">Buy</button>
<script src="${tasuke}/widget.js" data-tenant="${slug}" async></script>
</body>
</html>
`
  const server: Server = createServer((request, response) => {
    const headers = { 'content-security-policy': policy, 'cache-control': 'no-store' }
    if (request.url === '/host.css') {
      response.writeHead(200, { ...headers, 'content-type': 'text/css; charset=utf-8' })
      response.end(HOST_CSS)
    } else if (request.url === '/') {
      response.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' })
      response.end(html)
    } else {
      response.writeHead(404, headers)
      response.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/`,
    policy,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      }),
  }
}
