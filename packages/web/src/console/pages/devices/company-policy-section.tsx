/** The company's access policy for installed computers: admins change it, operators read it. */
import { useEffect, useState } from 'preact/hooks'

import { useAuth, useSignedIn } from '../../auth-context'
import { ErrorAlert, Notice } from '../../components/alert'
import { useI18n } from '../../i18n-context'
import { useAction } from '../../use-action'
import { useNotice } from '../../use-notice'
import type { AccessPolicy } from './device-types'
import { PolicyFields, type PolicyModeChoice } from './policy-fields'
import { describePolicy, policyFromForm } from './policy-text'

interface Props {
  readonly policy: AccessPolicy | null
  readonly onChanged: () => void
}

export function CompanyPolicySection({ policy, onChanged }: Props) {
  const { t } = useI18n()
  const { api } = useAuth()
  const { isAdmin } = useSignedIn()
  const action = useAction()
  const notice = useNotice()
  const [mode, setMode] = useState<PolicyModeChoice>('always-ask')
  const [seconds, setSeconds] = useState('30')
  const [isSubmitted, setSubmitted] = useState(false)

  // The list is polled: only a policy that really changed replaces what the admin is typing.
  const policyKey = policy === null ? '' : JSON.stringify(policy)
  useEffect(() => {
    if (policy === null) return
    setMode(policy.mode)
    if (policy.mode === 'ask-then-connect') setSeconds(String(policy.askSeconds))
  }, [policyKey])

  const chosen = mode === '' ? null : policyFromForm(mode, seconds)
  const save = async (event: Event) => {
    event.preventDefault()
    setSubmitted(true)
    notice.clear()
    if (chosen === null || action.busy) return
    const result = await action.run(() =>
      api.request<{ policy: AccessPolicy }>('PUT', '/device-policy', { policy: chosen }),
    )
    if (result === undefined) return
    setSubmitted(false)
    notice.show('common.saved')
    onChanged()
  }

  const current = policy === null ? null : describePolicy(policy)
  return (
    <section class="card" aria-labelledby="device-policy-title">
      <h2 id="device-policy-title">{t('policy.company')}</h2>
      <p class="muted">{t('policy.companyHint')}</p>
      {!isAdmin ? (
        <p data-testid="company-policy">{current === null ? '' : t(current.key, current.params)}</p>
      ) : (
        <form class="form-row" onSubmit={(event) => void save(event)} noValidate>
          <PolicyFields
            id="company-policy"
            label={t('policy.mode')}
            mode={mode}
            seconds={seconds}
            onMode={setMode}
            onSeconds={setSeconds}
            secondsError={isSubmitted && chosen === null ? t('validation.askSeconds') : null}
          />
          <div class="form-row-submit">
            <button type="submit" class="button primary" disabled={action.busy}>
              {t('common.save')}
            </button>
          </div>
        </form>
      )}
      <Notice message={notice.text} />
      <ErrorAlert message={action.error} />
    </section>
  )
}
