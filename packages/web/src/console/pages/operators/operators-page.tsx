/** Admins manage the team: invite, change roles, disable and enable. */
import { useEffect, useState } from 'preact/hooks'

import { useAuth, useSignedIn } from '../../auth-context'
import { ErrorAlert, Notice } from '../../components/alert'
import { useI18n } from '../../i18n-context'
import type { Operator, Role } from '../../types'
import { useAction } from '../../use-action'
import { useNotice } from '../../use-notice'
import { InviteForm } from './invite-form'
import { OperatorTable } from './operator-table'

export function OperatorsPage() {
  const { t } = useI18n()
  const { api } = useAuth()
  const { operator: me } = useSignedIn()
  const loading = useAction()
  const changing = useAction()
  const [operators, setOperators] = useState<readonly Operator[] | null>(null)
  const [busyId, setBusyId] = useState<string | null>(null)
  const notice = useNotice()

  const load = () => {
    void loading
      .run(() => api.get<{ operators: Operator[] }>('/operators'))
      .then((result) => {
        if (result !== undefined) setOperators(result.operators)
      })
  }
  useEffect(load, [])

  const change = async (operator: Operator, patch: { role?: Role; disabled?: boolean }) => {
    setBusyId(operator.id)
    notice.clear()
    const result = await changing.run(() =>
      api.patch<{ operator: Operator }>(`/operators/${encodeURIComponent(operator.id)}`, patch),
    )
    setBusyId(null)
    if (result === undefined) {
      load() // put the select back to what the server holds
      return
    }
    setOperators(
      (operators ?? []).map((item) => (item.id === operator.id ? result.operator : item)),
    )
    if (patch.role !== undefined) {
      notice.show('operators.roleChanged', { name: operator.displayName })
    }
  }

  return (
    <>
      <InviteForm onInvited={load} />
      <section class="card" aria-labelledby="operators-list-title">
        <h2 id="operators-list-title">{t('operators.listTitle')}</h2>
        <Notice message={notice.text} />
        <ErrorAlert message={changing.error ?? loading.error} />
        {operators === null ? (
          <p class="muted">{t('app.loading')}</p>
        ) : (
          <OperatorTable
            operators={operators}
            myId={me.id}
            busyId={busyId}
            onChange={(operator, patch) => void change(operator, patch)}
          />
        )}
      </section>
    </>
  )
}
