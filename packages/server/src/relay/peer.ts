/**
 * One connected peer (agent or console) as the relay tracks it: the bytes queued towards it,
 * whether its reading is paused, and how many heartbeat ticks it has been silent.
 */
import type { PeerRole, ServerToAgent, ServerToConsole } from '@tasuke/protocol'

import type { RelaySocket } from './socket-port.js'

export class Peer {
  /** Bytes handed to the socket that it has not passed on yet. */
  queuedBytes = 0
  /** Heartbeat ticks since anything arrived from this peer. */
  silentTicks = 0
  private paused = false
  private gone = false

  constructor(
    readonly role: PeerRole,
    private readonly socket: RelaySocket,
    /** Called after queued bytes went down (the relay resumes the other side's reading). */
    private readonly onDrained: (peer: Peer) => void,
    /** Called after queued bytes went up (for the relay's memory figures). */
    private readonly onQueued: (bytes: number) => void,
  ) {}

  get isOpen(): boolean {
    return !this.gone && this.socket.isOpen
  }

  get isReadingPaused(): boolean {
    return this.paused
  }

  send(data: string | Uint8Array): void {
    if (!this.isOpen) return
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength
    this.queuedBytes += bytes
    this.onQueued(bytes)
    this.socket.send(data, () => {
      this.queuedBytes -= bytes
      this.onQueued(-bytes)
      this.onDrained(this)
    })
  }

  sendMessage(message: ServerToAgent | ServerToConsole): void {
    this.send(JSON.stringify(message))
  }

  pauseReading(): void {
    if (this.paused || !this.isOpen) return
    this.paused = true
    this.socket.pauseReading()
  }

  resumeReading(): void {
    if (!this.paused) return
    this.paused = false
    // Its silence while paused was ours: count afresh.
    this.silentTicks = 0
    if (this.isOpen) this.socket.resumeReading()
  }

  /** Closes the socket (once); the room forgets the peer first, so the close event changes nothing. */
  close(code: number, reason: string): void {
    if (this.gone) return
    this.gone = true
    this.socket.close(code, reason)
  }
}
