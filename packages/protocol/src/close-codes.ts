/**
 * WebSocket close codes the server and clients use. Application codes are in the 4000 range
 * that RFC 6455 leaves to applications; `Normal` is the standard 1000 (see SPEC.md M-rules).
 * @module
 */

/** Why a WebSocket was closed. */
export const CloseCode = {
  /** Closed on purpose after the conversation finished. */
  Normal: 1000,
  /** The peer sent something that does not follow the protocol. */
  ProtocolError: 4000,
  /** No valid credentials (agent token, operator cookie) were presented. */
  Unauthorized: 4001,
  /** Valid credentials, but not for this session or tenant. */
  Forbidden: 4002,
  /** The session does not exist (or not any more). */
  SessionNotFound: 4003,
  /** The session was ended by the customer, the operator or the server. */
  SessionEnded: 4004,
  /** The session's code or connection expired. */
  SessionExpired: 4005,
  /** The other peer left and did not come back within the grace period. */
  PeerLeft: 4006,
  /** The end-to-end handshake failed; there is no plaintext fallback. */
  HandshakeFailed: 4007,
  /** A newer connection for the same peer took this one's place. */
  Replaced: 4008,
  /** The server node is shutting down; reconnecting reaches another node. */
  ServerShutdown: 4009,
  /** A message or frame was larger than allowed. */
  TooLarge: 4010,
  /** Too many messages or attempts; try later. */
  RateLimited: 4011,
  /** Client and server speak different protocol versions. */
  IncompatibleVersion: 4012,
  /** No heartbeat arrived in time. */
  HeartbeatTimeout: 4013,
  /** The installed device's credentials were revoked: it must not connect again (SPEC.md D4). */
  DeviceRevoked: 4014,
} as const
/** A value of {@link CloseCode}. */
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

const REASON_TEXT: Readonly<Record<CloseCode, string>> = {
  [CloseCode.Normal]: 'closed',
  [CloseCode.ProtocolError]: 'protocol error',
  [CloseCode.Unauthorized]: 'unauthorized',
  [CloseCode.Forbidden]: 'forbidden',
  [CloseCode.SessionNotFound]: 'session not found',
  [CloseCode.SessionEnded]: 'session ended',
  [CloseCode.SessionExpired]: 'session expired',
  [CloseCode.PeerLeft]: 'peer left',
  [CloseCode.HandshakeFailed]: 'end-to-end handshake failed',
  [CloseCode.Replaced]: 'replaced by a newer connection',
  [CloseCode.ServerShutdown]: 'server shutting down',
  [CloseCode.TooLarge]: 'message too large',
  [CloseCode.RateLimited]: 'rate limited',
  [CloseCode.IncompatibleVersion]: 'incompatible protocol version',
  [CloseCode.HeartbeatTimeout]: 'heartbeat timeout',
  [CloseCode.DeviceRevoked]: 'device revoked',
}

const KNOWN_CODES = new Set<number>(Object.values(CloseCode))

/** Whether a number is one of {@link CloseCode}'s values. */
export function isCloseCode(code: number): code is CloseCode {
  return KNOWN_CODES.has(code)
}

/** A short English reason for the close frame (well under the 123-byte limit) and for logs. */
export function closeReasonText(code: number): string {
  return isCloseCode(code) ? REASON_TEXT[code] : `closed (code ${code})`
}

// 1001 going away, 1006 abnormal (no close frame: network loss), 1011 server error,
// 1012 service restart, 1013 try again later.
const RECONNECTABLE = new Set<number>([
  1001,
  1006,
  1011,
  1012,
  1013,
  CloseCode.ServerShutdown,
  CloseCode.HeartbeatTimeout,
])

/**
 * Whether a client should reconnect (within the session's grace period) after its socket
 * closed with this code. Every other code ends the client's part in the session.
 */
export function canReconnectAfter(code: number): boolean {
  return RECONNECTABLE.has(code)
}
