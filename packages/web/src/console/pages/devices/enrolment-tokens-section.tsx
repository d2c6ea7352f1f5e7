/**
 * Admins' enrolment tokens: create one (shown once, with the install command to copy), see
 * which were used by which computer, expired or revoked, and revoke unused ones.
 */
import { useEffect, useState } from 'preact/hooks'

import { useAuth } from '../../auth-context'
import { ErrorAlert } from '../../components/alert'
import { ConfirmButton } from '../../components/confirm-button'
import { CopyButton } from '../../components/copy-button'
import { SelectField, TextField } from '../../components/field'
import { useI18n } from '../../i18n-context'
import { useAction } from '../../use-action'
import { type CreatedEnrolmentToken, type EnrolmentToken, NAME_MAX_LENGTH } from './device-types'

const EXPIRY_HOURS = ['1', '24', '168', '720'] as const
type ExpiryHours = (typeof EXPIRY_HOURS)[number]

function isExpiryHours(value: string): value is ExpiryHours {
  return (EXPIRY_HOURS as readonly string[]).includes(value)
}

interface Props {
  /** Changes when the computers listed change: a token may have been used meanwhile. */
  readonly devicesKey: string
  /** Called when a token was created or revoked (the device list may change soon after). */
  readonly onChanged: () => void
}

export function EnrolmentTokensSection({ devicesKey, onChanged }: Props) {
  const { t, dateTime } = useI18n()
  const { api } = useAuth()
  const action = useAction()
  const [tokens, setTokens] = useState<readonly EnrolmentToken[] | null>(null)
  const [label, setLabel] = useState('')
  const [group, setGroup] = useState('')
  const [hours, setHours] = useState<ExpiryHours>('24')
  const [created, setCreated] = useState<CreatedEnrolmentToken | null>(null)

  const load = () => {
    void action
      .run(() => api.get<{ enrolmentTokens: EnrolmentToken[] }>('/enrolment-tokens'))
      .then((result) => {
        if (result !== undefined) setTokens(result.enrolmentTokens)
      })
  }
  useEffect(load, [devicesKey])

  const create = async (event: Event) => {
    event.preventDefault()
    if (action.busy) return
    const result = await action.run(() =>
      api.post<CreatedEnrolmentToken>('/enrolment-tokens', {
        expiresInHours: Number(hours),
        label: label.trim() === '' ? null : label.trim(),
        group: group.trim() === '' ? null : group.trim(),
      }),
    )
    if (result === undefined) return
    setCreated(result)
    setLabel('')
    setGroup('')
    load()
    onChanged()
  }

  const revoke = async (token: EnrolmentToken) => {
    await action.run(() => api.delete(`/enrolment-tokens/${encodeURIComponent(token.id)}`))
    if (created?.enrolmentToken.id === token.id) setCreated(null)
    load()
  }

  const statusText = (token: EnrolmentToken) =>
    token.status === 'used'
      ? t('tokens.status.used', { name: token.usedBy?.name ?? t('common.none') })
      : t(`tokens.status.${token.status}`)

  return (
    <section class="card" aria-labelledby="enrolment-tokens-title">
      <h2 id="enrolment-tokens-title">{t('tokens.title')}</h2>
      <p class="muted">{t('tokens.hint')}</p>
      <form class="form-row" onSubmit={(event) => void create(event)} noValidate>
        <TextField
          id="token-label"
          label={t('tokens.label')}
          value={label}
          maxLength={NAME_MAX_LENGTH}
          autoComplete="off"
          onValue={setLabel}
        />
        <TextField
          id="token-group"
          label={t('tokens.group')}
          value={group}
          maxLength={NAME_MAX_LENGTH}
          autoComplete="off"
          onValue={setGroup}
        />
        <SelectField
          id="token-expiry"
          label={t('tokens.expiry')}
          value={hours}
          options={EXPIRY_HOURS.map((value) => ({
            value,
            label: t(`tokens.expiry.${value}`),
          }))}
          onValue={(value) => {
            if (isExpiryHours(value)) setHours(value)
          }}
        />
        <div class="form-row-submit">
          <button type="submit" class="button primary" disabled={action.busy}>
            {t('tokens.create')}
          </button>
        </div>
      </form>
      {created === null ? null : (
        <div class="issued" role="status">
          <p class="issued-label">{t('tokens.created')}</p>
          <div class="issued-row">
            <code class="secret break" data-testid="enrolment-token">
              {created.token}
            </code>
            <CopyButton text={created.token} />
          </div>
          <p class="issued-label">{t('tokens.command')}</p>
          <div class="issued-row">
            <code class="secret break" data-testid="enrolment-command">
              {created.command}
            </code>
            <CopyButton text={created.command} label={t('tokens.copyCommand')} />
          </div>
          <p class="muted">
            {t('tokens.secretHint', { time: dateTime(created.enrolmentToken.expiresAt) })}
          </p>
        </div>
      )}
      <ErrorAlert message={action.error} />
      {tokens === null ? null : tokens.length === 0 ? (
        <p class="empty">{t('tokens.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="enrolment-tokens">
            <thead>
              <tr>
                <th scope="col">{t('tokens.col.label')}</th>
                <th scope="col">{t('tokens.col.group')}</th>
                <th scope="col">{t('tokens.col.createdBy')}</th>
                <th scope="col">{t('tokens.col.expires')}</th>
                <th scope="col">{t('tokens.col.status')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id} data-token-id={token.id} data-status={token.status}>
                  <td>{token.label ?? t('common.none')}</td>
                  <td>{token.group ?? t('common.none')}</td>
                  <td>{token.createdBy.displayName ?? t('common.none')}</td>
                  <td class="nowrap">{dateTime(token.expiresAt)}</td>
                  <td>
                    <span
                      class={
                        token.status === 'unused'
                          ? 'badge status-active'
                          : token.status === 'used'
                            ? 'badge'
                            : 'badge status-disabled'
                      }
                    >
                      {statusText(token)}
                    </span>
                  </td>
                  <td class="actions">
                    {token.status === 'unused' ? (
                      <ConfirmButton
                        label={t('tokens.revoke')}
                        question={t('tokens.revokeConfirm')}
                        yes={t('tokens.revoke')}
                        no={t('common.cancel')}
                        busy={action.busy}
                        danger
                        onConfirm={() => void revoke(token)}
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
