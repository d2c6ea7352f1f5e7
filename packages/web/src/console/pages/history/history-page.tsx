/**
 * The history page: the connection history (remote sessions) and, on its own tab, the
 * website chat's past conversations with their transcripts.
 */
import { useState } from 'preact/hooks'

import { useI18n } from '../../i18n-context'
import { ChatHistory } from './chat-history'
import { ConnectionHistory } from './connection-history'

const VIEWS = ['connections', 'chats'] as const
type View = (typeof VIEWS)[number]

export function HistoryPage() {
  const { t } = useI18n()
  const [view, setView] = useState<View>('connections')
  return (
    <>
      <div class="toolbar">
        <div class="segmented" role="radiogroup" aria-label={t('chatHistory.views')}>
          {VIEWS.map((value) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={view === value}
              class={view === value ? 'is-selected' : undefined}
              data-testid={`history-view-${value}`}
              onClick={() => {
                setView(value)
              }}
            >
              {t(`chatHistory.view.${value}`)}
            </button>
          ))}
        </div>
      </div>
      {view === 'connections' ? <ConnectionHistory /> : <ChatHistory />}
    </>
  )
}
