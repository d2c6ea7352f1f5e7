import { describe, expect, it } from 'vitest'

import { isExcluded, proxyFor } from './proxy-tunnel.js'

const target = new URL('https://support.example.com/api')

describe('HTTPS_PROXY', () => {
  it('uses HTTPS_PROXY (or https_proxy), with or without a scheme', () => {
    expect(proxyFor(target, { HTTPS_PROXY: 'http://proxy:3128' })?.host).toBe('proxy:3128')
    expect(proxyFor(target, { https_proxy: 'proxy.corp:8080' })?.host).toBe('proxy.corp:8080')
    expect(proxyFor(target, {})).toBeNull()
    expect(proxyFor(target, { HTTPS_PROXY: 'socks5://proxy:1080' })).toBeNull()
  })

  it('skips the proxy for hosts NO_PROXY names: exact, suffix, port, *', () => {
    expect(isExcluded(target, 'support.example.com')).toBe(true)
    expect(isExcluded(target, 'localhost, .example.com')).toBe(true)
    expect(isExcluded(target, '*.example.com')).toBe(true)
    expect(isExcluded(target, 'example.com')).toBe(false)
    expect(isExcluded(target, 'support.example.com:443')).toBe(true)
    expect(isExcluded(target, 'support.example.com:8443')).toBe(false)
    expect(isExcluded(target, '*')).toBe(true)
    expect(isExcluded(target, '')).toBe(false)
    expect(proxyFor(target, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.example.com' })).toBeNull()
  })
})
