/**
 * The seam between one end-to-end pairing (`session/`) and the screen pipeline (`screen/`):
 * the session seals and sends what the stream produces and hands it the console's acks,
 * refreshes and quality choice. One stream lives for one handshake; after a resume the
 * session makes a new one (SPEC.md P3).
 */
import type { AgentToConsole, ScreenQuality, ScreenUpdate } from '@tasuke/protocol'

/** Where a stream's output goes: the session seals it into frames for the console. */
export interface ScreenStreamSink {
  /**
   * Seals `update` into one `ScreenUpdate` frame, sends it, and returns the frame's sequence
   * number (the console acks that number once painted). `isDroppable` picks the delivery class.
   */
  sendUpdate(update: ScreenUpdate, isDroppable: boolean): number
  /** Seals and sends a message (screen-info, cursor-shape, cursor-position). */
  sendMessage(message: AgentToConsole, isDroppable: boolean): void
  /** Bytes the link has accepted but not yet written to the network (back-pressure signal). */
  bufferedBytes(): number
}

/** Figures the stream keeps, for logs and the benchmark. */
export interface ScreenStreamStats {
  readonly updatesSent: number
  readonly bytesSent: number
  readonly updatesInFlight: number
  /** Smoothed time from sending an update to its ack, in ms (null before the first ack). */
  readonly ackRoundTripMs: number | null
}

export interface ScreenStream {
  /** Sends screen-info, the cursor and the whole screen, then follows changes. */
  start(): Promise<void>
  /** The console painted (or skipped) the update with this frame sequence. */
  acknowledge(sequence: number): void
  /** The console asked for the whole screen again. */
  refresh(): void
  setQuality(quality: ScreenQuality): void
  stats(): ScreenStreamStats
  /** Stops capturing at once; nothing is sent afterwards. */
  stop(): Promise<void>
}
