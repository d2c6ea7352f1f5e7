/**
 * The support-session life cycle as a pure transition table (DESIGN.md "Session lifecycle"):
 *
 *   waiting ──redeem──▶ connecting ──pair──▶ active ──end──▶ ended
 *      │                    │  └──────────end──────────────▶ ended
 *      ├──expire──▶ expired └──cancel──▶ cancelled
 *      └──cancel──▶ cancelled
 *
 * Everything else is refused with a SessionTransitionError. No I/O here: sessions.ts applies
 * the result to the store.
 */
import type { SessionMethod, SessionState } from '../store/schema.js'

export const SESSION_STATES = [
  'waiting',
  'connecting',
  'active',
  'ended',
  'expired',
  'cancelled',
] as const satisfies readonly SessionState[]

export const SESSION_METHODS = [
  'code',
  'applet',
  'email',
  'chat',
  'unattended',
] as const satisfies readonly SessionMethod[]

/** States in which the session number is still held (it sits in live_codes). */
export const LIVE_STATES = ['waiting', 'connecting', 'active'] as const satisfies SessionState[]

export const SessionEvent = {
  /** The customer redeemed the number. */
  Redeem: 'redeem',
  /** The relay paired agent and console. */
  Pair: 'pair',
  /** Either side ended it, or the connection was lost for good. */
  End: 'end',
  /** Nobody redeemed the number before it expired. */
  Expire: 'expire',
  /** The operator withdrew the number. */
  Cancel: 'cancel',
} as const
export type SessionEvent = (typeof SessionEvent)[keyof typeof SessionEvent]

/** What a finished session is recorded as in the connection history. */
export const SessionOutcome = {
  Completed: 'completed',
  Cancelled: 'cancelled',
  Expired: 'expired',
  /** The customer did not accept in the consent window. */
  Declined: 'declined',
  /** Redeemed, but the agent never connected. */
  NotConnected: 'not-connected',
  Failed: 'failed',
} as const
export type SessionOutcome = (typeof SessionOutcome)[keyof typeof SessionOutcome]

export class SessionTransitionError extends Error {
  override readonly name = 'SessionTransitionError'
  constructor(
    readonly from: SessionState,
    readonly event: SessionEvent,
  ) {
    super(`a ${from} session cannot take the event '${event}'`)
  }
}

type Transitions = Readonly<Partial<Record<SessionEvent, SessionState>>>

function transitionsFrom(state: SessionState): Transitions {
  switch (state) {
    case 'waiting':
      return { redeem: 'connecting', expire: 'expired', cancel: 'cancelled' }
    case 'connecting':
      return { pair: 'active', end: 'ended', cancel: 'cancelled' }
    case 'active':
      return { end: 'ended' }
    case 'ended':
    case 'expired':
    case 'cancelled':
      return {}
    default:
      return assertNever(state)
  }
}

/** The state after `event`, or null when the event is not allowed in `from`. */
export function nextState(from: SessionState, event: SessionEvent): SessionState | null {
  return transitionsFrom(from)[event] ?? null
}

/** The state after `event`; throws SessionTransitionError when it is not allowed. */
export function transition(from: SessionState, event: SessionEvent): SessionState {
  const to = nextState(from, event)
  if (to === null) throw new SessionTransitionError(from, event)
  return to
}

export function isLive(state: SessionState): boolean {
  return (LIVE_STATES as readonly SessionState[]).includes(state)
}

function assertNever(value: never): never {
  throw new Error(`unexpected session state ${String(value)}`)
}
