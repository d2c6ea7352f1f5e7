/**
 * The chat sockets this node holds, by conversation: who gets a message, a typing flag or a
 * state change, and one heartbeat ticker for all of them. In-process only: with several
 * nodes both sides of a conversation must reach the same node (cluster events are not
 * wired for chat yet). No transport here: a client is two functions.
 */
import { CloseCode, type ServerToChatClient } from '@tasuke/protocol'

export type ChatSide = 'customer' | 'operator'

/** One joined chat socket as the hub drives it. */
export interface ChatClient {
  readonly side: ChatSide
  send(message: ServerToChatClient): void
  close(code: number, reason: string): void
  /** Heartbeat ticks since the client last sent anything. */
  silentTicks: number
}

export interface ChatHubOptions {
  readonly heartbeatMs: number
  /** Silent ticks after which a client is closed with HeartbeatTimeout. */
  readonly maxSilentTicks: number
}

export const DEFAULT_CHAT_HUB_OPTIONS: ChatHubOptions = { heartbeatMs: 15_000, maxSilentTicks: 3 }

export class ChatHub {
  private readonly rooms = new Map<string, Set<ChatClient>>()
  private readonly pending = new Set<ChatClient>()
  private readonly ticker: ReturnType<typeof setInterval>

  constructor(private readonly options: ChatHubOptions = DEFAULT_CHAT_HUB_OPTIONS) {
    this.ticker = setInterval(() => {
      this.tick()
    }, options.heartbeatMs)
    this.ticker.unref()
  }

  /** A socket that has not joined yet still counts for heartbeats. */
  watch(client: ChatClient): void {
    this.pending.add(client)
  }

  join(conversationId: string, client: ChatClient): void {
    this.pending.delete(client)
    let room = this.rooms.get(conversationId)
    if (room === undefined) {
      room = new Set()
      this.rooms.set(conversationId, room)
    }
    room.add(client)
  }

  leave(client: ChatClient): void {
    this.pending.delete(client)
    for (const [id, room] of this.rooms) {
      if (room.delete(client) && room.size === 0) this.rooms.delete(id)
    }
  }

  /** Sends to every client of the conversation except `except`, or only to `side`. */
  broadcast(
    conversationId: string,
    message: ServerToChatClient,
    target: { except?: ChatClient; side?: ChatSide } = {},
  ): void {
    for (const client of this.rooms.get(conversationId) ?? []) {
      if (client === target.except) continue
      if (target.side !== undefined && client.side !== target.side) continue
      client.send(message)
    }
  }

  /** Connected clients of a conversation on each side (tests and the console's status). */
  count(conversationId: string, side: ChatSide): number {
    return [...(this.rooms.get(conversationId) ?? [])].filter((c) => c.side === side).length
  }

  close(): void {
    clearInterval(this.ticker)
    const all = [...this.pending, ...[...this.rooms.values()].flatMap((room) => [...room])]
    for (const client of all) client.close(CloseCode.ServerShutdown, 'server shutting down')
    this.pending.clear()
    this.rooms.clear()
  }

  private tick(): void {
    const all = [...this.pending, ...[...this.rooms.values()].flatMap((room) => [...room])]
    for (const client of all) {
      client.silentTicks += 1
      if (client.silentTicks > this.options.maxSilentTicks) {
        client.close(CloseCode.HeartbeatTimeout, 'heartbeat timeout')
        this.leave(client)
      } else client.send({ type: 'heartbeat' })
    }
  }
}
