import { describe, expect, it } from 'vitest'

import { useConfigFixture } from './test-support/config-fixture.js'

const fixture = useConfigFixture()
const { load, problems } = fixture

describe('PORT', () => {
  it.each([
    ['1', 1],
    ['443', 443],
    ['65535', 65535],
  ])('accepts %s', (value, port) => {
    expect(load({ PORT: value }).port).toBe(port)
  })

  it.each(['0', '65536', '-1', '8443.5', 'abc', '1e3', '0x50'])('refuses %s', (value) => {
    expect(problems({ PORT: value })).toEqual([
      `PORT: must be an integer from 1 to 65535, got "${value}"`,
    ])
  })

  it('is part of the default PUBLIC_URL (omitted for 443)', () => {
    expect(load({ PORT: '9443' }).publicUrl.origin).toBe('https://localhost:9443')
    expect(load({ PORT: '443' }).publicUrl.origin).toBe('https://localhost')
  })
})

describe('PUBLIC_URL', () => {
  it('accepts https URLs with or without a port and a trailing slash', () => {
    expect(load({ PUBLIC_URL: 'https://support.example.com/' }).publicUrl.origin).toBe(
      'https://support.example.com',
    )
    expect(load({ PUBLIC_URL: 'https://support.example.com:8443' }).publicUrl.port).toBe('8443')
  })

  it('allows http only for localhost and 127.0.0.1, with a warning', () => {
    const local = load({ PUBLIC_URL: 'http://localhost:8080' })
    expect(local.publicUrl.protocol).toBe('http:')
    expect(local.warnings).toEqual([
      'PUBLIC_URL http://localhost:8080 is plain http: use it only for local development',
    ])
    expect(load({ PUBLIC_URL: 'http://127.0.0.1:8080' }).warnings).toHaveLength(1)
  })

  it('refuses http elsewhere, other schemes, paths, queries and non-URLs', () => {
    expect(problems({ PUBLIC_URL: 'http://support.example.com' })).toEqual([
      'PUBLIC_URL: must start with https:// (http:// only for localhost or 127.0.0.1), got "http://support.example.com"',
    ])
    expect(problems({ PUBLIC_URL: 'ftp://support.example.com' })).toHaveLength(1)
    expect(problems({ PUBLIC_URL: 'https://example.com/support' })).toEqual([
      'PUBLIC_URL: must be only scheme, host and optional port (no path, query or user), got "https://example.com/support"',
    ])
    expect(problems({ PUBLIC_URL: 'https://example.com/?a=1' })).toHaveLength(1)
    expect(problems({ PUBLIC_URL: 'https://user@example.com' })).toHaveLength(1)
    expect(problems({ PUBLIC_URL: 'support.example.com' })).toEqual([
      'PUBLIC_URL: must be a URL such as https://support.example.com, got "support.example.com"',
    ])
  })

  it('names the default sender', () => {
    expect(load({ PUBLIC_URL: 'https://support.example.com' }).mailFrom).toBe(
      'tasuke <noreply@support.example.com>',
    )
  })
})

describe('HOST', () => {
  it.each(['0.0.0.0', '127.0.0.1', '::', '::1', 'localhost', 'node-1.internal'])(
    'accepts %s',
    (host) => {
      expect(load({ HOST: host }).host).toBe(host)
    },
  )

  it.each(['300.1.1.1', 'bad host', 'a_b', '-x.example'])('refuses %s', (host) => {
    expect(problems({ HOST: host })).toEqual([
      `HOST: must be an IP address or a host name such as 0.0.0.0 or ::, got "${host}"`,
    ])
  })
})

describe('TRUSTED_PROXIES', () => {
  it('accepts addresses, CIDR ranges and proxy-addr names', () => {
    expect(
      load({ TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16,::1,fd00::/8,loopback' }).trustedProxies,
    ).toEqual(['10.0.0.1', '192.168.0.0/16', '::1', 'fd00::/8', 'loopback'])
  })

  it.each(['10.0.0', '10.0.0.0/33', 'proxy.example', '::1/129'])('refuses %s', (entry) => {
    expect(problems({ TRUSTED_PROXIES: `10.0.0.1,${entry}` })).toEqual([
      `TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range such as 10.0.0.0/8`,
    ])
  })
})
