/**
 * The relay's view of one peer's socket (the shape of tldraw's TLRoomSocket): small enough
 * that a WebSocket (ws-socket.ts) and an in-memory pair (memory-socket.ts) both fit it, so the
 * relay's rules run in tests without a network. No transport imports here.
 */

/** One socket as the relay drives it. */
export interface RelaySocket {
  /** Whether sending still makes sense (open, not closing). */
  readonly isOpen: boolean
  /** Bytes the transport holds that the peer has not taken yet. */
  readonly bufferedAmount: number
  /**
   * Queues a text (control message) or binary (peer frame) message. `done` runs once the
   * transport has handed the bytes on (or failed to): the relay counts queued bytes until then.
   */
  send(data: string | Uint8Array, done: (error?: Error) => void): void
  /** Closes with a WebSocket close code and a short reason (under 123 bytes). */
  close(code: number, reason: string): void
  /** Stops reading from the peer, so its writes back up to the peer itself (TCP flow control). */
  pauseReading(): void
  /** Starts reading again. */
  resumeReading(): void
}

/** What the transport calls for each socket the relay accepted. */
export interface SocketEvents {
  /** A text (`isBinary` false) or binary message arrived. */
  message(data: string | Uint8Array, isBinary: boolean): void
  /** The socket closed (whoever closed it) with this code. */
  closed(code: number): void
}
