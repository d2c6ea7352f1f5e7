/** Rows of the connection history. */
import { StateBadge } from '../../components/state-badge'
import { useI18n } from '../../i18n-context'
import { SESSION_OUTCOMES } from '../../types'
import type { HistoryEntry } from './history-entry'

const KNOWN_OUTCOMES: ReadonlySet<string> = new Set(SESSION_OUTCOMES)

export function HistoryTable({ rows }: { readonly rows: readonly HistoryEntry[] }) {
  const { t, dateTime } = useI18n()
  const outcome = (value: string | null) => {
    if (value === null) return t('common.none')
    return KNOWN_OUTCOMES.has(value)
      ? t(`outcome.${value as (typeof SESSION_OUTCOMES)[number]}`)
      : value
  }
  if (rows.length === 0) return <p class="empty">{t('history.empty')}</p>
  return (
    <div class="table-wrap">
      <table class="table compact" data-testid="history-table">
        <thead>
          <tr>
            <th scope="col">{t('history.col.created')}</th>
            <th scope="col">{t('history.col.started')}</th>
            <th scope="col">{t('history.col.ended')}</th>
            <th scope="col">{t('history.col.operator')}</th>
            <th scope="col">{t('history.col.method')}</th>
            <th scope="col">{t('history.col.state')}</th>
            <th scope="col">{t('history.col.outcome')}</th>
            <th scope="col">{t('history.col.customerIp')}</th>
            <th scope="col">{t('history.col.customerEmail')}</th>
            <th scope="col">{t('history.col.operatorIp')}</th>
            <th scope="col">{t('history.col.agentOs')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="history-row" data-state={row.state}>
              <td class="nowrap">{dateTime(row.createdAt)}</td>
              <td class="nowrap">{dateTime(row.startedAt)}</td>
              <td class="nowrap">{dateTime(row.endedAt)}</td>
              <td class="nowrap">{row.operator.displayName}</td>
              <td>
                {t(`method.${row.method}`)}
                {row.deviceName === null ? null : (
                  <span class="muted" data-testid="device-name">
                    {' '}
                    ({row.deviceName})
                  </span>
                )}
              </td>
              <td>
                <StateBadge state={row.state} />
              </td>
              <td>{outcome(row.outcome)}</td>
              <td class="mono" data-testid="customer-ip">
                {row.customerIp ?? t('common.none')}
              </td>
              <td class="nowrap" data-testid="customer-email">
                {row.customerEmail ?? t('common.none')}
              </td>
              <td class="mono">{row.operatorIp ?? t('common.none')}</td>
              <td>{row.agentOs ?? t('common.none')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
