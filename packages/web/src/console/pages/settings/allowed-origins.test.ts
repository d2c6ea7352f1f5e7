/** The console checks allowed origins as the server does (packages/server/src/chat/origins.ts). */
import { describe, expect, it } from 'vitest'

import { normaliseOrigin, parseOrigins, widgetScriptTag } from './allowed-origins'

describe('allowed origins', () => {
  it('accepts origins and drops a trailing slash, refuses paths, users and other schemes', () => {
    expect(normaliseOrigin('https://www.example.com/')).toBe('https://www.example.com')
    expect(normaliseOrigin('http://localhost:8080')).toBe('http://localhost:8080')
    expect(normaliseOrigin('HTTPS://Shop.Example')).toBe('https://shop.example')
    for (const bad of [
      'www.example.com',
      'https://example.com/shop',
      'https://example.com?x=1',
      'https://example.com/#top',
      'https://user@example.com',
      'ftp://example.com',
      'javascript:alert(1)',
    ]) {
      expect(normaliseOrigin(bad), bad).toBeNull()
    }
  })

  it('reads one per line, skips blank lines, merges duplicates and names the bad line', () => {
    expect(parseOrigins('')).toEqual({ ok: true, origins: [] })
    expect(parseOrigins(' https://a.example \n\nhttps://a.example/\r\nhttps://b.example')).toEqual({
      ok: true,
      origins: ['https://a.example', 'https://b.example'],
    })
    expect(parseOrigins('https://a.example\n\nhttps://b.example/path')).toEqual({
      ok: false,
      problem: 'invalid',
      line: 3,
      text: 'https://b.example/path',
    })
    const many = Array.from({ length: 51 }, (_, i) => `https://s${i}.example`).join('\n')
    expect(parseOrigins(many)).toEqual({ ok: false, problem: 'too-many' })
  })

  it('builds the script tag for the tenant', () => {
    expect(widgetScriptTag('https://support.example.com', 'acme')).toBe(
      '<script src="https://support.example.com/widget.js" data-tenant="acme" async></script>',
    )
  })
})
