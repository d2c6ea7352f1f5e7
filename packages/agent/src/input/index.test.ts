import { describe, expect, it } from 'vitest'

import { UnsupportedPlatformError, openInput } from './index.js'

describe('openInput', () => {
  it('refuses platforms without a backend, with a clear error', async () => {
    await expect(openInput('win32')).rejects.toThrow(UnsupportedPlatformError)
    await expect(openInput('darwin')).rejects.toThrow(/not available on darwin/)
  })
})
