/** Admins' API keys: create (the secret is shown once), list, revoke. */
import { useEffect, useState } from 'preact/hooks'

import { useAuth } from '../../auth-context'
import { ErrorAlert } from '../../components/alert'
import { ConfirmButton } from '../../components/confirm-button'
import { CopyButton } from '../../components/copy-button'
import { TextField } from '../../components/field'
import { useI18n } from '../../i18n-context'
import type { ApiKey } from '../../types'
import { useAction } from '../../use-action'
import { useChecks } from '../../use-checks'
import * as validate from '../../validate'

interface Created {
  readonly apiKey: ApiKey
  readonly secret: string
}

export function ApiKeysSection() {
  const { t, dateTime } = useI18n()
  const { api } = useAuth()
  const action = useAction()
  const checks = useChecks()
  const [keys, setKeys] = useState<readonly ApiKey[] | null>(null)
  const [name, setName] = useState('')
  const [created, setCreated] = useState<Created | null>(null)
  const problems = { 'api-key-name': validate.required(name, t('settings.apiKeyName')) }

  const load = () => {
    void action
      .run(() => api.get<{ apiKeys: ApiKey[] }>('/api-keys'))
      .then((result) => {
        if (result !== undefined) setKeys(result.apiKeys)
      })
  }
  useEffect(load, [])

  const create = async (event: Event) => {
    event.preventDefault()
    if (action.busy || !checks.passes(problems)) return
    const result = await action.run(() => api.post<Created>('/api-keys', { name: name.trim() }))
    if (result === undefined) return
    setCreated(result)
    setName('')
    checks.reset()
    load()
  }

  const revoke = async (key: ApiKey) => {
    await action.run(() => api.delete(`/api-keys/${encodeURIComponent(key.id)}`))
    if (created?.apiKey.id === key.id) setCreated(null)
    load()
  }

  return (
    <section class="card" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">{t('settings.apiKeys')}</h2>
      <p class="muted">{t('settings.apiKeysHint')}</p>
      <form class="form-row" onSubmit={(event) => void create(event)} noValidate>
        <TextField
          id="api-key-name"
          label={t('settings.apiKeyName')}
          value={name}
          maxLength={100}
          autoComplete="off"
          error={checks.show(problems['api-key-name'])}
          onValue={setName}
        />
        <div class="form-row-submit">
          <button type="submit" class="button primary" disabled={action.busy}>
            {t('settings.apiKeyCreate')}
          </button>
        </div>
      </form>
      {created === null ? null : (
        <div class="issued" role="status">
          <p class="issued-label">{t('settings.apiKeySecret', { name: created.apiKey.name })}</p>
          <div class="issued-row">
            <code class="secret break" data-testid="api-key-secret">
              {created.secret}
            </code>
            <CopyButton text={created.secret} />
          </div>
          <p class="muted">{t('settings.apiKeySecretHint')}</p>
        </div>
      )}
      <ErrorAlert message={action.error} />
      {keys === null ? null : keys.length === 0 ? (
        <p class="empty">{t('settings.apiKeysEmpty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('settings.col.name')}</th>
                <th scope="col">{t('settings.col.prefix')}</th>
                <th scope="col">{t('settings.col.created')}</th>
                <th scope="col">{t('settings.col.lastUsed')}</th>
                <th scope="col">{t('settings.col.status')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td class="mono">{key.prefix}…</td>
                  <td class="nowrap">{dateTime(key.createdAt)}</td>
                  <td class="nowrap">{dateTime(key.lastUsedAt)}</td>
                  <td>
                    <span
                      class={
                        key.revokedAt === null ? 'badge status-active' : 'badge status-disabled'
                      }
                    >
                      {key.revokedAt === null
                        ? t('settings.apiKeyActive')
                        : t('settings.apiKeyRevoked')}
                    </span>
                  </td>
                  <td class="actions">
                    {key.revokedAt === null ? (
                      <ConfirmButton
                        label={t('settings.apiKeyRevoke')}
                        question={t('settings.apiKeyRevokeConfirm', { name: key.name })}
                        yes={t('settings.apiKeyRevoke')}
                        no={t('common.cancel')}
                        busy={action.busy}
                        danger
                        onConfirm={() => void revoke(key)}
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
