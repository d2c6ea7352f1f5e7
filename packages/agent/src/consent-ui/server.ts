/**
 * The consent window: a page the agent serves on 127.0.0.1 behind a random token and opens
 * in the customer's browser. Only a click there accepts; the server (ours or anyone's) cannot.
 * @module
 */
import { randomBytes } from 'node:crypto'
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'

import { MAX_READ_BODY_BYTES, parseActionRequest } from './action-request.js'
import {
  type ApplicationsView,
  type ConsentView,
  type CustomerAction,
  handleCustomerRequest,
  isRevisionFree,
} from './consent-state.js'
import { type FolderLister, serveFolder } from './folder-endpoint.js'
import { openBrowser } from './open-browser.js'
import { renderPageHtml } from './page-html.js'
import { PAGE_SCRIPT } from './page-script.js'
import { PAGE_STYLE } from './page-style.js'
import type { Language } from './page-texts.js'
import { listenOnLoopback, sameToken, sendText } from './local-server.js'
import { SECURITY_HEADERS, allowedHosts, isSameOrigin, sendStatus } from './request-guard.js'

const TOKEN_BYTES = 32

const OPEN_BY_HAND: Readonly<Record<Language, string>> = {
  ja: 'ブラウザーで次のアドレスを開いてください:',
  en: 'Open this address in your web browser:',
}

export interface ConsentUiOptions {
  readonly language: Language
  readonly initial: ConsentView
  readonly openBrowser: boolean
  /** Told when the browser could not be opened; by default the URL is printed to stderr. */
  readonly onBrowserFailed?: (url: string, error: Error) => void
  /** Lists the customer's folders for the file picker; without it the picker is not served. */
  readonly listFolder?: FolderLister
}

export interface ConsentUi {
  /** The page, token included: `http://127.0.0.1:<port>/<token>/`. */
  readonly url: string
  /** Shows another view on every open page. */
  update(view: ConsentView): void
  /** Shows the open applications and the customer's choice (a list apart from the view). */
  showApplications(choice: ApplicationsView): void
  /** Subscribes to what the customer does; returns the unsubscribe function. */
  onAction(handler: (action: CustomerAction) => void): () => void
  /** Ends the event streams and stops listening. */
  close(): Promise<void>
}

/** Starts the consent server on a random loopback port and, if asked, opens the browser. */
export async function startConsentUi(options: ConsentUiOptions): Promise<ConsentUi> {
  const token = randomBytes(TOKEN_BYTES).toString('base64url')
  const streams = new Set<ServerResponse>()
  const handlers = new Set<(action: CustomerAction) => void>()
  let view = options.initial
  let revision = 0
  let isClosed = false

  let applications: ApplicationsView | null = null
  const stateEvent = (): string => {
    const state = applications === null ? { revision, view } : { revision, view, applications }
    return `data: ${JSON.stringify(state)}\n\n`
  }
  const show = (next: ConsentView): void => {
    view = next
    revision += 1
    const event = stateEvent()
    for (const stream of streams) stream.write(event)
  }
  const emit = (action: CustomerAction): void => {
    for (const handler of [...handlers]) {
      try {
        handler(action)
      } catch (error) {
        process.stderr.write(`tasuke-agent: consent action handler failed: ${String(error)}\n`)
      }
    }
  }

  const serveAction = async (request: IncomingMessage, response: ServerResponse) => {
    const contentType = request.headers['content-type'] ?? ''
    if (!/^application\/json\s*(;|$)/i.test(contentType)) {
      sendStatus(response, 415)
      request.resume()
      return
    }
    const body = await readBody(request, MAX_READ_BODY_BYTES)
    const parsed = body === null ? null : parseActionRequest(body)
    if (parsed === null) {
      sendStatus(response, 400, { Connection: 'close' })
      return
    }
    const isStale = parsed.revision !== revision && !isRevisionFree(parsed.request)
    if (isClosed || isStale || parsed.revision > revision) {
      sendStatus(response, 409)
      return
    }
    const transition = handleCustomerRequest(view, parsed.request)
    switch (transition.kind) {
      case 'ignore':
        sendStatus(response, 409)
        return
      case 'refuse-code':
        // Not an HTTP error: the page asked, and shows the answer it gets through the stream.
        show(transition.view)
        sendStatus(response, 200)
        return
      case 'act':
        show(transition.view)
        sendStatus(response, 204)
        emit(transition.action)
        return
    }
  }

  const serveEvents = (request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
    })
    response.write(stateEvent())
    streams.add(response)
    request.on('close', () => streams.delete(response))
  }

  const server = createServer((request, response) => {
    const host = request.headers.host ?? ''
    if (!allowedHosts(port).includes(host)) {
      sendStatus(response, 421)
      return
    }
    const path = (request.url ?? '').split('?')[0] ?? ''
    const [, first = '', ...rest] = path.split('/')
    if (!sameToken(first, token)) {
      sendStatus(response, 404)
      return
    }
    const resource = rest.join('/')
    if (rest.length === 0) {
      sendStatus(response, 308, { Location: `/${token}/` })
      return
    }
    if (resource === 'action') {
      if (request.method !== 'POST') {
        sendStatus(response, 405, { Allow: 'POST' })
      } else if (!isSameOrigin(request, host)) {
        sendStatus(response, 403)
      } else {
        serveAction(request, response).catch(() => {
          if (!response.headersSent) sendStatus(response, 400)
        })
      }
      return
    }
    if (request.method !== 'GET') {
      sendStatus(response, 405, { Allow: 'GET' })
      return
    }
    switch (resource) {
      case '':
        sendText(response, 'text/html', renderPageHtml(options.language))
        return
      case 'app.js':
        sendText(response, 'text/javascript', PAGE_SCRIPT)
        return
      case 'app.css':
        sendText(response, 'text/css', PAGE_STYLE)
        return
      case 'events':
        serveEvents(request, response)
        return
      case 'files': {
        // Only while the connected view offers file transfer (SPEC.md T8).
        const canPick = view.type === 'connected' && view.files !== undefined
        serveFolder(request, response, host, canPick ? (options.listFolder ?? null) : null).catch(
          () => {
            if (!response.headersSent) sendStatus(response, 500)
          },
        )
        return
      }
      default:
        sendStatus(response, 404)
    }
  })
  const port = await listenOnLoopback(server)
  const url = `http://127.0.0.1:${port}/${token}/`

  if (options.openBrowser) {
    const report =
      options.onBrowserFailed ??
      ((failedUrl: string) => {
        process.stderr.write(`${OPEN_BY_HAND[options.language]} ${failedUrl}\n`)
      })
    void openBrowser(url).then((result) => {
      if (!result.ok) report(url, result.error)
    })
  }

  return {
    url,
    update: (next) => {
      if (!isClosed) show(next)
    },
    showApplications: (choice) => {
      if (isClosed) return
      // Not a new revision: windows opening and closing must not make a click stale.
      applications = choice
      const event = stateEvent()
      for (const stream of streams) stream.write(event)
    },
    onAction: (handler) => {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    close: async () => {
      if (isClosed) return
      isClosed = true
      handlers.clear()
      for (const stream of streams) stream.end()
      streams.clear()
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve()
        })
        server.closeAllConnections()
      })
    },
  }
}

/** The body as text, or `null` once it passes `limit` bytes (the rest is read and dropped). */
function readBody(request: IncomingMessage, limit: number): Promise<string | null> {
  const declared = Number(request.headers['content-length'] ?? '0')
  return new Promise((resolve, reject) => {
    if (declared > limit) {
      request.resume()
      resolve(null)
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let isTooLarge = false
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) isTooLarge = true
      if (!isTooLarge) chunks.push(chunk)
    })
    request.on('end', () => {
      if (isTooLarge) {
        resolve(null)
        return
      }
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks)))
      } catch {
        resolve(null) // not UTF-8
      }
    })
    request.on('error', reject)
  })
}
