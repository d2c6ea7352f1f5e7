import { describe, expect, it } from 'vitest'

import { deferredRelayLink } from './deferred-relay-link.js'
import type { RelayLink, RelayLinkEvents } from './relay-link.js'

function recorder() {
  const closes: [number, string][] = []
  const events: RelayLinkEvents = {
    onMessage: () => undefined,
    onFrame: () => undefined,
    onBadFrame: () => undefined,
    onClose: (code, reason) => closes.push([code, reason]),
  }
  const opened: string[] = []
  const sent: unknown[] = []
  const open = (token: string): RelayLink => {
    opened.push(token)
    return {
      send: (message) => sent.push(message),
      sendFrame: (frame) => sent.push(frame),
      bufferedAmount: () => 7,
      close: () => sent.push('closed'),
    }
  }
  return { closes, events, opened, sent, open }
}

describe('deferredRelayLink', () => {
  it('[D5] opens the link with the fresh token once it comes, and sends nothing before', async () => {
    const r = recorder()
    let give: (token: string | null) => void = () => undefined
    const link = deferredRelayLink(new Promise((resolve) => (give = resolve)), r.open, r.events)
    link.send({ type: 'consent-granted' })
    expect(link.bufferedAmount()).toBe(0)
    give('fresh')
    await Promise.resolve()
    expect(r.opened).toEqual(['fresh'])
    link.send({ type: 'consent-granted' })
    expect(r.sent).toEqual([{ type: 'consent-granted' }])
    expect(link.bufferedAmount()).toBe(7)
    link.close()
    expect(r.sent.at(-1)).toBe('closed')
  })

  it('closes with 1013 (try again later) when no token comes, and never opens after close()', async () => {
    const none = recorder()
    deferredRelayLink(Promise.resolve(null), none.open, none.events)
    await Promise.resolve()
    expect(none.closes).toEqual([[1013, 'the server gave no fresh agent token in time']])
    const failed = recorder()
    deferredRelayLink(Promise.reject(new Error('socket gone')), failed.open, failed.events)
    await new Promise((resolve) => setImmediate(resolve))
    expect(failed.closes[0]?.[0]).toBe(1013)
    const closed = recorder()
    deferredRelayLink(Promise.resolve('late'), closed.open, closed.events).close()
    await Promise.resolve()
    expect(closed.opened).toEqual([])
    expect(closed.closes).toEqual([])
  })
})
