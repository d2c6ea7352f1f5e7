/** Connection history with filters, paging and (for admins) a CSV export of the same rows. */
import { useEffect, useState } from 'preact/hooks'

import { useAuth, useSignedIn } from '../../auth-context'
import { ErrorAlert } from '../../components/alert'
import { useI18n } from '../../i18n-context'
import type { Operator, OperatorRef } from '../../types'
import { useAction } from '../../use-action'
import type { HistoryEntry } from './history-entry'
import { type Filters, HistoryFilters, NO_FILTERS, toQuery } from './history-filters'
import { HistoryTable } from './history-table'

const PAGE_SIZE = 100

interface Page {
  readonly rows: HistoryEntry[]
  readonly nextCursor: string | null
}

export function ConnectionHistory() {
  const { t } = useI18n()
  const { api } = useAuth()
  const { isAdmin, tenant } = useSignedIn()
  const action = useAction()
  const [filters, setFilters] = useState<Filters>(NO_FILTERS)
  const [rows, setRows] = useState<readonly HistoryEntry[] | null>(null)
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [operators, setOperators] = useState<readonly OperatorRef[] | null>(null)

  useEffect(() => {
    if (!isAdmin) return
    void api.get<{ operators: Operator[] }>('/operators').then(
      (result) => {
        setOperators(result.operators)
      },
      () => {
        setOperators(null)
      },
    )
  }, [isAdmin])

  const fetchPage = (cursor: string | null) =>
    action.run(() =>
      api.get<Page>('/history', { ...toQuery(filters), limit: PAGE_SIZE, cursor: cursor ?? '' }),
    )

  useEffect(() => {
    void fetchPage(null).then((page) => {
      if (page === undefined) return
      setRows(page.rows)
      setNextCursor(page.nextCursor)
    })
  }, [filters])

  const loadMore = async () => {
    const page = await fetchPage(nextCursor)
    if (page === undefined) return
    setRows([...(rows ?? []), ...page.rows])
    setNextCursor(page.nextCursor)
  }

  return (
    <>
      <section class="card">
        <HistoryFilters operators={operators} busy={action.busy} onApply={setFilters} />
      </section>
      <section class="card" aria-labelledby="history-list-title">
        <div class="card-header">
          <h2 id="history-list-title" class="visually-hidden">
            {t('history.title')}
          </h2>
          <p class="muted">{t('history.retention', { days: tenant.retentionDays })}</p>
          {isAdmin ? (
            <a
              class="button secondary small"
              href={api.url('/history.csv', toQuery(filters))}
              download
              data-testid="export-csv"
            >
              {t('history.export')}
            </a>
          ) : null}
        </div>
        <ErrorAlert message={action.error} />
        {rows === null ? <p class="muted">{t('app.loading')}</p> : <HistoryTable rows={rows} />}
        {nextCursor === null ? null : (
          <button
            type="button"
            class="button secondary"
            onClick={() => void loadMore()}
            disabled={action.busy}
          >
            {t('history.more')}
          </button>
        )}
      </section>
    </>
  )
}
