/** The wire protocol's version, and how a mismatch is reported (see SPEC.md M-rules). */

/**
 * The version of everything in this package that crosses a wire. The agent sends it in its
 * `hello`; it is also bound into the end-to-end handshake transcript.
 */
export const PROTOCOL_VERSION = 1

/** Why a client and the server cannot talk; sent as an `error` code before closing. */
export const Incompatibility = {
  /** The client speaks an older protocol than the server: update the agent or reload the page. */
  ClientTooOld: 'client-too-old',
  /** The client speaks a newer protocol than the server: the server needs updating. */
  ServerTooOld: 'server-too-old',
} as const
/** A value of {@link Incompatibility}. */
export type Incompatibility = (typeof Incompatibility)[keyof typeof Incompatibility]

/**
 * Compares the version a client announced with the server's. Returns the incompatibility,
 * or `undefined` when they match. Called by the server on `hello`.
 */
export function checkProtocolVersion(
  clientVersion: number,
  serverVersion: number = PROTOCOL_VERSION,
): Incompatibility | undefined {
  if (clientVersion < serverVersion) return Incompatibility.ClientTooOld
  if (clientVersion > serverVersion) return Incompatibility.ServerTooOld
  return undefined
}
