/** The team: role changes and disabling, except on yourself. */
import { useI18n } from '../../i18n-context'
import type { Operator, Role } from '../../types'

interface Props {
  readonly operators: readonly Operator[]
  readonly myId: string
  readonly busyId: string | null
  readonly onChange: (operator: Operator, change: { role?: Role; disabled?: boolean }) => void
}

export function OperatorTable({ operators, myId, busyId, onChange }: Props) {
  const { t } = useI18n()
  const status = (operator: Operator) =>
    operator.disabled ? 'disabled' : operator.hasPassword ? 'active' : 'invited'
  return (
    <div class="table-wrap">
      <table class="table" data-testid="operators-table">
        <thead>
          <tr>
            <th scope="col">{t('operators.col.name')}</th>
            <th scope="col">{t('operators.col.email')}</th>
            <th scope="col">{t('operators.col.role')}</th>
            <th scope="col">{t('operators.col.status')}</th>
            <th scope="col">{t('operators.col.totp')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {operators.map((operator) => {
            const isMe = operator.id === myId
            const isBusy = busyId === operator.id
            const state = status(operator)
            return (
              <tr key={operator.id} data-operator-email={operator.email}>
                <td>
                  {operator.displayName}{' '}
                  {isMe ? <span class="muted">{t('operators.you')}</span> : null}
                </td>
                <td class="break">{operator.email}</td>
                <td>
                  <select
                    aria-label={`${t('operators.col.role')}: ${operator.displayName}`}
                    value={operator.role}
                    disabled={isMe || isBusy}
                    onChange={(event) => {
                      onChange(operator, {
                        role: event.currentTarget.value === 'admin' ? 'admin' : 'operator',
                      })
                    }}
                  >
                    <option value="operator">{t('role.operator')}</option>
                    <option value="admin">{t('role.admin')}</option>
                  </select>
                </td>
                <td>
                  <span class={`badge status-${state}`}>{t(`operators.status.${state}`)}</span>
                </td>
                <td>{operator.totpEnabled ? t('common.yes') : t('common.no')}</td>
                <td class="actions">
                  {isMe ? null : (
                    <button
                      type="button"
                      class={operator.disabled ? 'button small secondary' : 'button small danger'}
                      disabled={isBusy}
                      onClick={() => {
                        onChange(operator, { disabled: !operator.disabled })
                      }}
                    >
                      {operator.disabled ? t('operators.enable') : t('operators.disable')}
                    </button>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
