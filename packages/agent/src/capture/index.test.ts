import { describe, expect, it } from 'vitest'

import { startXvfb } from '../test-support/xvfb.js'
import { UnsupportedPlatformError, isCaptureSupported, openCapture } from './index.js'

describe('openCapture', () => {
  it('refuses platforms without a backend, with a clear error', async () => {
    await expect(openCapture('win32')).rejects.toThrow(UnsupportedPlatformError)
    await expect(openCapture('darwin')).rejects.toThrow(/not available on darwin/)
    expect(isCaptureSupported('win32')).toBe(false)
    expect(isCaptureSupported('linux')).toBe(true)
  })

  it('opens the X11 backend on Linux from $DISPLAY', { timeout: 30_000 }, async () => {
    const xvfb = await startXvfb('640x480')
    const previous = process.env.DISPLAY
    process.env.DISPLAY = xvfb.display
    try {
      const capture = await openCapture('linux')
      expect(capture.geometry()).toMatchObject({ width: 640, height: 480 })
      await capture.close()
    } finally {
      if (previous === undefined) delete process.env.DISPLAY
      else process.env.DISPLAY = previous
      await xvfb.stop()
    }
  })

  it('fails clearly when there is no X display', async () => {
    const previous = process.env.DISPLAY
    delete process.env.DISPLAY
    try {
      await expect(openCapture('linux')).rejects.toThrow(/DISPLAY is not set/)
    } finally {
      if (previous !== undefined) process.env.DISPLAY = previous
    }
  })
})
