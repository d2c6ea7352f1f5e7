/**
 * The installed agent's service loop (SPEC.md D1–D4): keeps `/ws/device` open, reconnecting
 * by itself with capped exponential backoff and jitter after any loss; follows the policy
 * the server says; answers each `connect-request` by running one session (or `connect-refused`
 * when one already runs or there is no display); hands the running session a fresh agent token
 * when its link dropped (SPEC.md D5: a `connect-request` for the same session); rejoins without
 * asking only a session this computer accepted (`resume`, after a restart), waiting for the
 * desktop to come up when the service started before it; and stops for good when the server
 * says the device is revoked or unknown.
 * @module
 */
import { type AccessPolicy, CloseCode, type ServerToDevice } from '@tasuke/protocol'

import type { MessageOf } from '@tasuke/protocol'

import { stricterPolicy } from './access-policy.js'
import type { AcceptedSessions } from './accepted-session.js'
import { type Backoff, backoffDelay, DEFAULT_BACKOFF } from './backoff.js'
import type { DeviceLink, DeviceLinkEvents } from './device-link.js'

export type ConnectRequest = MessageOf<ServerToDevice, 'connect-request'>

/** How long the running session waits for a fresh agent token it asked for. */
export const TOKEN_WAIT_MS = 15_000

/**
 * How long a session this computer accepted waits for its display after a restart (the service
 * starts before anyone has logged in); within the relay's 10 minutes for a restarting computer.
 */
export const DISPLAY_WAIT_MS = 5 * 60_000
/** How often the display is tried meanwhile. */
export const DISPLAY_POLL_MS = 2_000

/** Fresh agent tokens for the running session, asked of the server over the device socket. */
export interface SessionTokens {
  /** The next token for this session, or null when none came in time. */
  next(): Promise<string | null>
}

/** One session the service runs. */
export interface SessionRun {
  readonly request: ConnectRequest
  /** The policy of the click made stricter by the device's own; `connect` for a resume. */
  readonly policy: AccessPolicy
  /** A session this computer accepted before (its link dropped, or it restarted). */
  readonly isResumed: boolean
  readonly tokens: SessionTokens
  /** The customer (or the policy) accepted: the session may be resumed after a restart. */
  readonly onAccepted: () => void
}

/** Why the service stopped for good. */
export type ServiceEnd = 'revoked' | 'unauthorized' | 'incompatible' | 'stopped'

export interface DeviceServiceDeps {
  readonly openLink: (events: DeviceLinkEvents) => DeviceLink
  /** The device's own policy from device.json: it only ever makes the server's stricter. */
  readonly localPolicy: AccessPolicy | null
  /** Whether a display to share answers right now. */
  readonly hasDisplay: () => Promise<boolean>
  /** Runs one unattended session with consent settled by `run.policy`; resolves when it is over. */
  readonly runSession: (run: SessionRun) => Promise<void>
  /** The session this computer accepted, kept across a restart (session.json). */
  readonly acceptedSessions: AcceptedSessions
  /** Told on every change of connection (for state.json and the log). */
  readonly onStatus: (status: DeviceStatus) => void
  readonly log: (line: string) => void
  readonly backoff?: Backoff
  /** Overrides TOKEN_WAIT_MS (tests). */
  readonly tokenWaitMs?: number
  /** Overrides DISPLAY_WAIT_MS and DISPLAY_POLL_MS (tests). */
  readonly displayWait?: { readonly waitMs: number; readonly pollMs: number }
}

export type DeviceStatus =
  | {
      readonly online: true
      readonly tenantName: string
      readonly deviceName: string
      readonly policy: AccessPolicy
    }
  | { readonly online: false; readonly problem: string }

export interface DeviceService {
  /** Resolves when the service stopped for good. */
  readonly ended: Promise<ServiceEnd>
  /** Stops it (a signal): the socket closes, no reconnect. */
  stop(): void
}

export function startDeviceService(deps: DeviceServiceDeps): DeviceService {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF
  let attempt = 0
  let link: DeviceLink | null = null
  let retry: NodeJS.Timeout | undefined
  let serverPolicy: AccessPolicy = { mode: 'always-ask' }
  let running: Running | null = null
  let over = false
  let end: (reason: ServiceEnd) => void = () => undefined
  const ended = new Promise<ServiceEnd>((resolve) => {
    end = (reason) => {
      if (over) return
      over = true
      clearTimeout(retry)
      link?.close()
      resolve(reason)
    }
  })

  const handle = (current: DeviceLink, message: ServerToDevice) => {
    switch (message.type) {
      case 'device-welcome':
        attempt = 0
        serverPolicy = message.policy
        deps.log(`online as "${message.deviceName}" for ${message.tenantName}`)
        deps.onStatus({
          online: true,
          tenantName: message.tenantName,
          deviceName: message.deviceName,
          policy: stricterPolicy(serverPolicy, deps.localPolicy),
        })
        return
      case 'policy-changed':
        serverPolicy = message.policy
        deps.log(
          `the access policy is now ${describe(stricterPolicy(serverPolicy, deps.localPolicy))}`,
        )
        return
      case 'connect-request':
        connect(current, message)
        return
      case 'error':
        deps.log(`server error ${message.code}: ${message.message}`)
        return
      case 'heartbeat':
        return
    }
  }

  const connect = (current: DeviceLink, request: ConnectRequest) => {
    if (running?.sessionId === request.sessionId) {
      // The running session's fresh token (its link dropped, or the device socket came back).
      running.deliver(request.agentToken)
      return
    }
    if (running?.isWaitingForDisplay === true) {
      // Nothing of it is shown yet: the operator's new click takes its place.
      deps.log(
        `connection from ${request.operatorName} replaces the session waiting for the display`,
      )
      running.supersede()
      running = null
    }
    if (running !== null) {
      deps.log(`connection from ${request.operatorName} refused: a session already runs`)
      current.send({ type: 'connect-refused', sessionId: request.sessionId, reason: 'busy' })
      return
    }
    start(request)
  }

  /**
   * Whether the display answers; for a session this computer accepted before a restart, waits
   * for it (polling) up to the display wait, since the service may start before the desktop.
   */
  const displayReady = async (
    run: Running,
    request: ConnectRequest,
    isResumed: boolean,
  ): Promise<'ready' | 'came-up' | 'none'> => {
    if (await deps.hasDisplay()) return 'ready'
    if (!isResumed) return 'none'
    const { waitMs, pollMs } = deps.displayWait ?? {
      waitMs: DISPLAY_WAIT_MS,
      pollMs: DISPLAY_POLL_MS,
    }
    deps.log(
      `the session of ${request.operatorName} waits up to ${Math.round(waitMs / 1000)} s for the display`,
    )
    const deadline = Date.now() + waitMs
    run.isWaitingForDisplay = true
    try {
      while (!over && !run.isSuperseded() && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, pollMs))
        if (!run.isSuperseded() && (await deps.hasDisplay())) return 'came-up'
      }
      return 'none'
    } finally {
      run.isWaitingForDisplay = false
    }
  }

  const start = (request: ConnectRequest) => {
    const { sessionId } = request
    const run = new Running(sessionId)
    running = run
    const tokens: SessionTokens = {
      next: () => {
        const waiting = run.nextToken(deps.tokenWaitMs ?? TOKEN_WAIT_MS)
        // Asked on the socket open now; a socket that comes back is handed the token anyway.
        link?.send({ type: 'session-resume', sessionId })
        return waiting
      },
    }
    const work = async () => {
      const isResumed =
        request.resume === true && (await deps.acceptedSessions.isAccepted(sessionId))
      const display = await displayReady(run, request, isResumed)
      if (display === 'none') {
        deps.log(`connection from ${request.operatorName} refused: no display to share`)
        link?.send({ type: 'connect-refused', sessionId, reason: 'no-display' })
        return
      }
      // The request's single-use token is short-lived: after a wait, the session joins with a
      // fresh one.
      let joining = request
      if (display === 'came-up') {
        const agentToken = await tokens.next()
        if (agentToken === null) {
          deps.log(`the session of ${request.operatorName} got no fresh token; it is over`)
          return
        }
        joining = { ...request, agentToken }
      }
      // The policy of the click, made stricter by the device's own (SPEC.md D3); a session
      // this computer accepted already goes on without asking again (D5).
      const policy: AccessPolicy = isResumed
        ? { mode: 'connect' }
        : stricterPolicy(request.policy, deps.localPolicy)
      deps.log(
        isResumed
          ? `session of ${request.operatorName} resumed`
          : `connection from ${request.operatorName} (${describe(policy)})`,
      )
      await deps.runSession({
        request: joining,
        policy,
        isResumed,
        tokens,
        onAccepted: () => {
          deps.acceptedSessions.remember(sessionId).catch((error: unknown) => {
            deps.log(`session.json could not be written: ${String(error)}`)
          })
        },
      })
    }
    work()
      .catch((error: unknown) => {
        deps.log(`the session failed: ${String(error)}`)
      })
      .finally(() => {
        if (running === run) running = null
        run.deliver(null)
        deps.acceptedSessions.forget(sessionId).catch(() => undefined)
      })
  }

  const closed = (code: number, reason: string) => {
    link = null
    if (over) return
    const why = reason === '' ? `code ${code}` : `${reason} (${code})`
    switch (code) {
      case CloseCode.DeviceRevoked:
        deps.log(`the support company revoked this computer; the service stops for good: ${why}`)
        deps.onStatus({ online: false, problem: 'revoked' })
        end('revoked')
        return
      case CloseCode.Unauthorized:
        deps.log(`the server does not know this computer's credentials; the service stops: ${why}`)
        deps.onStatus({ online: false, problem: 'unauthorized' })
        end('unauthorized')
        return
      case CloseCode.IncompatibleVersion:
        deps.log(`the server speaks another protocol version; update the agent: ${why}`)
        deps.onStatus({ online: false, problem: 'incompatible' })
        end('incompatible')
        return
      default:
        break
    }
    const delay = backoffDelay(backoff, attempt)
    attempt += 1
    deps.log(`disconnected: ${why}; reconnecting in ${Math.round(delay / 100) / 10} s`)
    deps.onStatus({ online: false, problem: why })
    retry = setTimeout(open, delay)
  }

  const open = () => {
    if (over) return
    const opened: DeviceLink = deps.openLink({
      onMessage: (message) => {
        if (link === opened) handle(opened, message)
      },
      onClose: (code, reason) => {
        if (link === opened) closed(code, reason)
      },
    })
    link = opened
  }

  open()
  return {
    ended,
    stop: () => {
      end('stopped')
    },
  }
}

/** The session the service runs, and the fresh tokens it waits for. */
class Running {
  private readonly waiters = new Set<(token: string | null) => void>()
  /** A token that came before anyone asked (the device socket came back first). */
  private spare: string | null = null
  /** A resumed session waiting for its display: nothing of it runs yet. */
  isWaitingForDisplay = false
  #isSuperseded = false

  /** A new connection takes its place while it waits for its display. */
  supersede(): void {
    this.#isSuperseded = true
  }

  isSuperseded(): boolean {
    return this.#isSuperseded
  }

  constructor(readonly sessionId: string) {}

  nextToken(waitMs: number): Promise<string | null> {
    if (this.spare !== null) {
      const token = this.spare
      this.spare = null
      return Promise.resolve(token)
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(done)
        resolve(null)
      }, waitMs)
      const done = (token: string | null) => {
        clearTimeout(timer)
        resolve(token)
      }
      this.waiters.add(done)
    })
  }

  deliver(token: string | null): void {
    if (this.waiters.size === 0) {
      this.spare = token
      return
    }
    for (const waiter of [...this.waiters]) waiter(token)
    this.waiters.clear()
  }
}

function describe(policy: AccessPolicy): string {
  return policy.mode === 'ask-then-connect'
    ? `ask-then-connect ${policy.askSeconds} s`
    : policy.mode
}
