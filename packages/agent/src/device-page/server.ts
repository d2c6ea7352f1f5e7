/**
 * Serves the "About this computer" page on 127.0.0.1 with the consent window's protections
 * (request-guard.ts): a random token in the path, the Host checked against DNS rebinding, the
 * same security headers. Read only: GET of the page and its stylesheet, nothing else.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { type ServerResponse, createServer } from 'node:http'

import { listenOnLoopback, sameToken, sendText } from '../consent-ui/local-server.js'
import { allowedHosts, sendStatus } from '../consent-ui/request-guard.js'
import type { Language } from '../i18n/messages.js'
import { type RenderOptions, renderDevicePage } from './page-html.js'
import type { DevicePageModel } from './page-model.js'
import { DEVICE_PAGE_STYLE } from './page-style.js'

const TOKEN_BYTES = 32

export interface DevicePageOptions extends RenderOptions {
  /** The language shown first; `?lang=ja|en` switches. */
  readonly language: Language
  /** Gathers the page's facts; called for every page load, so it is always current. */
  readonly load: () => Promise<DevicePageModel>
}

export interface DevicePage {
  /** `http://127.0.0.1:<port>/<token>/` */
  readonly url: string
  /** Told on every page served (the `--window` command stays while it is used). */
  onServed(listener: () => void): void
  close(): Promise<void>
}

export async function startDevicePage(options: DevicePageOptions): Promise<DevicePage> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url')
  const listeners = new Set<() => void>()
  const servePage = async (response: ServerResponse, query: string) => {
    const asked = new URLSearchParams(query).get('lang')
    const language = asked === 'ja' || asked === 'en' ? asked : options.language
    const html = renderDevicePage(await options.load(), language, options)
    sendText(response, 'text/html', html)
    for (const listener of [...listeners]) listener()
  }
  const server = createServer((request, response) => {
    const host = request.headers.host ?? ''
    if (!allowedHosts(port).includes(host)) {
      sendStatus(response, 421)
      return
    }
    const [path = '', query = ''] = (request.url ?? '').split('?')
    const [, first = '', ...rest] = path.split('/')
    if (!sameToken(first, token)) {
      sendStatus(response, 404)
      return
    }
    if (rest.length === 0) {
      sendStatus(response, 308, { Location: `/${token}/` })
      return
    }
    if (request.method !== 'GET') {
      sendStatus(response, 405, { Allow: 'GET' })
      return
    }
    switch (rest.join('/')) {
      case '':
        servePage(response, query).catch(() => {
          if (!response.headersSent) sendStatus(response, 500)
        })
        return
      case 'app.css':
        sendText(response, 'text/css', DEVICE_PAGE_STYLE)
        return
      default:
        sendStatus(response, 404)
    }
  })
  const port = await listenOnLoopback(server)
  return {
    url: `http://127.0.0.1:${port}/${token}/`,
    onServed: (listener) => {
      listeners.add(listener)
    },
    close: () =>
      new Promise<void>((resolve) => {
        listeners.clear()
        server.close(() => {
          resolve()
        })
        server.closeAllConnections()
      }),
  }
}
