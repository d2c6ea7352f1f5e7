import { describe, expect, it } from 'vitest'

import { PROTOCOL_VERSION, checkProtocolVersion } from './version.js'

describe('checkProtocolVersion', () => {
  it('[M7] accepts the same version', () => {
    expect(checkProtocolVersion(PROTOCOL_VERSION)).toBeUndefined()
  })

  it('[M7] reports an older client as client-too-old and a newer one as server-too-old', () => {
    expect(checkProtocolVersion(1, 2)).toBe('client-too-old')
    expect(checkProtocolVersion(3, 2)).toBe('server-too-old')
  })
})
