/**
 * チャット / Chat: the tenant's queue (waiting first), taking a conversation, chatting with
 * delivered/read marks and a typing line, and リモート接続をリクエスト, which issues a
 * session number for this operator and offers it to the customer inside the chat.
 */
import './chat-page.css'

import { useRef, useState } from 'preact/hooks'

import { useAuth, useSignedIn } from '../../auth-context'
import { useI18n } from '../../i18n-context'
import { type Conversation, useSharedChatQueue } from './use-chat-queue'
import { useChatSocket } from './use-chat-socket'

export function ChatPage() {
  const { t } = useI18n()
  const { api } = useAuth()
  const me = useSignedIn()
  const queue = useSharedChatQueue()
  const [openId, setOpenId] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  const take = async (conversation: Conversation) => {
    setProblem(null)
    try {
      await api.post(`/chat/conversations/${encodeURIComponent(conversation.id)}/take`)
      setOpenId(conversation.id)
    } catch (error) {
      setProblem(error instanceof Error ? error.message : t('chat.takeFailed'))
    }
    await queue.refresh()
  }

  return (
    <div class="chat-page">
      <section class="card" aria-labelledby="chat-queue">
        <h2 id="chat-queue">{t('chat.queue')}</h2>
        <label class="chat-mute">
          <input
            type="checkbox"
            checked={queue.isMuted}
            onChange={(event) => {
              queue.setMuted(event.currentTarget.checked)
            }}
          />{' '}
          {t('chat.mute')}
        </label>
        {problem !== null && <p role="alert">{problem}</p>}
        {queue.conversations.length === 0 ? (
          <p>{t('chat.empty')}</p>
        ) : (
          <ul class="chat-queue" data-testid="chat-queue">
            {queue.conversations.map((c) => (
              <li key={c.id}>
                <strong>{c.customerName ?? t('chat.anonymous')}</strong>{' '}
                <span>
                  {c.state === 'waiting'
                    ? t('chat.state.waiting')
                    : t('chat.takenBy', { name: c.operator?.displayName ?? '' })}
                </span>{' '}
                {c.state === 'waiting' && (
                  <button type="button" class="button primary small" onClick={() => void take(c)}>
                    {t('chat.take')}
                  </button>
                )}
                {c.state === 'active' && c.operator?.id === me.operator.id && (
                  <button
                    type="button"
                    class="button secondary small"
                    onClick={() => {
                      setOpenId(c.id)
                    }}
                  >
                    {t('chat.open')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {openId !== null && (
        <ConversationPanel
          key={openId}
          conversationId={openId}
          onClosed={() => {
            setOpenId(null)
            void queue.refresh()
          }}
        />
      )}
    </div>
  )
}

function ConversationPanel(props: { conversationId: string; onClosed: () => void }) {
  const { t } = useI18n()
  const { api } = useAuth()
  const { view, send } = useChatSocket(props.conversationId)
  const [draft, setDraft] = useState('')
  const [remote, setRemote] = useState<{ sessionId: string; code: string } | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const counter = useRef(0)
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const conversationId = props.conversationId

  const submit = (event: Event) => {
    event.preventDefault()
    const body = draft.trim()
    if (body === '') return
    counter.current += 1
    const id = `o${Date.now().toString(36)}${counter.current.toString(36)}`
    send({ type: 'chat-message', conversationId, id, body })
    send({ type: 'typing', conversationId, isTyping: false })
    setDraft('')
  }
  const requestRemote = async () => {
    setProblem(null)
    try {
      const reply = await api.post<{ session: { id: string; code: string } }>(
        `/chat/conversations/${encodeURIComponent(conversationId)}/remote-control`,
      )
      setRemote({ sessionId: reply.session.id, code: reply.session.code })
    } catch (error) {
      setProblem(error instanceof Error ? error.message : t('chat.remoteFailed'))
    }
  }
  const close = async () => {
    await api
      .post(`/chat/conversations/${encodeURIComponent(conversationId)}/close`)
      .catch(() => undefined)
    props.onClosed()
  }

  return (
    <section class="card chat-conversation" aria-label={t('chat.conversation')}>
      {!view.isConnected && <p class="muted">{t('chat.reconnecting')}</p>}
      {view.state === 'closed' && <p class="muted">{t('chat.closed')}</p>}
      <ol class="chat-log" data-testid="chat-log">
        {view.lines.map((line) => (
          <li key={line.id} class={`chat-line ${line.author.role}`} data-role={line.author.role}>
            <span class="chat-body">{line.body}</span>
            {line.status !== null && (
              <span class="chat-tick" data-status={line.status}>
                {t(`chat.status.${line.status}`)}
              </span>
            )}
          </li>
        ))}
      </ol>
      <p class="chat-typing" aria-live="polite">
        {view.isPeerTyping ? t('chat.customerTyping') : ''}
      </p>
      <form class="chat-compose" onSubmit={submit}>
        <textarea
          aria-label={t('chat.message')}
          maxLength={4000}
          value={draft}
          onInput={(event) => {
            setDraft(event.currentTarget.value)
            send({ type: 'typing', conversationId, isTyping: true })
            clearTimeout(typingTimer.current)
            typingTimer.current = setTimeout(() => {
              send({ type: 'typing', conversationId, isTyping: false })
            }, 2000)
          }}
        />
        <button type="submit" class="button primary">
          {t('chat.send')}
        </button>
      </form>
      <div class="chat-actions">
        <button
          type="button"
          class="button primary"
          onClick={() => void requestRemote()}
          disabled={view.state !== 'active'}
        >
          {t('chat.requestRemote')}
        </button>
        <button type="button" class="button secondary" onClick={() => void close()}>
          {t('chat.close')}
        </button>
      </div>
      {problem !== null && <p role="alert">{problem}</p>}
      {remote !== null && (
        <p data-testid="chat-remote">
          {t('chat.remoteRequested', { code: remote.code })}{' '}
          {view.remoteAnswer === true && t('chat.remoteAllowed')}
          {view.remoteAnswer === false && t('chat.remoteDeclined')}{' '}
          {/* A new tab: the chat stays open beside the viewer, so both keep going. */}
          <a
            href={`/sessions/${encodeURIComponent(remote.sessionId)}/view`}
            target="_blank"
            rel="noopener"
            data-testid="chat-open-viewer"
          >
            {t('chat.openViewer')}
          </a>
        </p>
      )}
    </section>
  )
}
