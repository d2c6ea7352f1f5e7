import { describe, expect, it } from 'vitest'

import { detectSystem } from './user-agent.js'

describe('detectSystem', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      { kind: 'supported', platform: 'win-x64' },
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; ARM64; rv:133.0) Gecko/20100101 Firefox/133.0',
      { kind: 'supported', platform: 'win-x64' },
    ],
    [
      'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
      { kind: 'supported', platform: 'linux-x64' },
    ],
    [
      'Mozilla/5.0 (X11; Linux aarch64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      { kind: 'unsupported', system: 'linux-other' },
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      { kind: 'unsupported', system: 'macos' },
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      { kind: 'unsupported', system: 'ios' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      { kind: 'unsupported', system: 'android' },
    ],
    [
      'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      { kind: 'unsupported', system: 'chromeos' },
    ],
    ['curl/8.5.0', { kind: 'unknown' }],
    [undefined, { kind: 'unknown' }],
  ])('%s', (userAgent, expected) => {
    expect(detectSystem(userAgent)).toEqual(expected)
  })
})
