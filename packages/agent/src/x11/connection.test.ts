import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type Xvfb, startXvfb } from '../test-support/xvfb.js'
import { X11Error, closeX11, connectX11, whileConnected } from './connection.js'

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

describe('whileConnected', () => {
  let xvfb: Xvfb

  beforeAll(async () => {
    xvfb = await startXvfb('320x200')
  })

  afterAll(async () => {
    await xvfb.stop()
  })

  it('keeps nothing of a finished request alive (a screen grab per frame would leak)', async () => {
    const connection = await connectX11(xvfb.display)
    const refs: WeakRef<Buffer>[] = []
    for (let i = 0; i < 20; i += 1) {
      const grab = Buffer.alloc(1024 * 1024)
      refs.push(new WeakRef(grab))
      await whileConnected(connection, Promise.resolve(grab))
    }
    for (let round = 0; round < 3; round += 1) {
      collectGarbage()
      await new Promise((resolve) => setImmediate(resolve))
    }
    // The last one may still sit in this function's frame; racing against the connection's
    // `lost` promise kept all twenty.
    expect(refs.filter((ref) => ref.deref() !== undefined).length).toBeLessThanOrEqual(1)
    await closeX11(connection)
  })

  it('rejects pending work once the display goes away, and work after that at once', async () => {
    const display = await startXvfb('320x200')
    const connection = await connectX11(display.display)
    const pending = expect(
      whileConnected(connection, new Promise<never>(() => undefined)),
    ).rejects.toBeInstanceOf(X11Error)
    await display.stop()
    await pending
    await expect(whileConnected(connection, new Promise(() => undefined))).rejects.toThrow(
      /closed the connection/,
    )
  })
})
