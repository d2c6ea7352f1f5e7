/**
 * The operator's side of one conversation over /ws/chat/console (cookie + same origin):
 * history on join, live messages, delivered/read marks, typing, the customer's answer to a
 * remote-control request, and reconnection with the last message id after a blip (what was
 * written meanwhile is resent, and the server stores it once).
 */
import type { ChatClientToServer, ServerToChatClient } from '@tasuke/protocol'
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'

type Posted = Extract<ServerToChatClient, { type: 'chat-message' }>

export interface ChatLine extends Posted {
  readonly status: 'sending' | 'delivered' | 'read' | null
}

export interface ChatSocketState {
  readonly lines: readonly ChatLine[]
  readonly state: 'waiting' | 'active' | 'closed' | null
  readonly isPeerTyping: boolean
  readonly isConnected: boolean
  readonly remoteAnswer: boolean | null
}

export function useChatSocket(conversationId: string) {
  const [view, setView] = useState<ChatSocketState>({
    lines: [],
    state: null,
    isPeerTyping: false,
    isConnected: false,
    remoteAnswer: null,
  })
  const socket = useRef<WebSocket | null>(null)
  const lastId = useRef<string | undefined>(undefined)
  // Messages not yet acknowledged, resent after a reconnect (the server drops a resend).
  const outbox = useRef(new Map<string, string>())

  useEffect(() => {
    let stopped = false
    let retry: ReturnType<typeof setTimeout> | undefined
    const handle = (message: ServerToChatClient) => {
      setView((current) => apply(current, message))
      if (message.type === 'delivered') outbox.current.delete(message.messageId)
      if (message.type === 'chat-message') lastId.current = message.id
      if (message.type === 'chat-history')
        lastId.current = message.messages.at(-1)?.id ?? lastId.current
      const last =
        message.type === 'chat-message'
          ? message
          : message.type === 'chat-history'
            ? message.messages.at(-1)
            : undefined
      if (last !== undefined && last.author.role === 'customer') {
        socket.current?.send(JSON.stringify({ type: 'read', conversationId, messageId: last.id }))
      }
    }
    const connect = () => {
      const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws/chat/console`)
      socket.current = ws
      ws.addEventListener('open', () => {
        ws.send(
          JSON.stringify({
            type: 'chat-join',
            conversationId,
            ...(lastId.current === undefined ? {} : { afterMessageId: lastId.current }),
          }),
        )
        for (const text of outbox.current.values()) ws.send(text)
        setView((current) => ({ ...current, isConnected: true }))
      })
      ws.addEventListener('message', (event) => {
        if (typeof event.data === 'string') handle(JSON.parse(event.data) as ServerToChatClient)
      })
      ws.addEventListener('close', (event) => {
        setView((current) => ({ ...current, isConnected: false }))
        if (!stopped && event.code !== 4001 && event.code !== 4002)
          retry = setTimeout(connect, 1500)
      })
    }
    connect()
    const heartbeat = setInterval(() => {
      if (socket.current?.readyState === WebSocket.OPEN) socket.current.send('{"type":"heartbeat"}')
    }, 15_000)
    return () => {
      stopped = true
      clearTimeout(retry)
      clearInterval(heartbeat)
      socket.current?.close(1000, 'closed')
    }
  }, [conversationId])

  const send = useCallback((message: ChatClientToServer) => {
    if (message.type === 'chat-message') {
      outbox.current.set(message.id, JSON.stringify(message))
      setView((current) => ({
        ...current,
        lines: [
          ...current.lines,
          { ...message, author: { role: 'operator' }, sentAt: Date.now(), status: 'sending' },
        ],
      }))
    }
    if (socket.current?.readyState === WebSocket.OPEN) socket.current.send(JSON.stringify(message))
  }, [])
  return { view, send }
}

function apply(current: ChatSocketState, message: ServerToChatClient): ChatSocketState {
  switch (message.type) {
    case 'chat-history': {
      const known = new Set(current.lines.map((line) => line.id))
      const added = message.messages
        .filter((m) => !known.has(m.id))
        .map((m) => ({
          ...m,
          status: m.author.role === 'operator' ? ('delivered' as const) : null,
        }))
      return { ...current, lines: [...current.lines, ...added], state: message.state }
    }
    case 'chat-message':
      if (current.lines.some((line) => line.id === message.id)) return current
      return {
        ...current,
        isPeerTyping: false,
        lines: [...current.lines, { ...message, status: null }],
      }
    case 'delivered':
      return {
        ...current,
        lines: current.lines.map((line) =>
          line.id === message.messageId && line.status === 'sending'
            ? { ...line, status: 'delivered' }
            : line,
        ),
      }
    case 'read': {
      const index = current.lines.findIndex((line) => line.id === message.messageId)
      return {
        ...current,
        lines: current.lines.map((line, i) =>
          i <= index && line.author.role === 'operator' ? { ...line, status: 'read' } : line,
        ),
      }
    }
    case 'typing':
      return { ...current, isPeerTyping: message.isTyping }
    case 'conversation-state':
      return { ...current, state: message.state }
    case 'remote-control-answer':
      return { ...current, remoteAnswer: message.allowed }
    case 'remote-control-request':
    case 'error':
    case 'heartbeat':
      return current
  }
}
