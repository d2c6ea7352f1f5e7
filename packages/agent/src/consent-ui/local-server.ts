/**
 * What the agent's local pages (the consent window, "About this computer") share about
 * serving on 127.0.0.1: a random port on loopback only, the secret in the URL compared in
 * constant time, and text answers with the security headers.
 */
import { timingSafeEqual } from 'node:crypto'
import type { Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

import { SECURITY_HEADERS } from './request-guard.js'

export function sendText(response: ServerResponse, type: string, text: string): void {
  response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': `${type}; charset=utf-8` })
  response.end(text)
}

/** Whether `candidate` is the page's secret, in constant time. */
export function sameToken(candidate: string, token: string): boolean {
  const a = Buffer.from(candidate)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Listens on a random port of 127.0.0.1 only; resolves with the port. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}
