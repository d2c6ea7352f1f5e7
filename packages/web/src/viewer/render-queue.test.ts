import { ScreenEncoding, type ScreenUpdate, encodeCopySource } from '@tasuke/protocol'
import { describe, expect, it } from 'vitest'

import type { DecoderTable } from './decode/index'
import { ViewerError, ViewerErrorReason } from './errors'
import { RenderQueue } from './render-queue'

/** A bitmap stand-in that remembers which update it came from and whether it was closed. */
interface FakeBitmap {
  readonly label: string
  isClosed: boolean
  close(): void
}

/** Decodes that finish only when the test says so, in whatever order it likes. */
function controlledDecoders() {
  const pending = new Map<
    string,
    { resolve: (bitmap: FakeBitmap) => void; reject: (error: Error) => void }
  >()
  const bitmaps: FakeBitmap[] = []
  const decode = (bytes: Uint8Array) =>
    new Promise<ImageBitmap>((resolve, reject) => {
      const label = new TextDecoder().decode(bytes)
      pending.set(label, {
        resolve: (bitmap) => {
          resolve(bitmap as unknown as ImageBitmap)
        },
        reject,
      })
    })
  const table: DecoderTable = {
    [ScreenEncoding.Png]: decode,
    [ScreenEncoding.Jpeg]: decode,
    [ScreenEncoding.Webp]: decode,
    [ScreenEncoding.Zlib]: decode,
  }
  return {
    table,
    bitmaps,
    finish(label: string) {
      const bitmap: FakeBitmap = {
        label,
        isClosed: false,
        close() {
          this.isClosed = true
        },
      }
      bitmaps.push(bitmap)
      pending.get(label)?.resolve(bitmap)
    },
    fail(label: string) {
      pending.get(label)?.reject(new Error(`corrupt ${label}`))
    },
  }
}

function update(label: string, encoding: number = ScreenEncoding.Png): ScreenUpdate {
  return {
    x: 0,
    y: 0,
    width: 4,
    height: 4,
    encoding: encoding as ScreenEncoding,
    image: new TextEncoder().encode(label),
  }
}

function setup() {
  const decoders = controlledDecoders()
  const log: string[] = []
  const skipped: { reason: ViewerError['reason']; sequence: number }[] = []
  const queue = new RenderQueue(
    {
      resize: (width, height) => log.push(`resize ${width}x${height}`),
      draw: (bitmap) => log.push(`draw ${(bitmap as unknown as FakeBitmap).label}`),
      copy: (source, target) => {
        if (source.x >= 100) throw new ViewerError(ViewerErrorReason.BadCopy, 'outside')
        log.push(`copy ${source.x},${source.y} to ${target.x},${target.y}`)
      },
    },
    decoders.table,
    {
      onPainted: (sequence) => log.push(`painted ${sequence}`),
      onSkipped: (error, sequence) => {
        skipped.push({ reason: error.reason, sequence })
        log.push(`skipped ${sequence}`)
      },
    },
  )
  return { queue, decoders, log, skipped }
}

describe('RenderQueue', () => {
  it('[lesson 1] paints in arrival order and reports each painted sequence, whatever order decodes finish in', async () => {
    const { queue, decoders, log } = setup()
    queue.pushUpdate(update('a'), 1)
    queue.pushUpdate(update('b'), 2)
    queue.pushUpdate(update('c'), 3)
    decoders.finish('c')
    decoders.finish('b')
    await Promise.resolve()
    expect(log).toEqual([])
    decoders.finish('a')
    await queue.idle()
    expect(log).toEqual(['draw a', 'painted 1', 'draw b', 'painted 2', 'draw c', 'painted 3'])
  })

  it('starts every decode at once rather than one after another', () => {
    const started: string[] = []
    const decode = (bytes: Uint8Array) => {
      started.push(new TextDecoder().decode(bytes))
      return new Promise<ImageBitmap>(() => undefined)
    }
    const queue = new RenderQueue(
      { resize: () => undefined, draw: () => undefined, copy: () => undefined },
      {
        [ScreenEncoding.Png]: decode,
        [ScreenEncoding.Jpeg]: decode,
        [ScreenEncoding.Webp]: decode,
        [ScreenEncoding.Zlib]: decode,
      },
      { onPainted: () => undefined, onSkipped: () => undefined },
    )
    queue.pushUpdate(update('a'), 1)
    queue.pushUpdate(update('b', ScreenEncoding.Jpeg), 2)
    expect(started).toEqual(['a', 'b'])
  })

  it('applies a resize after the updates queued before it and before those after it', async () => {
    const { queue, decoders, log } = setup()
    queue.pushUpdate(update('a'), 1)
    queue.pushResize(800, 600)
    queue.pushUpdate(update('b'), 2)
    decoders.finish('b')
    decoders.finish('a')
    await queue.idle()
    expect(log).toEqual(['draw a', 'painted 1', 'resize 800x600', 'draw b', 'painted 2'])
  })

  it('skips an update with an unknown encoding with a typed error and keeps painting', async () => {
    const { queue, decoders, log, skipped } = setup()
    queue.pushUpdate(update('x', 99), 1)
    queue.pushUpdate(update('b'), 2)
    decoders.finish('b')
    await queue.idle()
    expect(skipped).toEqual([{ reason: ViewerErrorReason.UnknownEncoding, sequence: 1 }])
    expect(log).toEqual(['skipped 1', 'draw b', 'painted 2'])
  })

  it('leaves no unhandled rejection when an unknown encoding waits behind a slow decode', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const { queue, decoders, skipped } = setup()
      queue.pushUpdate(update('slow'), 1)
      queue.pushUpdate(update('x', 99), 2)
      // Long enough for the runtime to report a rejection nobody has handled yet.
      await new Promise((resolve) => setTimeout(resolve, 20))
      decoders.finish('slow')
      await queue.idle()
      expect(skipped).toEqual([{ reason: ViewerErrorReason.UnknownEncoding, sequence: 2 }])
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  it('skips an image the browser cannot decode and keeps painting', async () => {
    const { queue, decoders, log, skipped } = setup()
    queue.pushUpdate(update('bad'), 1)
    queue.pushUpdate(update('b'), 2)
    decoders.finish('b')
    decoders.fail('bad')
    await queue.idle()
    expect(skipped).toEqual([{ reason: ViewerErrorReason.DecodeFailed, sequence: 1 }])
    expect(log).toEqual(['skipped 1', 'draw b', 'painted 2'])
  })

  it('closes every bitmap once painted, and those that arrive after dispose', async () => {
    const { queue, decoders, log } = setup()
    queue.pushUpdate(update('a'), 1)
    decoders.finish('a')
    await queue.idle()
    queue.pushUpdate(update('b'), 2)
    queue.dispose()
    decoders.finish('b')
    await queue.idle()
    await Promise.resolve()
    expect(log).toEqual(['draw a', 'painted 1'])
    expect(decoders.bitmaps.map((bitmap) => bitmap.isClosed)).toEqual([true, true])
    queue.pushUpdate(update('c'), 3)
    expect(log).toEqual(['draw a', 'painted 1'])
  })

  it('[F10] applies a copy after every earlier update is drawn and before any later one', async () => {
    const { queue, decoders, log, skipped } = setup()
    const copy = (x: number, y: number): ScreenUpdate => ({
      x: 0,
      y: 0,
      width: 4,
      height: 4,
      encoding: ScreenEncoding.Copy,
      image: encodeCopySource({ x, y }),
    })
    queue.pushUpdate(update('a'), 1)
    queue.pushUpdate(copy(0, 2), 2)
    queue.pushUpdate(update('b'), 3)
    queue.pushUpdate(copy(100, 0), 4)
    queue.pushUpdate({ ...copy(0, 0), image: new Uint8Array(3) }, 5)
    decoders.finish('b')
    await Promise.resolve()
    expect(log).toEqual([])
    decoders.finish('a')
    await queue.idle()
    expect(log).toEqual([
      'draw a',
      'painted 1',
      'copy 0,2 to 0,0',
      'painted 2',
      'draw b',
      'painted 3',
      'skipped 4',
      'skipped 5',
    ])
    expect(skipped).toEqual([
      { reason: ViewerErrorReason.BadCopy, sequence: 4 },
      { reason: ViewerErrorReason.BadCopy, sequence: 5 },
    ])
  })

  it('resolves idle at once when nothing is queued', async () => {
    const { queue } = setup()
    await expect(queue.idle()).resolves.toBeUndefined()
  })
})
