/** Reason and error codes carried inside messages. */
import { Incompatibility } from '../version.js'

/** Why a support session ended; carried by `end` and `session-ended`. */
export const SessionEndReason = {
  /** The customer clicked キャンセル (Cancel) or the tray's 中止 (Stop). */
  CustomerEnded: 'customer-ended',
  /** The operator ended it from the console. */
  OperatorEnded: 'operator-ended',
  /** The customer did not accept (承諾) the connection. */
  ConsentDeclined: 'consent-declined',
  /** The code or the session reached its expiry. */
  Expired: 'expired',
  /** A peer was gone for longer than the grace period. */
  ConnectionLost: 'connection-lost',
  /** The end-to-end handshake failed; there is no plaintext fallback. */
  HandshakeFailed: 'handshake-failed',
  /** Operator and customer compared verification codes and they differed. */
  VerificationMismatch: 'verification-mismatch',
  /** Something broke that the peer could not recover from. */
  Error: 'error',
  /** The installed computer was revoked (by an admin, or uninstalled) (SPEC.md D4). */
  DeviceRevoked: 'device-revoked',
  /** The installed computer already runs a session (SPEC.md D3). */
  DeviceBusy: 'device-busy',
  /** The installed computer has no display to share right now (nobody logged in) (SPEC.md D3). */
  NoDisplay: 'no-display',
} as const
/** A value of {@link SessionEndReason}. */
export type SessionEndReason = (typeof SessionEndReason)[keyof typeof SessionEndReason]

/** Why the other peer's connection went away; it may come back within the grace period. */
export const PeerLeftReason = {
  /** Its socket closed without an `end`. */
  Disconnected: 'disconnected',
  /** It stopped sending heartbeats. */
  HeartbeatTimeout: 'heartbeat-timeout',
  /**
   * The customer's computer is restarting at the operator's request (an installed agent,
   * SPEC.md D5): it comes back after the reboot, so the relay waits longer for it.
   */
  Restarting: 'restarting',
} as const
/** A value of {@link PeerLeftReason}. */
export type PeerLeftReason = (typeof PeerLeftReason)[keyof typeof PeerLeftReason]

/** What an `error` message from the server is about. */
export const ErrorCode = {
  /** The last message did not parse or validate. */
  InvalidMessage: 'invalid-message',
  /** Credentials are missing or wrong. */
  Unauthorized: 'unauthorized',
  /** Credentials do not allow this. */
  Forbidden: 'forbidden',
  /** The session does not exist. */
  SessionNotFound: 'session-not-found',
  /** The session expired. */
  SessionExpired: 'session-expired',
  /** Too many attempts or messages. */
  RateLimited: 'rate-limited',
  /** See {@link Incompatibility}. */
  ClientTooOld: Incompatibility.ClientTooOld,
  /** See {@link Incompatibility}. */
  ServerTooOld: Incompatibility.ServerTooOld,
  /** The server failed; nothing the client did. */
  Internal: 'internal',
} as const
/** A value of {@link ErrorCode}. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]
