/**
 * The tenant's chat queue, polled every few seconds while a console page is open; a short
 * WebAudio beep when a new request arrives (unless muted; the choice is kept per browser).
 * The app shell polls once and shares the result: the chat page reads the same queue (and
 * the same mute switch) through {@link ChatQueueContext}.
 */
import { createContext } from 'preact'
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks'

import { useAuth } from '../../auth-context'

export interface Conversation {
  readonly id: string
  readonly state: 'waiting' | 'active' | 'closed'
  readonly customerName: string | null
  readonly createdAt: string
  readonly lastMessageAt: string | null
  readonly operator: { readonly id: string; readonly displayName: string } | null
  readonly sessionId: string | null
}

const POLL_MS = 3000
const MUTE_KEY = 'tasuke-chat-muted'

export function beep(): void {
  try {
    const context = new AudioContext()
    const oscillator = context.createOscillator()
    const gain = context.createGain()
    oscillator.frequency.value = 880
    gain.gain.value = 0.08
    oscillator.connect(gain).connect(context.destination)
    oscillator.start()
    oscillator.stop(context.currentTime + 0.18)
    oscillator.addEventListener('ended', () => {
      void context.close()
    })
  } catch {
    // No audio (no device, or the browser refuses before a user gesture).
  }
}

export function useChatQueue() {
  const { api } = useAuth()
  const [conversations, setConversations] = useState<readonly Conversation[]>([])
  const [isMuted, setMutedState] = useState(() => localStorage.getItem(MUTE_KEY) === '1')
  const seen = useRef<Set<string> | null>(null)
  const muted = useRef(isMuted)
  muted.current = isMuted

  const refresh = useCallback(async () => {
    const { conversations: next } = await api.get<{ conversations: Conversation[] }>('/chat/queue')
    const waiting = next.filter((c) => c.state === 'waiting').map((c) => c.id)
    if (seen.current !== null && !muted.current) {
      const known = seen.current
      if (waiting.some((id) => !known.has(id))) beep()
    }
    seen.current = new Set(waiting)
    setConversations(next)
  }, [api])

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    let stopped = false
    const loop = () => {
      refresh()
        .catch(() => undefined)
        .finally(() => {
          if (!stopped) timer = setTimeout(loop, POLL_MS)
        })
    }
    loop()
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [refresh])

  const setMuted = (next: boolean) => {
    localStorage.setItem(MUTE_KEY, next ? '1' : '0')
    setMutedState(next)
  }
  const waitingCount = conversations.filter((c) => c.state === 'waiting').length
  return { conversations, waitingCount, isMuted, setMuted, refresh }
}

export type ChatQueue = ReturnType<typeof useChatQueue>

/** The shell's one queue, for the pages inside it. */
export const ChatQueueContext = createContext<ChatQueue | null>(null)

export function useSharedChatQueue(): ChatQueue {
  const queue = useContext(ChatQueueContext)
  if (queue === null) throw new Error('the chat queue is read inside the app shell only')
  return queue
}
