/** One closed chat: who, when, and its messages with times in the viewer's locale and zone. */
import { useI18n } from '../../i18n-context'
import type { Transcript, TranscriptMessage } from './chat-conversation'

interface Props {
  readonly transcript: Transcript
  readonly onBack: () => void
}

export function ChatTranscript({ transcript, onBack }: Props) {
  const { t, dateTime } = useI18n()
  const { conversation, messages } = transcript
  const customer = conversation.customerName ?? t('chatHistory.anonymous')
  const author = (message: TranscriptMessage) => {
    if (message.role === 'customer') return message.name ?? customer
    if (message.role === 'operator') {
      return message.name ?? conversation.operator?.displayName ?? t('chatHistory.role.operator')
    }
    return t('chatHistory.role.system')
  }
  return (
    <section class="card" aria-labelledby="chat-transcript-title" data-testid="chat-transcript">
      <div class="card-header">
        <h2 id="chat-transcript-title">{t('chatHistory.transcriptTitle', { name: customer })}</h2>
        <button type="button" class="button secondary small" onClick={onBack}>
          {t('chatHistory.back')}
        </button>
      </div>
      <dl class="details">
        <dt>{t('chatHistory.col.customer')}</dt>
        <dd>{customer}</dd>
        <dt>{t('chatHistory.col.operator')}</dt>
        <dd>{conversation.operator?.displayName ?? t('common.none')}</dd>
        <dt>{t('chatHistory.col.started')}</dt>
        <dd>{dateTime(conversation.createdAt)}</dd>
        <dt>{t('chatHistory.col.closed')}</dt>
        <dd>{dateTime(conversation.closedAt)}</dd>
      </dl>
      {messages.length === 0 ? (
        <p class="empty">{t('chatHistory.noMessages')}</p>
      ) : (
        <ol class="chat-log" data-testid="chat-transcript-log">
          {messages.map((message) => (
            <li key={message.id} class={`chat-line ${message.role}`} data-role={message.role}>
              <span class="muted">
                {author(message)} ·{' '}
                <time dateTime={message.sentAt}>{dateTime(message.sentAt)}</time>
              </span>
              <span class="chat-body">{message.body}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
