/**
 * The binary frame layout the relay forwards between agent and console (SPEC.md F-rules):
 *
 *     offset  size  field
 *     0       1     version ({@link FRAME_VERSION})
 *     1       1     kind ({@link FrameKind})
 *     2       1     flags ({@link FrameFlag}; other bits must be zero)
 *     3       8     sequence, unsigned big-endian, below 2^48
 *     11      4     payload length, unsigned big-endian
 *     15      n     payload (ciphertext and tag, except for `Handshake` frames)
 * @module
 */

/** The frame layout version this package reads and writes. */
export const FRAME_VERSION = 1

/** Bytes in a frame header. */
export const FRAME_HEADER_BYTES = 15

/** Largest payload a frame may declare (16 MiB). */
export const MAX_FRAME_PAYLOAD_BYTES = 16 * 1024 * 1024

/** Largest sequence number a frame may carry (2^48 − 1; see SPEC.md C6). */
export const MAX_FRAME_SEQUENCE = 2 ** 48 - 1

/** Byte offsets of the header fields. */
export const FrameOffset = {
  Version: 0,
  Kind: 1,
  Flags: 2,
  Sequence: 3,
  PayloadLength: 11,
  Payload: 15,
} as const

/** What a frame's payload holds. */
export const FrameKind = {
  /** Plaintext JSON `PeerHandshake` message (the only unsealed kind). */
  Handshake: 1,
  /** Sealed JSON `AgentToConsole` or `ConsoleToAgent` message. */
  Message: 2,
  /** Sealed binary screen update (see `encodeScreenUpdate`). */
  ScreenUpdate: 3,
  /** Sealed binary piece of a transferred file (see `encodeFileChunk`), either direction. */
  FileChunk: 4,
} as const
/** A value of {@link FrameKind}. */
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind]

/** Header flag bits. */
export const FrameFlag = {
  /**
   * Droppable delivery class: the relay may drop the frame when the reader is slow
   * (intermediate screen states, pointer moves). Others are reliable and never dropped.
   */
  Droppable: 0b0000_0001,
} as const

/** Every flag bit that has a meaning; the rest are reserved. */
export const KNOWN_FRAME_FLAGS = FrameFlag.Droppable
