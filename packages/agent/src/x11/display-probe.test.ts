import { type AddressInfo, createServer, type Server, type Socket } from 'node:net'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type Xvfb, startXvfb } from '../test-support/xvfb.js'
import { displayAnswers } from './display-probe.js'

describe('displayAnswers', () => {
  let xvfb: Xvfb

  beforeAll(async () => {
    xvfb = await startXvfb('320x200')
  })

  afterAll(async () => {
    await xvfb.stop()
  })

  it('is true for a running X server', async () => {
    expect(await displayAnswers(xvfb.display)).toBe(true)
  })

  it('is false with no DISPLAY, for a display nobody serves, and for nonsense', async () => {
    expect(await displayAnswers(undefined)).toBe(false)
    expect(await displayAnswers('')).toBe(false)
    expect(await displayAnswers(':987')).toBe(false)
    expect(await displayAnswers('not a display')).toBe(false)
  })

  it('is false once the X server has gone', async () => {
    const display = await startXvfb('320x200')
    expect(await displayAnswers(display.display)).toBe(true)
    await display.stop()
    expect(await displayAnswers(display.display)).toBe(false)
  })

  describe('a socket that accepts and never answers', () => {
    let server: Server
    const sockets = new Set<Socket>()

    beforeAll(async () => {
      server = createServer((socket) => sockets.add(socket))
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    })

    afterAll(async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    })

    it('counts as no display after the timeout', async () => {
      // Display N over TCP is port 6000 + N.
      const display = (server.address() as AddressInfo).port - 6000
      expect(await displayAnswers(`127.0.0.1:${display}`, 200)).toBe(false)
      expect(sockets.size).toBe(1)
    })
  })
})
