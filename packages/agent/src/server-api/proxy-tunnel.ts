/**
 * Outbound HTTPS and WSS through the proxy named by `HTTPS_PROXY` (DESIGN.md: the agent
 * honours it). An HTTP `CONNECT` opens a tunnel to the server and TLS runs inside it, so the
 * proxy sees only the host name and ciphertext, and the certificate pin still applies.
 */
import { type ClientRequest, request as httpRequest } from 'node:http'
import { Agent, type RequestOptions } from 'node:https'
import { isIP, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import { connect as tlsConnect } from 'node:tls'

const CONNECT_TIMEOUT_MS = 15_000

/** The proxy to use for `target`, or null: `HTTPS_PROXY` unless `NO_PROXY` names the host. */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv = process.env): URL | null {
  const raw = env['HTTPS_PROXY'] ?? env['https_proxy'] ?? ''
  if (raw.trim() === '') return null
  let proxy: URL
  try {
    proxy = new URL(raw.includes('://') ? raw : `http://${raw}`)
  } catch {
    return null
  }
  if (proxy.protocol !== 'http:') return null
  const noProxy = env['NO_PROXY'] ?? env['no_proxy'] ?? ''
  return isExcluded(target, noProxy) ? null : proxy
}

/** Whether `NO_PROXY` (comma- or space-separated hosts, `.suffix`, `*`, `host:port`) covers `target`. */
export function isExcluded(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const port = target.port === '' ? '443' : target.port
  for (const entry of noProxy.split(/[\s,]+/)) {
    const rule = entry.trim().toLowerCase()
    if (rule === '') continue
    if (rule === '*') return true
    const match = /^(.*?)(?::(\d+))?$/.exec(rule.replace(/^\[|\]$/g, ''))
    const ruleHost = (match?.[1] ?? rule).replace(/^\*?\./, '.')
    const rulePort = match?.[2]
    if (rulePort !== undefined && rulePort !== port) continue
    if (
      ruleHost.startsWith('.')
        ? host.endsWith(ruleHost) || host === ruleHost.slice(1)
        : host === ruleHost
    ) {
      return true
    }
  }
  return false
}

/**
 * An HTTPS agent whose every connection is a fresh `CONNECT` tunnel through `proxy`; requests
 * (and `ws` upgrades) use it like the default agent, TLS options included.
 */
export class TunnelAgent extends Agent {
  readonly #proxy: URL

  constructor(proxy: URL) {
    super({ keepAlive: false, maxCachedSessions: 0 })
    this.#proxy = proxy
  }

  override createConnection(
    options: RequestOptions,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const host = options.hostname ?? options.host ?? 'localhost'
    const port = Number(options.port ?? 443)
    openTunnel(this.#proxy, host, port).then(
      (socket) => {
        const servername = isIP(host) === 0 ? host : undefined
        const tls = tlsConnect({
          socket,
          ...(servername === undefined ? {} : { servername }),
          rejectUnauthorized: options.rejectUnauthorized ?? true,
          ...(options.ca === undefined ? {} : { ca: options.ca }),
        })
        callback?.(null, tls)
      },
      (error: unknown) => {
        // Node ignores the stream when there is an error; a destroyed socket stands in.
        callback?.(
          error instanceof Error ? error : new Error(String(error)),
          new Socket().destroy(),
        )
      },
    )
    return undefined
  }
}

/** The agent for `target`: a tunnel when a proxy applies, else undefined (connect directly). */
export function tunnelAgentFor(
  target: URL,
  env: NodeJS.ProcessEnv = process.env,
): TunnelAgent | undefined {
  const proxy = proxyFor(target, env)
  return proxy === null ? undefined : new TunnelAgent(proxy)
}

/** Asks `proxy` for a raw TCP tunnel to `host:port`; resolves with the tunnelled socket. */
export function openTunnel(proxy: URL, host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`
    const headers: Record<string, string> = { host: authority }
    if (proxy.username !== '') {
      const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`
      headers['proxy-authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`
    }
    const req: ClientRequest = httpRequest({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: Number(proxy.port === '' ? 80 : proxy.port),
      method: 'CONNECT',
      path: authority,
      headers,
      agent: false,
      timeout: CONNECT_TIMEOUT_MS,
    })
    req.once('connect', (response, socket) => {
      if (response.statusCode !== 200) {
        socket.destroy()
        reject(new Error(`the proxy refused the tunnel (HTTP ${String(response.statusCode)})`))
        return
      }
      resolve(socket)
    })
    req.once('timeout', () => {
      req.destroy(new Error('the proxy did not answer'))
    })
    req.once('error', (error) => {
      reject(new Error(`the proxy is unreachable: ${error.message}`))
    })
    req.end()
  })
}
