/** The list of support sessions, with a link to the viewer and a cancel button (asking first) on live ones. */
import { formatSessionCode } from '@tasuke/protocol'
import { ConfirmButton } from '../../components/confirm-button'
import { NavLink } from '../../components/nav-link'
import { StateBadge } from '../../components/state-badge'
import { useI18n } from '../../i18n-context'
import type { SessionState, SupportSession } from '../../types'

const CANCELLABLE: ReadonlySet<SessionState> = new Set(['waiting', 'connecting', 'active'])

interface Props {
  readonly sessions: readonly SupportSession[]
  readonly showOperator: boolean
  readonly cancellingId: string | null
  readonly onCancel: (session: SupportSession) => void
}

export function SessionTable({ sessions, showOperator, cancellingId, onCancel }: Props) {
  const { t, dateTime } = useI18n()
  if (sessions.length === 0) return <p class="empty">{t('sessions.empty')}</p>
  return (
    <div class="table-wrap">
      <table class="table" data-testid="sessions-table">
        <thead>
          <tr>
            <th scope="col">{t('sessions.col.code')}</th>
            <th scope="col">{t('sessions.col.state')}</th>
            {showOperator ? <th scope="col">{t('sessions.col.operator')}</th> : null}
            <th scope="col">{t('sessions.col.method')}</th>
            <th scope="col">{t('sessions.col.created')}</th>
            <th scope="col">{t('sessions.col.expires')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => {
            const code = formatSessionCode(session.code)
            return (
              <tr key={session.id} data-session-code={session.code} data-state={session.state}>
                <td class="mono nowrap">{code}</td>
                <td>
                  <StateBadge state={session.state} />
                </td>
                {showOperator ? <td>{session.operator.displayName}</td> : null}
                <td>{t(`method.${session.method}`)}</td>
                <td class="nowrap">{dateTime(session.createdAt)}</td>
                <td class="nowrap">{dateTime(session.expiresAt)}</td>
                <td class="actions">
                  {CANCELLABLE.has(session.state) ? (
                    <NavLink
                      href={`/sessions/${encodeURIComponent(session.id)}/view`}
                      class="button primary small"
                      label={t('sessions.viewLabel', { code })}
                    >
                      {t('sessions.view')}
                    </NavLink>
                  ) : null}
                  {CANCELLABLE.has(session.state) ? (
                    <ConfirmButton
                      label={t('sessions.cancel')}
                      question={t('sessions.cancelConfirm', { code })}
                      yes={t('sessions.cancelYes')}
                      no={t('sessions.cancelNo')}
                      busy={cancellingId === session.id}
                      danger
                      onConfirm={() => {
                        onCancel(session)
                      }}
                    />
                  ) : null}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
