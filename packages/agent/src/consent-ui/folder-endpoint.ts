/**
 * `GET files?path=…`: one folder of the customer's for the page's file picker (SPEC.md T8),
 * so the customer can walk their own folders and offer files. Served only while the
 * connected view offers file transfer, only to the page itself; the listing comes from the
 * agent (the same lister the operator's browsing uses).
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

import { FILE_PATH_MAX_LENGTH } from '@tasuke/protocol'

import { isSameOrigin, SECURITY_HEADERS, sendStatus } from './request-guard.js'

/** Lists a folder (`''`: home) as JSON-ready data; rejects when it cannot be read. */
export type FolderLister = (path: string) => Promise<unknown>

export async function serveFolder(
  request: IncomingMessage,
  response: ServerResponse,
  host: string,
  lister: FolderLister | null,
): Promise<void> {
  if (lister === null) {
    sendStatus(response, 404)
    return
  }
  if (!isSameOrigin(request, host)) {
    sendStatus(response, 403)
    return
  }
  const query = (request.url ?? '').split('?')[1] ?? ''
  const path = new URLSearchParams(query).get('path') ?? ''
  if (path.length > FILE_PATH_MAX_LENGTH || path.includes('\0')) {
    sendStatus(response, 400)
    return
  }
  let listing: unknown
  try {
    listing = await lister(path)
  } catch {
    sendStatus(response, 404)
    return
  }
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
  })
  response.end(JSON.stringify(listing))
}
