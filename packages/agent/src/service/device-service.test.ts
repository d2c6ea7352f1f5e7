/**
 * The service loop's decisions with a scripted socket: reconnecting with backoff after a
 * loss, busy and no-display refusals, the device's stricter policy, fresh tokens for a session
 * whose link dropped, resuming only a session this computer accepted, and stopping for good.
 * The real socket against the real server is in installed-agent.relay.test.ts.
 */
import type { AccessPolicy, DeviceToServer, ServerToDevice } from '@tasuke/protocol'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { DeviceLink, DeviceLinkEvents } from './device-link.js'
import type { AcceptedSessions } from './accepted-session.js'
import { type DeviceServiceDeps, type SessionRun, startDeviceService } from './device-service.js'

interface ScriptedLink {
  readonly events: DeviceLinkEvents
  readonly sent: DeviceToServer[]
  isClosed: boolean
}

const WELCOME: ServerToDevice = {
  type: 'device-welcome',
  deviceName: 'front-desk',
  tenantName: 'Example Support',
  policy: { mode: 'connect' },
}

const request = (
  sessionId: string,
  policy: AccessPolicy = { mode: 'connect' },
  extra: { agentToken?: string; resume?: boolean } = {},
): ServerToDevice => ({
  type: 'connect-request',
  sessionId,
  agentToken: extra.agentToken ?? 'tok',
  operatorName: 'Olga',
  policy,
  ...(extra.resume === undefined ? {} : { resume: extra.resume }),
})

/** session.json in memory (the file itself is tested in accepted-session.test.ts). */
function memoryAcceptedSessions(): AcceptedSessions & { current: string | null } {
  const store = {
    current: null as string | null,
    isAccepted: (id: string) => Promise.resolve(store.current === id),
    remember: (id: string) => {
      store.current = id
      return Promise.resolve()
    },
    forget: (id: string) => {
      if (store.current === id) store.current = null
      return Promise.resolve()
    },
  }
  return store
}

describe('startDeviceService', () => {
  let links: ScriptedLink[]
  let sessions: (SessionRun & { finish: () => void })[]
  let log: string[]
  let display: boolean
  let accepted: ReturnType<typeof memoryAcceptedSessions>

  beforeEach(() => {
    vi.useFakeTimers()
    links = []
    sessions = []
    log = []
    display = true
    accepted = memoryAcceptedSessions()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const start = (overrides: Partial<DeviceServiceDeps> = {}) =>
    startDeviceService({
      openLink: (events) => {
        const link: ScriptedLink = { events, sent: [], isClosed: false }
        links.push(link)
        const opened: DeviceLink = {
          send: (message) => link.sent.push(message),
          close: () => {
            link.isClosed = true
          },
        }
        return opened
      },
      localPolicy: null,
      hasDisplay: () => Promise.resolve(display),
      runSession: (run) =>
        new Promise<void>((finish) => {
          sessions.push({ ...run, finish })
        }),
      acceptedSessions: accepted,
      tokenWaitMs: 5_000,
      onStatus: () => undefined,
      log: (line) => log.push(line),
      backoff: { baseMs: 1_000, maxMs: 8_000 },
      ...overrides,
    })

  it('reconnects after a loss with growing, capped waits, and from the start after a welcome', async () => {
    start()
    const waits: number[] = []
    for (let attempt = 0; attempt < 5; attempt++) {
      links.at(-1)?.events.onClose(1006, 'network down')
      const count = links.length
      let waited = 0
      while (links.length === count) {
        await vi.advanceTimersByTimeAsync(100)
        waited += 100
      }
      waits.push(waited)
    }
    // Each wait lies between half its ceiling and the ceiling: 1, 2, 4, 8, 8 s.
    ;[1_000, 2_000, 4_000, 8_000, 8_000].forEach((ceiling, index) => {
      expect(waits[index]).toBeGreaterThanOrEqual(ceiling / 2)
      expect(waits[index]).toBeLessThanOrEqual(ceiling + 100)
    })
    links.at(-1)?.events.onMessage(WELCOME)
    links.at(-1)?.events.onClose(4013, 'heartbeat timeout')
    await vi.advanceTimersByTimeAsync(1_100)
    expect(links).toHaveLength(7)
  })

  it('[D3] runs one session at a time: a second connect-request is refused busy', async () => {
    start()
    const link = links[0]
    link?.events.onMessage(WELCOME)
    link?.events.onMessage(request('s1'))
    link?.events.onMessage(request('s2'))
    await vi.advanceTimersByTimeAsync(0)
    expect(sessions.map((session) => session.request.sessionId)).toEqual(['s1'])
    expect(link?.sent).toEqual([{ type: 'connect-refused', sessionId: 's2', reason: 'busy' }])
    sessions[0]?.finish()
    await vi.advanceTimersByTimeAsync(0)
    link?.events.onMessage(request('s3'))
    await vi.advanceTimersByTimeAsync(0)
    expect(sessions.map((session) => session.request.sessionId)).toEqual(['s1', 's3'])
  })

  it('[D3] refuses with no-display when there is no display to share', async () => {
    display = false
    start()
    links[0]?.events.onMessage(request('s1'))
    await vi.advanceTimersByTimeAsync(0)
    expect(sessions).toEqual([])
    expect(links[0]?.sent).toEqual([
      { type: 'connect-refused', sessionId: 's1', reason: 'no-display' },
    ])
    // Refused at once: nothing waits for a display that a new connection does not get.
    display = true
    await vi.advanceTimersByTimeAsync(60_000)
    expect(sessions).toEqual([])
  })

  /** A service that accepted s1, then a restarted one (a reboot) on the same session.json. */
  const restartedAfterAccepting = async (displayWait: { waitMs: number; pollMs: number }) => {
    start()
    links[0]?.events.onMessage(request('s1'))
    await vi.advanceTimersByTimeAsync(0)
    sessions[0]?.onAccepted()
    await vi.advanceTimersByTimeAsync(0)
    sessions.length = 0
    display = false
    start({ displayWait })
    const link = links.at(-1)
    link?.events.onMessage(WELCOME)
    link?.events.onMessage(request('s1', { mode: 'connect' }, { resume: true, agentToken: 'old' }))
    await vi.advanceTimersByTimeAsync(0)
    return link
  }

  it('[D5] a resumed session waits for the display after a restart, then joins with a fresh token', async () => {
    const link = await restartedAfterAccepting({ waitMs: 60_000, pollMs: 2_000 })
    await vi.advanceTimersByTimeAsync(20_000)
    expect(sessions).toEqual([])
    expect(link?.sent).toEqual([])
    expect(log.join('\n')).toMatch(/waits up to 60 s for the display/)
    display = true
    await vi.advanceTimersByTimeAsync(2_000)
    // The token of the request has long expired: the session asks for a fresh one.
    expect(link?.sent.at(-1)).toEqual({ type: 'session-resume', sessionId: 's1' })
    link?.events.onMessage(request('s1', { mode: 'connect' }, { agentToken: 'fresh' }))
    await vi.advanceTimersByTimeAsync(0)
    expect(sessions).toHaveLength(1)
    expect(sessions[0]).toMatchObject({
      isResumed: true,
      policy: { mode: 'connect' },
      request: { sessionId: 's1', agentToken: 'fresh' },
    })
  })

  it('[D5] a new connection while a resumed session waits for the display takes its place', async () => {
    const link = await restartedAfterAccepting({ waitMs: 60_000, pollMs: 2_000 })
    await vi.advanceTimersByTimeAsync(4_000)
    display = true
    link?.events.onMessage(request('s2', { mode: 'connect' }))
    await vi.advanceTimersByTimeAsync(2_000)
    // s2 runs under its own policy; s1, of which nothing was shown, is given up.
    expect(sessions.map((run) => [run.request.sessionId, run.isResumed])).toEqual([['s2', false]])
    expect(link?.sent).toEqual([{ type: 'connect-refused', sessionId: 's1', reason: 'no-display' }])
    expect(log.join('\n')).toMatch(/replaces the session waiting for the display/)
    // A third one now is refused busy, as always while a session runs.
    link?.events.onMessage(request('s3'))
    expect(link?.sent.at(-1)).toEqual({ type: 'connect-refused', sessionId: 's3', reason: 'busy' })
  })

  it('[D5] a resumed session whose display never comes is refused no-display after the wait', async () => {
    const link = await restartedAfterAccepting({ waitMs: 10_000, pollMs: 2_000 })
    await vi.advanceTimersByTimeAsync(9_000)
    expect(link?.sent).toEqual([])
    await vi.advanceTimersByTimeAsync(3_000)
    expect(sessions).toEqual([])
    expect(link?.sent).toEqual([{ type: 'connect-refused', sessionId: 's1', reason: 'no-display' }])
    expect(accepted.current).toBeNull()
  })

  it('[D3] settles consent by the stricter of the request’s policy and the device’s own', async () => {
    start({ localPolicy: { mode: 'ask-then-connect', askSeconds: 30 } })
    links[0]?.events.onMessage(request('s1', { mode: 'connect' }))
    await vi.advanceTimersByTimeAsync(0)
    expect(sessions[0]?.policy).toEqual({ mode: 'ask-then-connect', askSeconds: 30 })
    expect(sessions[0]?.isResumed).toBe(false)
  })

  it('[D5] a dropped session asks for a fresh token and gets the one the server sends for it', async () => {
    start()
    links[0]?.events.onMessage(WELCOME)
    links[0]?.events.onMessage(request('s1'))
    await vi.advanceTimersByTimeAsync(0)
    const run = sessions[0]
    const fresh = run?.tokens.next()
    expect(links[0]?.sent).toEqual([{ type: 'session-resume', sessionId: 's1' }])
    // The token for the running session is not a second session, nor a busy refusal.
    links[0]?.events.onMessage(request('s1', { mode: 'connect' }, { agentToken: 'fresh' }))
    expect(await fresh).toBe('fresh')
    expect(sessions).toHaveLength(1)
    // A token that arrives before anyone asks (the device socket came back first) is kept.
    links[0]?.events.onMessage(request('s1', { mode: 'connect' }, { agentToken: 'early' }))
    expect(await run?.tokens.next()).toBe('early')
    // None in time: null, and the session's own schedule tries again.
    const late = run?.tokens.next()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(await late).toBeNull()
  })

  it('[D5] resumes without asking only a session this computer accepted', async () => {
    start({ localPolicy: { mode: 'always-ask' } })
    links[0]?.events.onMessage(request('s1', { mode: 'connect' }))
    await vi.advanceTimersByTimeAsync(0)
    sessions[0]?.onAccepted()
    await vi.advanceTimersByTimeAsync(0)
    expect(accepted.current).toBe('s1')
    // The service restarts (a reboot): a fresh service is handed the session back.
    const restarted: typeof sessions = []
    startDeviceService({
      openLink: (events) => {
        const link: ScriptedLink = { events, sent: [], isClosed: false }
        links.push(link)
        return { send: (message) => link.sent.push(message), close: () => undefined }
      },
      localPolicy: { mode: 'always-ask' },
      hasDisplay: () => Promise.resolve(true),
      runSession: (run) =>
        new Promise<void>((finish) => {
          restarted.push({ ...run, finish })
        }),
      acceptedSessions: accepted,
      onStatus: () => undefined,
      log: () => undefined,
    })
    links.at(-1)?.events.onMessage(request('s1', { mode: 'connect' }, { resume: true }))
    await vi.advanceTimersByTimeAsync(0)
    expect(restarted[0]).toMatchObject({ isResumed: true, policy: { mode: 'connect' } })
    restarted[0]?.finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(accepted.current).toBeNull()
    // A "resume" of a session it never accepted is a new connection under its policy.
    links.at(-1)?.events.onMessage(request('s9', { mode: 'connect' }, { resume: true }))
    await vi.advanceTimersByTimeAsync(0)
    expect(restarted[1]).toMatchObject({ isResumed: false, policy: { mode: 'always-ask' } })
  })

  it('[D4] stops for good when revoked, and does not reconnect', async () => {
    const service = start()
    links[0]?.events.onClose(4014, 'The support company revoked this computer.')
    expect(await service.ended).toBe('revoked')
    await vi.advanceTimersByTimeAsync(120_000)
    expect(links).toHaveLength(1)
    expect(log.join('\n')).toMatch(/revoked this computer; the service stops for good/)
  })

  it('stops for good on unknown credentials; stop() closes the socket', async () => {
    const refused = start()
    links[0]?.events.onClose(4001, 'Unknown computer or wrong credentials.')
    expect(await refused.ended).toBe('unauthorized')
    const stopped = start()
    stopped.stop()
    expect(await stopped.ended).toBe('stopped')
    expect(links[1]?.isClosed).toBe(true)
  })
})
