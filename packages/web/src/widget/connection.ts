/**
 * The widget's chat socket: opens the conversation (POST, once; its token is kept in
 * sessionStorage of the host page's tab under one namespaced key), joins with the token in
 * the first message, resends what was not acknowledged, and after a blip reconnects with
 * the last message id it has, so nothing is lost (SPEC.md M9–M11).
 */
import type { ChatClientToServer, ServerToChatClient } from '@tasuke/protocol'

export const STORAGE_KEY = 'tasuke-chat'
const HEARTBEAT_MS = 15_000
const MAX_BACKOFF_MS = 10_000

interface Saved {
  readonly conversationId: string
  readonly customerToken: string
  readonly tenant: string
}

export interface ConnectionEvents {
  message(message: ServerToChatClient): void
  connected(isConnected: boolean): void
}

export class ChatConnection {
  private socket: WebSocket | null = null
  private lastMessageId: string | undefined
  private readonly outbox = new Map<string, string>()
  private attempts = 0
  private heartbeat: ReturnType<typeof setInterval> | undefined
  private stopped = false

  constructor(
    private readonly server: string,
    private readonly saved: Saved,
    private readonly events: ConnectionEvents,
  ) {}

  get conversationId(): string {
    return this.saved.conversationId
  }

  static restore(tenant: string): Saved | null {
    try {
      const raw = sessionStorage.getItem(STORAGE_KEY)
      if (raw === null) return null
      const saved = JSON.parse(raw) as Partial<Saved>
      if (saved.tenant !== tenant || typeof saved.conversationId !== 'string') return null
      if (typeof saved.customerToken !== 'string') return null
      return { tenant, conversationId: saved.conversationId, customerToken: saved.customerToken }
    } catch {
      return null
    }
  }

  /** The company's name and colour, or null when the server cannot say (the widget then keeps its defaults). */
  static async company(
    server: string,
    tenant: string,
  ): Promise<{ name: string; brandColor: string } | null> {
    try {
      const response = await fetch(`${server}/api/v1/chat/${encodeURIComponent(tenant)}/widget`, {
        credentials: 'omit',
      })
      if (!response.ok) return null
      const body = (await response.json()) as { company?: { name?: unknown; brandColor?: unknown } }
      const { name, brandColor } = body.company ?? {}
      return typeof name === 'string' && typeof brandColor === 'string'
        ? { name, brandColor }
        : null
    } catch {
      return null
    }
  }

  static async open(server: string, tenant: string, name: string): Promise<Saved> {
    const response = await fetch(
      `${server}/api/v1/chat/${encodeURIComponent(tenant)}/conversations`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(name === '' ? {} : { name }),
        credentials: 'omit',
      },
    )
    if (!response.ok) throw new Error(`chat could not start (${response.status})`)
    const body = (await response.json()) as { conversationId: string; customerToken: string }
    const saved = { tenant, conversationId: body.conversationId, customerToken: body.customerToken }
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(saved))
    } catch {
      // Storage refused (private mode): the chat works until the page is left.
    }
    return saved
  }

  start(): void {
    this.stopped = false
    this.connect()
  }

  stop(): void {
    this.stopped = true
    clearInterval(this.heartbeat)
    this.socket?.close(1000, 'closed')
  }

  send(message: ChatClientToServer): void {
    const text = JSON.stringify(message)
    if (message.type === 'chat-message') this.outbox.set(message.id, text)
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(text)
  }

  private connect(): void {
    const url = `${this.server.replace(/^http/, 'ws')}/ws/chat`
    const socket = new WebSocket(url)
    this.socket = socket
    socket.addEventListener('open', () => {
      this.attempts = 0
      socket.send(
        JSON.stringify({
          type: 'chat-join',
          conversationId: this.saved.conversationId,
          customerToken: this.saved.customerToken,
          ...(this.lastMessageId === undefined ? {} : { afterMessageId: this.lastMessageId }),
        }),
      )
      for (const text of this.outbox.values()) socket.send(text)
      this.heartbeat = setInterval(() => {
        if (socket.readyState === WebSocket.OPEN) socket.send('{"type":"heartbeat"}')
      }, HEARTBEAT_MS)
      this.events.connected(true)
    })
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return
      let message: ServerToChatClient
      try {
        message = JSON.parse(event.data) as ServerToChatClient
      } catch {
        return
      }
      this.track(message)
      this.events.message(message)
    })
    socket.addEventListener('close', (event) => {
      clearInterval(this.heartbeat)
      this.events.connected(false)
      // 4001/4002: the chat is not ours (any more); anything else may be a blip.
      if (this.stopped || event.code === 4001 || event.code === 4002) return
      this.attempts += 1
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(this.attempts, 5))
      setTimeout(() => {
        if (!this.stopped) this.connect()
      }, delay)
    })
  }

  private track(message: ServerToChatClient): void {
    if (message.type === 'chat-message') this.lastMessageId = message.id
    if (message.type === 'chat-history') {
      const last = message.messages.at(-1)
      if (last !== undefined) this.lastMessageId = last.id
    }
    if (message.type === 'delivered') {
      this.outbox.delete(message.messageId)
      this.lastMessageId = message.messageId
    }
  }
}
