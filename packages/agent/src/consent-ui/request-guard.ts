/**
 * The checks every request to the consent server passes before it is served: the Host
 * header (DNS rebinding), the secret token in the path, and for posts the Origin.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** Sent with every response, errors included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

/** The hosts a browser on this machine uses to reach the port; anything else is rebinding. */
export function allowedHosts(port: number): readonly string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

/** Whether a post comes from the page itself: no Origin, or exactly the page's origin. */
export function isSameOrigin(request: IncomingMessage, host: string): boolean {
  const origin = request.headers.origin
  if (origin !== undefined && origin !== `http://${host}`) return false
  const site = request.headers['sec-fetch-site']
  return site === undefined || site === 'same-origin'
}

/** Ends a response with a short plain-text status and the security headers. */
export function sendStatus(response: ServerResponse, status: number, extra = {}): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extra,
    'Content-Type': 'text/plain; charset=utf-8',
  })
  response.end(`${status}\n`)
}
