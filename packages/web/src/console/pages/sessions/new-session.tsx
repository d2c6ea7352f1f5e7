/** Issues a session number with the chosen expiry and shows it large, with a countdown. */
import { formatSessionCode } from '@tasuke/protocol'
import { useState } from 'preact/hooks'

import { formatCountdown } from '../../../shared/format'
import type { MessageKey } from '../../../shared/i18n'
import { useAuth } from '../../auth-context'
import { ErrorAlert } from '../../components/alert'
import { CopyButton } from '../../components/copy-button'
import { CustomerLink } from '../../components/customer-link'
import { StateBadge } from '../../components/state-badge'
import { useI18n } from '../../i18n-context'
import type { SupportSession } from '../../types'
import { useAction } from '../../use-action'
import { useNow } from '../../use-now'

export const EXPIRY_MINUTES = [15, 30, 60, 120, 1440] as const
export const DEFAULT_EXPIRY_MINUTES = 30

/** The number just issued, kept up to date by the list's refreshes. */
export interface Issued {
  readonly session: SupportSession
  /** Local clock time of expiry, so a skewed computer clock still counts down correctly. */
  readonly deadline: number
}

interface Props {
  readonly issued: Issued | null
  readonly onIssued: (issued: Issued) => void
}

export function NewSession({ issued, onIssued }: Props) {
  const { t } = useI18n()
  const { api } = useAuth()
  const action = useAction()
  const [minutes, setMinutes] = useState<number>(DEFAULT_EXPIRY_MINUTES)

  const create = async () => {
    const result = await action.run(() =>
      api.post<{ session: SupportSession }>('/sessions', { expiresInMinutes: minutes }),
    )
    if (result === undefined) return
    const { session } = result
    const lifetime = Date.parse(session.expiresAt) - Date.parse(session.createdAt)
    const deadline = Date.now() + (Number.isNaN(lifetime) ? minutes * 60_000 : lifetime)
    onIssued({ session, deadline })
  }

  return (
    <section class="card new-session" aria-labelledby="new-session-title">
      <h2 id="new-session-title" class="visually-hidden">
        {t('sessions.new')}
      </h2>
      <div class="new-session-controls">
        <label class="inline-field">
          <span>{t('sessions.expiry')}</span>
          <select
            id="session-expiry"
            value={String(minutes)}
            data-testid="session-expiry"
            onChange={(event) => {
              setMinutes(Number(event.currentTarget.value))
            }}
          >
            {EXPIRY_MINUTES.map((value) => (
              <option key={value} value={String(value)}>
                {t(`sessions.expiry.${value}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          class="button primary large"
          onClick={() => void create()}
          disabled={action.busy}
          data-testid="new-session"
        >
          {action.busy ? t('common.working') : t('sessions.new')}
        </button>
      </div>
      <ErrorAlert message={action.error} />
      {issued === null ? null : <IssuedCode issued={issued} />}
    </section>
  )
}

function IssuedCode({ issued }: { readonly issued: Issued }) {
  const { t } = useI18n()
  const now = useNow(1000)
  const { session } = issued
  const left = issued.deadline - now
  const formatted = formatSessionCode(session.code)
  const isWaiting = session.state === 'waiting'
  const status = isWaiting
    ? left > 0
      ? t('sessions.expiresIn', { time: formatCountdown(left) })
      : t('sessions.expired')
    : session.state === 'connecting'
      ? t('sessions.issued.connecting')
      : session.state === 'active'
        ? t('sessions.issued.active')
        : t('sessions.issued.finished')
  return (
    <div class={isWaiting && left > 0 ? 'issued' : 'issued is-settled'}>
      <p class="issued-label">{t('sessions.newCode')}</p>
      <div class="issued-row">
        <output class="code-display" data-testid="new-session-code" data-code={session.code}>
          {formatted}
        </output>
        {isWaiting && left > 0 ? (
          <CopyButton text={formatted} label={t('sessions.copyCode')} />
        ) : (
          <StateBadge state={session.state} />
        )}
      </div>
      <p
        class={isWaiting && left > 0 ? 'countdown' : 'countdown is-over'}
        data-testid="new-session-countdown"
        role="status"
      >
        {status}
      </p>
      {isWaiting ? <p class="muted">{t('sessions.newCodeHint')}</p> : null}
      {isWaiting && left > 0 ? <CustomerLink code={session.code} /> : null}
    </div>
  )
}
