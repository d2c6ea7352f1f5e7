/** Two-step verification: enrol (secret and otpauth address as text, then a code), or disable. */
import { useState } from 'preact/hooks'

import { useAuth, useSignedIn } from '../../auth-context'
import { ErrorAlert, Notice } from '../../components/alert'
import { CopyButton } from '../../components/copy-button'
import { TextField } from '../../components/field'
import { useI18n } from '../../i18n-context'
import type { SignedIn } from '../../types'
import { useAction } from '../../use-action'
import { useNotice } from '../../use-notice'
import { useChecks } from '../../use-checks'
import * as validate from '../../validate'

interface Enrolment {
  readonly secret: string
  readonly otpauthUrl: string
}

export function TotpSection() {
  const { t } = useI18n()
  const { api, setMe } = useAuth()
  const { operator } = useSignedIn()
  const action = useAction()
  const checks = useChecks()
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null)
  const [code, setCode] = useState('')
  const notice = useNotice()
  const problems = { 'totp-code': validate.totpCode(code) }

  const start = async () => {
    notice.clear()
    const result = await action.run(() => api.post<Enrolment>('/auth/totp/setup'))
    if (result !== undefined) setEnrolment(result)
  }

  const confirm = async (event: Event) => {
    event.preventDefault()
    if (action.busy || !checks.passes(problems)) return
    const path = operator.totpEnabled ? '/auth/totp/disable' : '/auth/totp/enable'
    const me = await action.run(async () => {
      await api.post(path, { code: code.replace(/\s/g, '') })
      return api.get<SignedIn>('/auth/me')
    })
    if (me === undefined) return
    notice.show(operator.totpEnabled ? 'settings.totpDisabled' : 'settings.totpEnabled')
    setEnrolment(null)
    setCode('')
    checks.reset()
    setMe(me)
  }

  const codeForm = (submitLabel: string) => (
    <form class="form-row" onSubmit={(event) => void confirm(event)} noValidate>
      <TextField
        id="totp-code"
        label={t('field.totpCode')}
        value={code}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={7}
        error={checks.show(problems['totp-code'])}
        onValue={setCode}
      />
      <div class="form-row-submit">
        <button type="submit" class="button primary" disabled={action.busy}>
          {action.busy ? t('common.working') : submitLabel}
        </button>
      </div>
    </form>
  )

  return (
    <section class="form" aria-labelledby="totp-title">
      <h3 id="totp-title">{t('settings.totp')}</h3>
      <p>{operator.totpEnabled ? t('settings.totpOn') : t('settings.totpOff')}</p>
      {operator.totpEnabled ? codeForm(t('settings.totpDisable')) : null}
      {!operator.totpEnabled && enrolment === null ? (
        <button
          type="button"
          class="button secondary"
          onClick={() => void start()}
          disabled={action.busy}
        >
          {t('settings.totpStart')}
        </button>
      ) : null}
      {!operator.totpEnabled && enrolment !== null ? (
        <div class="issued">
          <p class="muted">{t('settings.totpInstructions')}</p>
          <p class="issued-label">{t('settings.totpSecret')}</p>
          <div class="issued-row">
            <code class="secret" data-testid="totp-secret">
              {enrolment.secret}
            </code>
            <CopyButton text={enrolment.secret} />
          </div>
          <p class="issued-label">{t('settings.totpUrl')}</p>
          <div class="issued-row">
            <code class="secret break">{enrolment.otpauthUrl}</code>
            <CopyButton text={enrolment.otpauthUrl} />
          </div>
          {codeForm(t('settings.totpEnable'))}
        </div>
      ) : null}
      <Notice message={notice.text} />
      <ErrorAlert message={action.error} />
    </section>
  )
}
