/**
 * What both peers hash and agree on. Byte strings are ordered by role (agent first, then
 * console), never by who spoke first, so both sides build identical bytes (SPEC.md H4).
 * @module
 */
import { concatBytes, toBufferSource, utf8 } from '../bytes.js'
import { PROTOCOL_VERSION } from '../version.js'

/** Which end of the end-to-end channel a party is. */
export const PeerRole = {
  /** The customer's program. */
  Agent: 'agent',
  /** The operator's browser. */
  Console: 'console',
} as const
/** A value of {@link PeerRole}. */
export type PeerRole = (typeof PeerRole)[keyof typeof PeerRole]

/** Bytes in a raw uncompressed P-256 public key. */
export const PUBLIC_KEY_BYTES = 65
/** Bytes in a handshake nonce. */
export const NONCE_BYTES = 32

const TRANSCRIPT_LABEL = utf8('tasuke/e2e/v1/transcript')
const COMMITMENT_LABEL = utf8('tasuke/e2e/v1/commitment')

/** The four values the two handshake messages carry. */
export interface TranscriptParts {
  readonly agentPublicKey: Uint8Array
  readonly agentNonce: Uint8Array
  readonly consolePublicKey: Uint8Array
  readonly consoleNonce: Uint8Array
}

/** label ‖ u16 protocol version ‖ agent key ‖ agent nonce ‖ console key ‖ console nonce. */
export function buildTranscript(parts: TranscriptParts): Uint8Array<ArrayBuffer> {
  return concatBytes(
    TRANSCRIPT_LABEL,
    versionBytes(),
    parts.agentPublicKey,
    parts.agentNonce,
    parts.consolePublicKey,
    parts.consoleNonce,
  )
}

/** What the agent commits to before it sees the console's key: label ‖ version ‖ key ‖ nonce. */
export function buildCommitmentInput(
  publicKey: Uint8Array,
  nonce: Uint8Array,
): Uint8Array<ArrayBuffer> {
  return concatBytes(COMMITMENT_LABEL, versionBytes(), publicKey, nonce)
}

/** SHA-256 of the given bytes. */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', toBufferSource(bytes)))
}

function versionBytes(): Uint8Array<ArrayBuffer> {
  return new Uint8Array([PROTOCOL_VERSION >> 8, PROTOCOL_VERSION & 0xff])
}
