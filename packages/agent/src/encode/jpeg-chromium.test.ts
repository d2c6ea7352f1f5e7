/** Chromium's own decoder accepts the encoder's output: one browser launch, several images. */
import { existsSync } from 'node:fs'

import { type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type JpegOptions, encodeJpeg } from './jpeg.js'
import { paintImage, psnr, smooth } from './test-support/images.js'
import { CHROMIUM_PATH, launchChromium } from '../test-support/chromium.js'

interface Decoded {
  width: number
  height: number
  rgba: number[]
}

/** Four flat quadrants: red, green, blue and grey. */
function quadrants(x: number, y: number): [number, number, number] {
  if (y < 24) return x < 32 ? [220, 30, 30] : [30, 200, 40]
  return x < 32 ? [20, 40, 210] : [128, 128, 128]
}

describe.skipIf(!existsSync(CHROMIUM_PATH))('JPEG output in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => {
    await browser.close()
  })

  /** Decodes with createImageBitmap and reads the pixels back through a canvas. */
  async function decodeInChromium(bytes: Uint8Array): Promise<Decoded> {
    const page = await browser.newPage()
    try {
      return await page.evaluate(
        async (data: number[]) => {
          const blob = new Blob([Uint8Array.from(data)], { type: 'image/jpeg' })
          const bitmap = await createImageBitmap(blob)
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
          const context = canvas.getContext('2d')
          if (context === null) throw new Error('no 2D context')
          context.drawImage(bitmap, 0, 0)
          const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height).data
          return { width: bitmap.width, height: bitmap.height, rgba: [...pixels] }
        },
        [...bytes],
      )
    } finally {
      await page.close()
    }
  }

  for (const options of [{ chroma: '4:2:0' }, { chroma: '4:4:4' }] satisfies JpegOptions[]) {
    it(`decodes flat colours and a smooth ${options.chroma} picture with an odd size`, async () => {
      const flat = await decodeInChromium(encodeJpeg(paintImage(64, 48, quadrants), 80, options))
      expect([flat.width, flat.height]).toEqual([64, 48])
      for (const [x, y] of [
        [10, 10],
        [50, 10],
        [10, 40],
        [50, 40],
      ] as const) {
        const at = (y * 64 + x) * 4
        const expected = quadrants(x, y)
        expected.forEach((value, channel) => {
          expect(Math.abs((flat.rgba[at + channel] ?? 0) - value)).toBeLessThanOrEqual(6)
        })
      }

      const image = paintImage(77, 45, smooth)
      const decoded = await decodeInChromium(encodeJpeg(image, 80, options))
      expect([decoded.width, decoded.height]).toEqual([77, 45])
      expect(psnr(image, Uint8Array.from(decoded.rgba))).toBeGreaterThan(30)
    })
  }
})
