/**
 * Where the viewer's session stands, as one discriminated union the page renders, and who
 * ended it. DOM-free.
 */
import { CloseCode, type SessionEndReason } from '@tasuke/protocol'

/** Who or what ended the session, in the words the page shows. */
export const EndedBy = {
  Customer: 'customer',
  Operator: 'operator',
  ConnectionLost: 'connection-lost',
  Expired: 'expired',
  /** The handshake failed or a frame did not open or decode: no plaintext fallback. */
  Error: 'error',
  /** The server refused the socket (not signed in, not this operator's session, …). */
  Refused: 'refused',
  /** The same session was opened in another tab or window. */
  Replaced: 'replaced',
  /** The server closed the session without saying who ended it (it was over already). */
  Over: 'over',
} as const
/** A value of {@link EndedBy}. */
export type EndedBy = (typeof EndedBy)[keyof typeof EndedBy]

export type ViewerState =
  /** The socket is opening (or re-opening after a drop). */
  | { readonly phase: 'connecting'; readonly isReconnect: boolean }
  /** The customer has not connected (or not accepted) yet. */
  | { readonly phase: 'waiting' }
  /** The customer accepted; the end-to-end handshake runs. */
  | { readonly phase: 'securing' }
  /** Keys agreed: the picture and input flow. */
  | { readonly phase: 'active'; readonly verificationCode: string }
  /**
   * The customer's connection dropped, or their computer restarts at the operator's request
   * (`isRestarting`); the relay waits for it to come back.
   */
  | { readonly phase: 'peer-away'; readonly isRestarting: boolean }
  | {
      readonly phase: 'ended'
      readonly endedBy: EndedBy
      /** The protocol's reason when one was given. */
      readonly reason: SessionEndReason | null
      /** Technical detail for an error, shown under the sentence. */
      readonly detail: string | null
    }

/**
 * What the customer allows right now, from the agent's `customer-controls` (SPEC.md P6):
 * while paused no picture comes, while view-only the operator's input is not sent.
 */
export interface CustomerControls {
  readonly isPaused: boolean
  readonly isViewOnly: boolean
}

/** Until the agent says otherwise: the customer agreed to both when accepting. */
export const CUSTOMER_ALLOWS_ALL: CustomerControls = { isPaused: false, isViewOnly: false }

/** Who ended the session, from a `session-ended` or peer `end` reason. */
export function endedByReason(reason: SessionEndReason): EndedBy {
  switch (reason) {
    case 'customer-ended':
    case 'consent-declined':
      return EndedBy.Customer
    case 'operator-ended':
      return EndedBy.Operator
    case 'connection-lost':
      return EndedBy.ConnectionLost
    case 'expired':
      return EndedBy.Expired
    case 'handshake-failed':
    case 'verification-mismatch':
    case 'error':
      return EndedBy.Error
    case 'device-revoked':
    case 'device-busy':
    case 'no-display':
      return EndedBy.Refused
  }
}

/** Who ended the session, from a close code that does not allow reconnecting. */
export function endedByCloseCode(code: number): EndedBy {
  switch (code) {
    case CloseCode.Unauthorized:
    case CloseCode.Forbidden:
    case CloseCode.SessionNotFound:
      return EndedBy.Refused
    case CloseCode.SessionExpired:
      return EndedBy.Expired
    case CloseCode.Replaced:
      return EndedBy.Replaced
    case CloseCode.SessionEnded:
      return EndedBy.Over
    case CloseCode.ProtocolError:
    case CloseCode.HandshakeFailed:
    case CloseCode.TooLarge:
    case CloseCode.IncompatibleVersion:
      return EndedBy.Error
    default:
      return EndedBy.ConnectionLost
  }
}
