/** The filters of the connection history: dates, operator, method, outcome. */
import { useState } from 'preact/hooks'

import { type Option, SelectField, TextField } from '../../components/field'
import { useI18n } from '../../i18n-context'
import { type OperatorRef, SESSION_METHODS, SESSION_OUTCOMES } from '../../types'
import { useChecks } from '../../use-checks'
import * as validate from '../../validate'

export interface Filters {
  /** Local calendar days, `yyyy-mm-dd`, inclusive; '' for open ends. */
  readonly from: string
  readonly to: string
  readonly operatorId: string
  readonly method: string
  readonly outcome: string
}

export const NO_FILTERS: Filters = { from: '', to: '', operatorId: '', method: '', outcome: '' }

/** The API query for filters: local days become UTC instants ('to' is the next midnight). */
export function toQuery(filters: Filters): Record<string, string> {
  const midnight = (day: string, addDays: number) => {
    const [year, month, date] = day.split('-').map(Number)
    return new Date(year ?? 1970, (month ?? 1) - 1, (date ?? 1) + addDays).toISOString()
  }
  return {
    from: filters.from === '' ? '' : midnight(filters.from, 0),
    to: filters.to === '' ? '' : midnight(filters.to, 1),
    operatorId: filters.operatorId,
    method: filters.method,
    outcome: filters.outcome,
  }
}

interface Props {
  readonly operators: readonly OperatorRef[] | null
  readonly busy: boolean
  readonly onApply: (filters: Filters) => void
}

export function HistoryFilters({ operators, busy, onApply }: Props) {
  const { t } = useI18n()
  const checks = useChecks()
  const [filters, setFilters] = useState<Filters>(NO_FILTERS)
  const set = (key: keyof Filters) => (value: string) => {
    setFilters({ ...filters, [key]: value })
  }
  const problems = { 'history-to': validate.dateRange(filters.from, filters.to) }
  const any: Option = { value: '', label: t('history.any') }

  const submit = (event: Event) => {
    event.preventDefault()
    if (checks.passes(problems)) onApply(filters)
  }
  const reset = () => {
    setFilters(NO_FILTERS)
    checks.reset()
    onApply(NO_FILTERS)
  }

  return (
    <form class="filters" onSubmit={submit} noValidate aria-label={t('history.filters')}>
      <TextField
        id="history-from"
        type="date"
        label={t('history.from')}
        value={filters.from}
        onValue={set('from')}
      />
      <TextField
        id="history-to"
        type="date"
        label={t('history.to')}
        value={filters.to}
        error={checks.show(problems['history-to'])}
        onValue={set('to')}
      />
      {operators === null ? null : (
        <SelectField
          id="history-operator"
          label={t('history.operator')}
          value={filters.operatorId}
          options={[
            any,
            ...operators.map((operator) => ({ value: operator.id, label: operator.displayName })),
          ]}
          onValue={set('operatorId')}
        />
      )}
      <SelectField
        id="history-method"
        label={t('history.method')}
        value={filters.method}
        options={[
          any,
          ...SESSION_METHODS.map((method) => ({ value: method, label: t(`method.${method}`) })),
        ]}
        onValue={set('method')}
      />
      <SelectField
        id="history-outcome"
        label={t('history.outcome')}
        value={filters.outcome}
        options={[
          any,
          ...SESSION_OUTCOMES.map((outcome) => ({
            value: outcome,
            label: t(`outcome.${outcome}`),
          })),
        ]}
        onValue={set('outcome')}
      />
      <div class="filters-actions">
        <button type="submit" class="button primary" disabled={busy}>
          {t('history.apply')}
        </button>
        <button type="button" class="button ghost" onClick={reset} disabled={busy}>
          {t('history.reset')}
        </button>
      </div>
    </form>
  )
}
