/**
 * One session's relay: pairs its agent and console, forwards their frames opaque with
 * back-pressure per direction, and runs the session's live part (consent, peers leaving and
 * coming back within the grace period, the end). Knows nothing of transports or SQL.
 */
import {
  CloseCode,
  ErrorCode,
  FRAME_HEADER_BYTES,
  FrameDecodeError,
  FrameKind,
  PeerLeftReason,
  PeerRole,
  SessionEndReason,
  SessionState,
  canReconnectAfter,
  decodeFrameHeader,
} from '@tasuke/protocol'

import type { RelayOptions } from './options.js'
import type { Peer } from './peer.js'
import type { Cancel, Scheduler } from './scheduler.js'
import { outcomeFor, type RelaySessions } from './sessions-port.js'

export interface RoomContext {
  readonly sessions: RelaySessions
  readonly scheduler: Scheduler
  readonly options: RelayOptions
  /** Counts a droppable frame dropped because its reader was congested. */
  readonly onDropped: () => void
  /** The room ended and has no peers left: the relay forgets it. */
  readonly onClosed: (room: Room) => void
  readonly onError: (error: unknown) => void
}

export interface AgentInfo {
  /** `platform release arch` as the agent reported it. */
  readonly os: { platform: string; release: string; arch: string }
  /** An installed device's agent: its computer may restart and come back (SPEC.md D5). */
  readonly isInstalled: boolean
}

export class Room {
  private agent: Peer | null = null
  private console: Peer | null = null
  private agentOs: AgentInfo['os'] | null = null
  private agentIsInstalled = false
  /** The agent said its computer restarts: its leaving waits `restartGraceMs`, not `graceMs`. */
  private agentRestarting = false
  private agentSeen = false
  /** The customer said yes and the store is being told. */
  private isConsenting = false
  private sealedSeen = false
  private ended = false
  private readonly grace = new Map<PeerRole, Cancel>()

  constructor(
    readonly sessionId: string,
    private consented: boolean,
    private readonly context: RoomContext,
  ) {}

  get isEnded(): boolean {
    return this.ended
  }

  /** Whether an agent ever joined or a grace period runs (the room is more than a console). */
  get hasHistory(): boolean {
    return this.agentSeen || this.grace.size > 0
  }

  peers(): Peer[] {
    return [this.agent, this.console].filter((peer) => peer !== null)
  }

  attachAgent(peer: Peer, info: AgentInfo, alreadyConsented: boolean): void {
    this.agentOs = info.os
    this.agentIsInstalled = info.isInstalled
    this.agentRestarting = false
    this.agentSeen = true
    this.consented ||= alreadyConsented
    const previous = this.agent
    this.agent = peer
    this.retire(PeerRole.Agent, previous, peer)
    if (this.consented) this.announcePair()
  }

  attachConsole(peer: Peer): void {
    const previous = this.console
    this.console = peer
    this.retire(PeerRole.Console, previous, peer)
    if (this.consented && this.agent !== null) this.announcePair()
    else peer.sendMessage({ type: 'session-state', state: SessionState.Waiting })
  }

  async consentGranted(): Promise<void> {
    if (this.consented || this.isConsenting || this.ended) return
    // Consented only once the store says so: a console that joins meanwhile waits, and the
    // pair is announced once (twice would restart the console's handshake half-way).
    this.isConsenting = true
    const isActive = await this.context.sessions.markActive(this.sessionId)
    this.isConsenting = false
    if (!isActive) {
      this.end(SessionEndReason.Error)
      return
    }
    this.consented = true
    // It may have ended while the store was asked.
    if (!this.isEnded) this.announcePair()
  }

  /**
   * The agent says its computer is about to restart (SPEC.md D5). Only an installed device's
   * agent comes back after a reboot; any other gets an error and nothing changes.
   */
  restarting(from: Peer): void {
    if (from !== this.agent || this.ended) return
    if (!this.agentIsInstalled) {
      from.sendMessage({
        type: 'error',
        code: ErrorCode.Forbidden,
        message: 'Only an installed computer can restart during a session.',
      })
      return
    }
    this.agentRestarting = true
  }

  /** A binary frame from `from`: forwarded opaque to the other peer, or dropped. */
  forward(from: Peer, data: Uint8Array): void {
    let header
    try {
      header = decodeFrameHeader(data)
    } catch (error) {
      if (!(error instanceof FrameDecodeError)) throw error
      this.refuse(from, `bad frame: ${error.message}`)
      return
    }
    if (data.byteLength !== FRAME_HEADER_BYTES + header.payloadLength) {
      this.refuse(from, 'bad frame: length does not match its header')
      return
    }
    const role = this.roleOf(from)
    // A replaced connection's last frames go nowhere.
    if (role === null) return
    const to = role === PeerRole.Agent ? this.console : this.agent
    // Nobody to give it to (not paired yet, or the other peer is away): the peers run a new
    // handshake when they are paired again, so nothing is kept.
    if (to === null || !to.isOpen || !this.consented || this.ended) return
    const { windowBytes, lowWaterBytes } = this.context.options
    if (header.isDroppable && to.queuedBytes >= lowWaterBytes) {
      this.context.onDropped()
      return
    }
    to.send(data)
    if (to.queuedBytes >= windowBytes) from.pauseReading()
    if (!this.sealedSeen && header.kind !== FrameKind.Handshake && from === this.agent) {
      this.sealedSeen = true
      this.console?.sendMessage({ type: 'session-state', state: SessionState.Active })
    }
  }

  /** `peer`'s queued bytes went down: resume whoever writes to it once below the low water. */
  drained(peer: Peer): void {
    if (peer.queuedBytes > this.context.options.lowWaterBytes) return
    const writer = peer === this.agent ? this.console : peer === this.console ? this.agent : null
    writer?.resumeReading()
  }

  /** The socket of `peer` closed with `code` (or its heartbeats stopped). */
  peerLeft(peer: Peer, code: number, endReason?: SessionEndReason): void {
    const role = this.roleOf(peer)
    if (role === null) return
    if (role === PeerRole.Agent) this.agent = null
    else this.console = null
    const other = role === PeerRole.Agent ? this.console : this.agent
    other?.resumeReading()
    if (this.ended) {
      this.closeIfEmpty()
      return
    }
    if (!this.agentSeen) {
      this.closeIfEmpty()
      return
    }
    // A restarting computer's socket goes however the shutdown closes it.
    const isRestarting = role === PeerRole.Agent && this.agentRestarting && endReason === undefined
    if (!isRestarting && !canReconnectAfter(code)) {
      this.end(
        endReason ??
          (role === PeerRole.Agent
            ? SessionEndReason.CustomerEnded
            : SessionEndReason.OperatorEnded),
      )
      return
    }
    const reason = isRestarting
      ? PeerLeftReason.Restarting
      : code === CloseCode.HeartbeatTimeout
        ? PeerLeftReason.HeartbeatTimeout
        : PeerLeftReason.Disconnected
    other?.sendMessage({ type: 'peer-left', reason })
    const { graceMs, restartGraceMs } = this.context.options
    this.grace.get(role)?.()
    this.grace.set(
      role,
      this.context.scheduler.after(isRestarting ? restartGraceMs : graceMs, () => {
        this.end(SessionEndReason.ConnectionLost)
      }),
    )
  }

  /** Ends the session for both peers and closes its history row. */
  end(reason: SessionEndReason, options: { tellsWaitingConsole?: boolean } = {}): void {
    if (this.ended) return
    this.ended = true
    for (const cancel of this.grace.values()) cancel()
    this.grace.clear()
    if (!this.agentSeen) {
      // Only a console was here and the session has not started: it leaves, nothing ends (a
      // waiting number is withdrawn over HTTP), unless the caller says it is over for good (an
      // installed device refused it or was revoked, SPEC.md D3–D4): then the console is told why.
      const peers = this.peers()
      this.console = null
      for (const peer of peers) {
        if (options.tellsWaitingConsole === true) {
          peer.sendMessage({ type: 'session-ended', reason })
          peer.close(CloseCode.SessionEnded, `session ended: ${reason}`)
        } else {
          peer.close(CloseCode.Normal, 'left')
        }
      }
      this.context.onClosed(this)
      return
    }
    const code =
      reason === SessionEndReason.ConnectionLost ? CloseCode.PeerLeft : CloseCode.SessionEnded
    for (const peer of this.peers()) {
      peer.sendMessage({ type: 'session-ended', reason })
      peer.close(code, `session ended: ${reason}`)
    }
    this.agent = null
    this.console = null
    const os = this.agentOs
    this.context.sessions
      .markEnded(
        this.sessionId,
        outcomeFor(reason, this.consented),
        os === null ? null : `${os.platform} ${os.release} ${os.arch}`.trim(),
      )
      .catch(this.context.onError)
      .finally(() => {
        this.context.onClosed(this)
      })
  }

  /** A peer broke the protocol: it gets an error and is closed (a drop, not the end). */
  refuse(peer: Peer, message: string): void {
    peer.sendMessage({
      type: 'error',
      code: ErrorCode.InvalidMessage,
      message: message.slice(0, 500),
    })
    this.peerLeft(peer, CloseCode.ProtocolError, SessionEndReason.Error)
    peer.close(CloseCode.ProtocolError, 'protocol error')
  }

  private roleOf(peer: Peer): PeerRole | null {
    if (peer === this.agent) return PeerRole.Agent
    if (peer === this.console) return PeerRole.Console
    return null
  }

  /** A new connection of `role` took over: the old one is closed, its grace period over. */
  private retire(role: PeerRole, previous: Peer | null, current: Peer): void {
    this.grace.get(role)?.()
    this.grace.delete(role)
    if (previous === null || previous === current) return
    previous.close(CloseCode.Replaced, 'replaced')
    // Whoever wrote to the old connection waits for nobody now.
    ;(role === PeerRole.Agent ? this.console : this.agent)?.resumeReading()
  }

  private announcePair(): void {
    const { agent, console } = this
    if (agent === null || console === null || this.agentOs === null) return
    // A new pairing means a new end-to-end handshake; the console shows "connecting" until
    // the first sealed frame passes.
    this.sealedSeen = false
    console.sendMessage({ type: 'session-state', state: SessionState.Connecting })
    console.sendMessage({ type: 'peer-joined', os: this.agentOs })
    agent.sendMessage({ type: 'peer-joined' })
  }

  private closeIfEmpty(): void {
    if (this.agent === null && this.console === null && this.grace.size === 0) {
      if (!this.ended) this.ended = true
      this.context.onClosed(this)
    }
  }
}
