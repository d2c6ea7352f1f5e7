/**
 * HTTPS requests to the tasuke server. When the download carried the server certificate's
 * fingerprint (the self-signed embedded default), the certificate must match it exactly;
 * otherwise the system's certificate authorities decide. `HTTPS_PROXY` is honoured.
 */
import { request } from 'node:https'
import { type PeerCertificate, TLSSocket } from 'node:tls'

import { tunnelAgentFor } from './proxy-tunnel.js'

export interface JsonResponse {
  readonly status: number
  readonly body: unknown
}

export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError'
}

const TIMEOUT_MS = 15_000
const MAX_RESPONSE_BYTES = 256 * 1024

export function postJson(
  url: URL,
  body: unknown,
  fingerprint: string | null,
  /** More request headers, e.g. the installed device's `authorization`. */
  headers: Readonly<Record<string, string>> = {},
): Promise<JsonResponse> {
  return sendJson('POST', url, JSON.stringify(body), fingerprint, headers)
}

/** A GET without a body, e.g. the installed device asking for its own facts. */
export function getJson(
  url: URL,
  fingerprint: string | null,
  headers: Readonly<Record<string, string>> = {},
): Promise<JsonResponse> {
  return sendJson('GET', url, null, fingerprint, headers)
}

function sendJson(
  method: 'GET' | 'POST',
  url: URL,
  payload: string | null,
  fingerprint: string | null,
  headers: Readonly<Record<string, string>>,
): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    const finish = () => {
      if (payload === null) req.end()
      else req.end(payload)
    }
    const req = request(url, {
      method,
      headers: {
        ...headers,
        ...(payload === null
          ? {}
          : {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            }),
      },
      timeout: TIMEOUT_MS,
      // A fresh connection every time, so the pin is checked on every request; through the
      // HTTPS_PROXY tunnel when one applies.
      agent: tunnelAgentFor(url) ?? false,
      // With a pin, the CA chain is irrelevant: the exact certificate is checked below.
      rejectUnauthorized: fingerprint === null,
    })
    // The body (which holds the session number) is written only once the certificate has
    // been checked against the pin: nothing leaves for a server that is not ours.
    req.on('socket', (socket) => {
      if (fingerprint === null) {
        finish()
        return
      }
      if (!(socket instanceof TLSSocket)) {
        req.destroy(new ServerUnreachableError('the connection is not TLS'))
        return
      }
      socket.once('secureConnect', () => {
        const peer: PeerCertificate = socket.getPeerCertificate()
        const actual = peer.fingerprint256.replace(/:/g, '').toLowerCase()
        if (actual === fingerprint) {
          finish()
        } else {
          req.destroy(new ServerUnreachableError('the server certificate does not match the pin'))
        }
      })
    })
    req.on('timeout', () => {
      req.destroy(new ServerUnreachableError('the server did not answer'))
    })
    req.on('error', (error) => {
      reject(
        error instanceof ServerUnreachableError ? error : new ServerUnreachableError(error.message),
      )
    })
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > MAX_RESPONSE_BYTES) {
          req.destroy(new ServerUnreachableError('the server answer is too large'))
          return
        }
        chunks.push(chunk)
      })
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed: unknown = null
        try {
          parsed = text.length > 0 ? JSON.parse(text) : null
        } catch {
          reject(new ServerUnreachableError('the server answered with something that is not JSON'))
          return
        }
        resolve({ status: res.statusCode ?? 0, body: parsed })
      })
    })
  })
}
