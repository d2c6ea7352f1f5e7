/**
 * The website chat's past conversations (transcripts) of the tenant, newest first, and the
 * transcript of the one the operator opens. Transcripts are kept for the retention period.
 */
import { useEffect, useState } from 'preact/hooks'

import { useAuth, useSignedIn } from '../../auth-context'
import { ErrorAlert } from '../../components/alert'
import { useI18n } from '../../i18n-context'
import { useAction } from '../../use-action'
import { type ChatConversation, MAX_CONVERSATIONS, type Transcript } from './chat-conversation'
import { ChatTranscript } from './chat-transcript'

const PAGE_SIZE = 100

export function ChatHistory() {
  const { t, dateTime } = useI18n()
  const { api } = useAuth()
  const { tenant } = useSignedIn()
  const action = useAction()
  const [limit, setLimit] = useState(PAGE_SIZE)
  const [rows, setRows] = useState<readonly ChatConversation[] | null>(null)
  const [transcript, setTranscript] = useState<Transcript | null>(null)

  useEffect(() => {
    void action
      .run(() => api.get<{ conversations: ChatConversation[] }>('/chat/conversations', { limit }))
      .then((result) => {
        if (result !== undefined) setRows(result.conversations)
      })
  }, [limit])

  const open = async (id: string) => {
    const result = await action.run(() =>
      api.get<Transcript>(`/chat/conversations/${encodeURIComponent(id)}/messages`),
    )
    if (result !== undefined) setTranscript(result)
  }

  if (transcript !== null) {
    return (
      <ChatTranscript
        transcript={transcript}
        onBack={() => {
          setTranscript(null)
        }}
      />
    )
  }
  const hasMore = rows !== null && rows.length >= limit && limit < MAX_CONVERSATIONS
  return (
    <section class="card" aria-labelledby="chat-history-title">
      <div class="card-header">
        <h2 id="chat-history-title" class="visually-hidden">
          {t('chatHistory.title')}
        </h2>
        <p class="muted">{t('chatHistory.retention', { days: tenant.retentionDays })}</p>
      </div>
      <ErrorAlert message={action.error} />
      {rows === null ? (
        <p class="muted">{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p class="empty">{t('chatHistory.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table compact" data-testid="chat-history-table">
            <thead>
              <tr>
                <th scope="col">{t('chatHistory.col.started')}</th>
                <th scope="col">{t('chatHistory.col.closed')}</th>
                <th scope="col">{t('chatHistory.col.customer')}</th>
                <th scope="col">{t('chatHistory.col.operator')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('chatHistory.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-testid="chat-history-row">
                  <td class="nowrap">{dateTime(row.createdAt)}</td>
                  <td class="nowrap">{dateTime(row.closedAt)}</td>
                  <td>{row.customerName ?? t('chatHistory.anonymous')}</td>
                  <td class="nowrap">{row.operator?.displayName ?? t('common.none')}</td>
                  <td class="actions">
                    <button
                      type="button"
                      class="button secondary small"
                      disabled={action.busy}
                      onClick={() => void open(row.id)}
                    >
                      {t('chatHistory.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasMore ? (
        <button
          type="button"
          class="button secondary"
          disabled={action.busy}
          onClick={() => {
            setLimit(Math.min(MAX_CONVERSATIONS, limit + PAGE_SIZE))
          }}
        >
          {t('chatHistory.more')}
        </button>
      ) : null}
    </section>
  )
}
