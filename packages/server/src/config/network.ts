/** Where the server listens, the address people reach it at, and which proxies it believes. */
import ipaddr from 'ipaddr.js'

import type { Fail } from './parse-helpers.js'

export const DEFAULT_PORT = 8443

const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i

function isIpAddress(value: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value)
}

export function parseHost(value: string, fail: Fail): string {
  // All digits and dots is meant as an IPv4 address, so it must be a valid one.
  if (isIpAddress(value) || (HOSTNAME.test(value) && !/^[\d.]+$/.test(value))) return value
  fail('HOST', `must be an IP address or a host name such as 0.0.0.0 or ::, got "${value}"`)
  return value
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

export function parsePublicUrl(
  value: string | undefined,
  port: number,
  fail: Fail,
  warnings: string[],
): URL | undefined {
  const text = value ?? `https://localhost${port === 443 ? '' : `:${port}`}`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    fail('PUBLIC_URL', `must be a URL such as https://support.example.com, got "${text}"`)
    return undefined
  }
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) {
    warnings.push(`PUBLIC_URL ${url.origin} is plain http: use it only for local development`)
  } else if (url.protocol !== 'https:') {
    fail(
      'PUBLIC_URL',
      `must start with https:// (http:// only for localhost or 127.0.0.1), got "${text}"`,
    )
    return undefined
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    fail(
      'PUBLIC_URL',
      `must be only scheme, host and optional port (no path, query or user), got "${text}"`,
    )
    return undefined
  }
  return url
}

/** proxy-addr (Fastify's trustProxy) also knows these names. */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

export function parseTrustedProxies(value: string | undefined, fail: Fail): string[] {
  if (value === undefined) return []
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  for (const entry of entries) {
    const isValid =
      PROXY_NAMES.has(entry) ||
      isIpAddress(entry) ||
      ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) ||
      ipaddr.IPv6.isValidCIDR(entry)
    if (!isValid) {
      fail('TRUSTED_PROXIES', `"${entry}" is not an IP address or CIDR range such as 10.0.0.0/8`)
    }
  }
  return entries
}
