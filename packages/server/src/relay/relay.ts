/**
 * The relay of one node: accepts agent and console sockets, authenticates them (the agent's
 * `hello`, the console's operator), puts them in their session's Room, and runs heartbeats.
 * Which node relays a session is asked of the cluster seam; nothing here assumes both peers
 * reach this process otherwise. No transport and no SQL here (routes.ts, session-gate.ts).
 */
import {
  AgentToServer,
  CloseCode,
  ConsoleToServer,
  ErrorCode,
  MAX_MESSAGE_BYTES,
  PeerRole,
  SessionEndReason,
  parseMessage,
} from '@tasuke/protocol'

import type { Cluster } from '../cluster/cluster.js'
import { admitAgent, admitConsole, type ConsoleAccess, type Refusal } from './admission.js'
import { DEFAULT_RELAY_OPTIONS, type RelayOptions } from './options.js'
import { Peer } from './peer.js'
import { Room } from './room.js'
import { type Cancel, type Scheduler, systemScheduler } from './scheduler.js'
import type { RelaySessions } from './sessions-port.js'
import type { RelaySocket, SocketEvents } from './socket-port.js'

export interface RelayDeps {
  readonly sessions: RelaySessions
  readonly cluster: Cluster
  readonly scheduler?: Scheduler
  readonly options?: Partial<RelayOptions>
  readonly onError?: (error: unknown) => void
}

export type { ConsoleAccess } from './admission.js'

export interface RelayStats {
  readonly rooms: number
  /** Bytes the relay holds for readers that have not taken them yet. */
  readonly queuedBytes: number
  /** The most it ever held at once. */
  readonly peakQueuedBytes: number
  readonly droppedFrames: number
  /** Peers whose reading is paused because their reader is full. */
  readonly pausedPeers: number
}

/** Control messages a socket may send before its credentials are checked. */
const PENDING_BACKLOG = 8

/** Per socket: waiting for credentials, or a peer in a room. */
type Link =
  | { kind: 'pending'; silentTicks: number; backlog: string[] }
  | { kind: 'peer'; room: Room; peer: Peer }
  | { kind: 'closed' }

export class Relay {
  private readonly options: RelayOptions
  private readonly scheduler: Scheduler
  private readonly rooms = new Map<string, Room>()
  private readonly links = new Map<RelaySocket, Link>()
  private readonly stopTicker: Cancel
  private readonly stopListening: () => void
  private queued = 0
  private peakQueued = 0
  private dropped = 0

  constructor(private readonly deps: RelayDeps) {
    this.options = { ...DEFAULT_RELAY_OPTIONS, ...deps.options }
    this.scheduler = deps.scheduler ?? systemScheduler
    this.stopTicker = this.scheduler.every(this.options.heartbeatMs, () => {
      this.tick()
    })
    // The only event so far: 'end-session'.
    this.stopListening = deps.cluster.subscribe((event) => {
      this.rooms.get(event.sessionId)?.end(event.reason)
    })
  }

  stats(): RelayStats {
    return {
      rooms: this.rooms.size,
      queuedBytes: this.queued,
      peakQueuedBytes: this.peakQueued,
      droppedFrames: this.dropped,
      pausedPeers: [...this.links.values()].filter(
        (link) => link.kind === 'peer' && link.peer.isReadingPaused,
      ).length,
    }
  }

  /** Ends a session wherever it is relayed (e.g. from an HTTP route on any node). */
  endSession(sessionId: string, reason: SessionEndReason): Promise<void> {
    return this.deps.cluster.publish({ type: 'end-session', sessionId, reason })
  }

  /**
   * Ends a session relayed by this node at once, also one whose agent never joined (an
   * installed device refused it or was revoked, SPEC.md D3–D4): the console is told `reason`.
   * The caller closes the history row of a session no agent joined.
   */
  endHere(sessionId: string, reason: SessionEndReason): void {
    this.rooms.get(sessionId)?.end(reason, { tellsWaitingConsole: true })
  }

  /** An agent socket opened: it must say `hello` first. */
  acceptAgent(socket: RelaySocket): SocketEvents {
    this.links.set(socket, { kind: 'pending', silentTicks: 0, backlog: [] })
    return this.eventsFor(socket, PeerRole.Agent, (data) => {
      this.guard(this.authenticateAgent(socket, data))
    })
  }

  /** A console socket opened for `access.sessionId`. */
  acceptConsole(socket: RelaySocket, access: ConsoleAccess): SocketEvents {
    this.links.set(socket, { kind: 'pending', silentTicks: 0, backlog: [] })
    this.guard(this.authenticateConsole(socket, access))
    return this.eventsFor(socket, PeerRole.Console, null)
  }

  /** Closes every socket (the node is shutting down; peers reconnect within the grace). */
  async close(): Promise<void> {
    this.stopTicker()
    this.stopListening()
    for (const socket of this.links.keys())
      socket.close(CloseCode.ServerShutdown, 'server shutting down')
    this.links.clear()
    await Promise.all([...this.rooms.keys()].map((id) => this.deps.cluster.releaseRelay(id)))
    this.rooms.clear()
  }

  private eventsFor(
    socket: RelaySocket,
    role: PeerRole,
    onFirstText: ((data: string) => void) | null,
  ): SocketEvents {
    let helloSeen = onFirstText === null
    return {
      message: (data, isBinary) => {
        const link = this.links.get(socket)
        if (link === undefined || link.kind === 'closed') return
        if (link.kind === 'pending') {
          if (!helloSeen && !isBinary && typeof data === 'string') {
            helloSeen = true
            return onFirstText?.(data)
          }
          if (!helloSeen) {
            this.reject(socket, CloseCode.ProtocolError, 'hello expected first')
            return
          }
          // Control messages sent before the credentials are checked wait (a few, small);
          // frames have no business here yet.
          if (isBinary || typeof data !== 'string') {
            this.reject(socket, CloseCode.ProtocolError, 'frame before welcome')
          } else if (link.backlog.length >= PENDING_BACKLOG || data.length > MAX_MESSAGE_BYTES) {
            this.reject(socket, CloseCode.TooLarge, 'too much before welcome')
          } else link.backlog.push(data)
          return
        }
        link.peer.silentTicks = 0
        if (isBinary) {
          link.room.forward(link.peer, toBytes(data))
          return
        }
        this.control(link.room, link.peer, role, typeof data === 'string' ? data : toBytes(data))
      },
      closed: (code) => {
        const link = this.links.get(socket)
        this.links.delete(socket)
        if (link?.kind === 'peer') link.room.peerLeft(link.peer, code)
      },
    }
  }

  private control(room: Room, peer: Peer, role: PeerRole, data: string | Uint8Array): void {
    const parsed =
      role === PeerRole.Agent
        ? parseMessage(AgentToServer, data)
        : parseMessage(ConsoleToServer, data)
    if (!parsed.ok) {
      peer.sendMessage({
        type: 'error',
        code: ErrorCode.InvalidMessage,
        message: parsed.error.message.slice(0, 500),
      })
      return
    }
    const message = parsed.message
    switch (message.type) {
      case 'heartbeat':
        return
      case 'end': {
        room.end(message.reason)
        return
      }
      case 'consent-granted': {
        this.guard(room.consentGranted())
        return
      }
      case 'consent-declined': {
        room.end(SessionEndReason.ConsentDeclined)
        return
      }
      case 'restarting':
        room.restarting(peer)
        return
      case 'join':
        if (message.sessionId !== room.sessionId) room.refuse(peer, 'join names another session')
        return
      case 'hello': {
        room.refuse(peer, 'hello was sent already')
        return
      }
    }
  }

  private async authenticateAgent(socket: RelaySocket, text: string): Promise<void> {
    const admission = await admitAgent(this.deps.sessions, text)
    if (!admission.ok) {
      this.refuse(socket, admission)
      return
    }
    const { session, hello } = admission
    const room = await this.roomFor(socket, session.id, session.state === 'active')
    if (room === null) return
    const peer = this.bind(socket, room, PeerRole.Agent)
    if (peer === null) return
    const { id, tenantName, operatorName } = session
    peer.sendMessage({ type: 'welcome', session: { id, tenantName, operatorName } })
    room.attachAgent(
      peer,
      { os: hello.os, isInstalled: session.isInstalled },
      session.state === 'active',
    )
    this.replayBacklog(peer, room)
  }

  private async authenticateConsole(socket: RelaySocket, access: ConsoleAccess): Promise<void> {
    const admission = await admitConsole(this.deps.sessions, access)
    if (!admission.ok) {
      this.refuse(socket, admission)
      return
    }
    const room = await this.roomFor(socket, access.sessionId, admission.state === 'active')
    if (room === null) return
    const peer = this.bind(socket, room, PeerRole.Console)
    if (peer === null) return
    room.attachConsole(peer)
    this.replayBacklog(peer, room)
  }

  /** This node's room for the session, or null (and the socket closed) if another node relays it. */
  private async roomFor(
    socket: RelaySocket,
    sessionId: string,
    consented: boolean,
  ): Promise<Room | null> {
    const location = await this.deps.cluster.claimRelay(sessionId)
    if (!location.isLocal) {
      this.reject(socket, CloseCode.ServerShutdown, 'relayed by another node')
      return null
    }
    let room = this.rooms.get(sessionId)
    if (room === undefined || room.isEnded) {
      room = new Room(sessionId, consented, {
        sessions: this.deps.sessions,
        scheduler: this.scheduler,
        options: this.options,
        onDropped: () => (this.dropped += 1),
        onClosed: (closed) => {
          this.forget(closed)
        },
        onError: (error) => this.deps.onError?.(error),
      })
      this.rooms.set(sessionId, room)
    }
    return room
  }

  /** Turns a pending socket into a peer of `room` and replays what it sent meanwhile. */
  private bind(socket: RelaySocket, room: Room, role: PeerRole): Peer | null {
    const link = this.links.get(socket)
    if (link?.kind !== 'pending' || !socket.isOpen) {
      if (room.peers().length === 0 && !room.hasHistory) this.forget(room)
      return null
    }
    const peer = new Peer(
      role,
      socket,
      (drained) => {
        room.drained(drained)
      },
      (bytes) => {
        this.queued += bytes
        this.peakQueued = Math.max(this.peakQueued, this.queued)
      },
    )
    this.links.set(socket, { kind: 'peer', room, peer })
    this.backlogs.set(peer, link.backlog)
    return peer
  }

  private readonly backlogs = new WeakMap<Peer, string[]>()

  private replayBacklog(peer: Peer, room: Room): void {
    const backlog = this.backlogs.get(peer) ?? []
    this.backlogs.delete(peer)
    for (const data of backlog) {
      if (!peer.isOpen) return
      this.control(room, peer, peer.role, data)
    }
  }

  private forget(room: Room): void {
    if (this.rooms.get(room.sessionId) !== room) return
    this.rooms.delete(room.sessionId)
    this.guard(this.deps.cluster.releaseRelay(room.sessionId))
  }

  private refuse(socket: RelaySocket, refusal: Refusal): void {
    this.reject(socket, refusal.code, refusal.reason, refusal.error)
  }

  private reject(socket: RelaySocket, code: CloseCode, reason: string, error?: ErrorCode): void {
    const link = this.links.get(socket)
    // Marked first: a socket may report its close at once, and that deletes the link.
    this.links.set(socket, { kind: 'closed' })
    if (link?.kind === 'peer') {
      link.room.peerLeft(link.peer, code)
      link.peer.close(code, reason.slice(0, 100))
    } else if (socket.isOpen) {
      if (error !== undefined) {
        const message = JSON.stringify({
          type: 'error',
          code: error,
          message: reason.slice(0, 500),
        })
        socket.send(message, () => undefined)
      }
      socket.close(code, reason.slice(0, 100))
    } else this.links.delete(socket)
  }

  private tick(): void {
    const limit = this.options.missedHeartbeats
    for (const [socket, link] of this.links) {
      if (link.kind === 'pending' && ++link.silentTicks >= limit) {
        this.reject(socket, CloseCode.HeartbeatTimeout, 'no credentials in time')
      } else if (link.kind === 'peer') {
        const { peer, room } = link
        if (!peer.isReadingPaused && ++peer.silentTicks >= limit) {
          this.links.set(socket, { kind: 'closed' })
          room.peerLeft(peer, CloseCode.HeartbeatTimeout)
          peer.close(CloseCode.HeartbeatTimeout, 'heartbeat timeout')
        } else peer.sendMessage({ type: 'heartbeat' })
      }
    }
  }

  private guard(work: Promise<void>): void {
    work.catch((error: unknown) => this.deps.onError?.(error))
  }
}

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data) : data
}
