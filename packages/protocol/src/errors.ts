/**
 * The protocol's error classes. Each carries a `reason` from an `as const` object so callers
 * can switch on it; the message is for logs and developers.
 * @module
 */

/** Why bytes could not be read as a frame or a screen update (see SPEC.md F-rules). */
export const FrameDecodeErrorReason = {
  /** Fewer bytes than the header, the declared payload or the screen-update header need. */
  Truncated: 'truncated',
  /** The version byte is not {@link FRAME_VERSION}. */
  BadVersion: 'bad-version',
  /** The kind byte names no {@link FrameKind}. */
  UnknownKind: 'unknown-kind',
  /** A reserved flag bit is set. */
  BadFlags: 'bad-flags',
  /** The sequence number is above the largest one a sealer can produce. */
  BadSequence: 'bad-sequence',
  /** More bytes than the header declares. */
  LengthMismatch: 'length-mismatch',
  /** The declared payload length is above {@link MAX_FRAME_PAYLOAD_BYTES}. */
  TooLarge: 'too-large',
  /** A screen update names no {@link ScreenEncoding}. */
  UnknownEncoding: 'unknown-encoding',
  /** A screen update's region is empty. */
  BadRegion: 'bad-region',
  /** A file chunk carries no bytes, too many, or ends past the largest file size. */
  BadChunk: 'bad-chunk',
} as const
/** A value of {@link FrameDecodeErrorReason}. */
export type FrameDecodeErrorReason =
  (typeof FrameDecodeErrorReason)[keyof typeof FrameDecodeErrorReason]

/** Thrown by the frame decoders when bytes do not follow the frame layout. */
export class FrameDecodeError extends Error {
  override readonly name = 'FrameDecodeError'
  /** What was wrong with the bytes. */
  readonly reason: FrameDecodeErrorReason

  constructor(reason: FrameDecodeErrorReason, message: string) {
    super(message)
    this.reason = reason
  }
}

/** Why a frame could not be sealed or opened (see SPEC.md C-rules). */
export const CipherErrorReason = {
  /** The frame's sequence number was already accepted (or is older than one that was). */
  Replayed: 'replayed',
  /** The frame's sequence number skips ahead of the next expected one. */
  OutOfOrder: 'out-of-order',
  /** The tag did not verify: wrong key, or the header or ciphertext was altered. */
  AuthenticationFailed: 'authentication-failed',
  /** The frame is shorter than its header, its declared length or a tag. */
  Truncated: 'truncated',
  /** The frame's header is not a valid sealed-frame header. */
  Malformed: 'malformed',
  /** The sealer has used every sequence number; a new handshake is needed. */
  Exhausted: 'exhausted',
} as const
/** A value of {@link CipherErrorReason}. */
export type CipherErrorReason = (typeof CipherErrorReason)[keyof typeof CipherErrorReason]

/** Thrown (as a rejected promise) by a sealer or an opener. An opener's state is unchanged. */
export class CipherError extends Error {
  override readonly name = 'CipherError'
  /** What went wrong. */
  readonly reason: CipherErrorReason

  constructor(reason: CipherErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.reason = reason
  }
}

/** Why an end-to-end handshake failed (see SPEC.md H-rules). The session must then end. */
export const HandshakeErrorReason = {
  /** The peer's public key is not a valid uncompressed P-256 point. */
  InvalidPublicKey: 'invalid-public-key',
  /** The peer's nonce or commitment is not 32 bytes of base64url. */
  InvalidNonce: 'invalid-nonce',
  /** The agent's revealed key and nonce do not match what it committed to. */
  CommitmentMismatch: 'commitment-mismatch',
  /** The peer sent back our own public key. */
  Reflected: 'reflected',
  /** A handshake message arrived in a state that does not expect it. */
  UnexpectedMessage: 'unexpected-message',
} as const
/** A value of {@link HandshakeErrorReason}. */
export type HandshakeErrorReason = (typeof HandshakeErrorReason)[keyof typeof HandshakeErrorReason]

/** Thrown (as a rejected promise) by the handshake steps. */
export class HandshakeError extends Error {
  override readonly name = 'HandshakeError'
  /** What went wrong. */
  readonly reason: HandshakeErrorReason

  constructor(reason: HandshakeErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.reason = reason
  }
}
