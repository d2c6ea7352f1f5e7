/** The operator's home: issue a session number, and watch sessions (refreshed every 5 s). */
import { formatSessionCode } from '@tasuke/protocol'
import { useRef, useState } from 'preact/hooks'

import { useAuth, useSignedIn } from '../../auth-context'
import { ErrorAlert, Notice } from '../../components/alert'
import { useI18n } from '../../i18n-context'
import type { SupportSession } from '../../types'
import { useAction } from '../../use-action'
import { useNotice } from '../../use-notice'
import { usePolling } from '../../use-now'
import { InviteByEmail, type SessionInvitation } from './invite-by-email'
import { type Issued, NewSession } from './new-session'
import { SessionTable } from './session-table'

const REFRESH_MS = 5000
const LIST_LIMIT = 100
type Scope = 'live' | 'all'

export function SessionsPage() {
  const { t } = useI18n()
  const { api } = useAuth()
  const { isAdmin } = useSignedIn()
  const loading = useAction()
  const cancelling = useAction()
  const [scope, setScope] = useState<Scope>('live')
  const [sessions, setSessions] = useState<readonly SupportSession[] | null>(null)
  const [cancellingId, setCancellingId] = useState<string | null>(null)
  const [issued, setIssued] = useState<Issued | null>(null)
  const [invitations, setInvitations] = useState<readonly SessionInvitation[]>([])
  const notice = useNotice()

  const refreshIssued = (fresh: readonly SupportSession[]) => {
    setIssued((current) => {
      const found = current && fresh.find((session) => session.id === current.session.id)
      return current && found ? { ...current, session: found } : current
    })
  }

  // Answers can overtake each other (a poll, then a scope change): only the latest counts.
  const latestRequest = useRef(0)

  const load = () => {
    const request = ++latestRequest.current
    void loading
      .run(() =>
        Promise.all([
          api.get<{ sessions: SupportSession[] }>('/sessions', { scope, limit: LIST_LIMIT }),
          api.get<{ invitations: SessionInvitation[] }>('/sessions/invitations', {
            limit: LIST_LIMIT,
          }),
        ]),
      )
      .then((result) => {
        if (result === undefined || request !== latestRequest.current) return
        const [list, invited] = result
        setSessions(list.sessions)
        setInvitations(invited.invitations)
        refreshIssued(list.sessions)
      })
  }
  usePolling(load, REFRESH_MS, scope)

  const cancel = async (session: SupportSession) => {
    setCancellingId(session.id)
    notice.clear()
    const result = await cancelling.run(() =>
      api.post<{ session: SupportSession }>(`/sessions/${encodeURIComponent(session.id)}/cancel`),
    )
    setCancellingId(null)
    if (result !== undefined) {
      refreshIssued([result.session])
      notice.show('sessions.cancelled', { code: formatSessionCode(session.code) })
    }
    load()
  }

  return (
    <>
      <NewSession
        issued={issued}
        onIssued={(next) => {
          setIssued(next)
          load()
        }}
      />
      <InviteByEmail invitations={invitations} sessions={sessions ?? []} onChanged={load} />
      <section class="card" aria-labelledby="sessions-list-title">
        <div class="card-header">
          <h2 id="sessions-list-title">{t('sessions.listTitle')}</h2>
          <div class="toolbar">
            <div class="segmented" role="radiogroup" aria-label={t('sessions.scope')}>
              {(['live', 'all'] as const).map((value) => (
                <button
                  key={value}
                  type="button"
                  role="radio"
                  aria-checked={scope === value}
                  class={scope === value ? 'is-selected' : undefined}
                  data-testid={`scope-${value}`}
                  onClick={() => {
                    setScope(value)
                  }}
                >
                  {t(`sessions.scope.${value}`)}
                </button>
              ))}
            </div>
            <button
              type="button"
              class="button secondary small"
              onClick={load}
              disabled={loading.busy}
            >
              {t('common.refresh')}
            </button>
          </div>
        </div>
        <Notice message={notice.text} />
        <ErrorAlert message={cancelling.error ?? loading.error} />
        {sessions === null ? (
          <p class="muted">{t('app.loading')}</p>
        ) : (
          <SessionTable
            sessions={sessions}
            showOperator={isAdmin}
            cancellingId={cancellingId}
            onCancel={(session) => void cancel(session)}
          />
        )}
      </section>
    </>
  )
}
