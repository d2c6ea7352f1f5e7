/** Log-in: e-mail and password, then the TOTP code when the account asks for one. */
import { useState } from 'preact/hooks'

import { formatDuration } from '../../shared/format'
import { useAuth } from '../auth-context'
import { ErrorAlert } from '../components/alert'
import { TextField } from '../components/field'
import { PublicLayout } from '../components/public-layout'
import { useI18n } from '../i18n-context'
import { navigate } from '../router'
import type { SignedIn } from '../types'
import { useAction } from '../use-action'
import { useChecks } from '../use-checks'
import { useNow } from '../use-now'
import * as validate from '../validate'

export function LoginPage() {
  const { t, locale } = useI18n()
  const { api, setMe } = useAuth()
  const action = useAction({ signOutOn401: false })
  const checks = useChecks()
  const now = useNow(1000)
  const [step, setStep] = useState<'password' | 'totp'>('password')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [totpCode, setTotpCode] = useState('')
  const [lockedUntil, setLockedUntil] = useState<number | null>(null)

  const problems: Readonly<Record<string, validate.Problem>> =
    step === 'password'
      ? {
          'login-email': validate.email(email, t('field.email')),
          'login-password': validate.required(password, t('field.password')),
        }
      : { 'login-totp': validate.totpCode(totpCode) }

  const lockSeconds = lockedUntil === null ? 0 : Math.ceil((lockedUntil - now) / 1000)
  const isLocked = lockSeconds > 0

  const submit = async (event: Event) => {
    event.preventDefault()
    if (action.busy || isLocked || !checks.passes(problems)) return
    const body = {
      email: email.trim(),
      password,
      ...(step === 'totp' ? { totpCode: totpCode.replace(/\s/g, '') } : {}),
    }
    const result = await action.run(
      () => api.post<SignedIn>('/auth/login', body),
      (error) => {
        if (error.code === 'totp-required' && step === 'password') {
          setStep('totp')
          checks.reset()
          return true
        }
        if (error.code === 'rate-limited' && error.retryAfterSeconds !== null) {
          setLockedUntil(Date.now() + error.retryAfterSeconds * 1000)
          return true
        }
        return false
      },
    )
    if (result !== undefined) {
      setMe(result)
      navigate('/sessions', { replace: true })
    }
  }

  const back = () => {
    setStep('password')
    setTotpCode('')
    checks.reset()
    action.clear()
  }

  return (
    <PublicLayout
      title={step === 'password' ? t('login.title') : t('login.totpTitle')}
      intro={step === 'password' ? t('login.intro') : t('login.totpIntro')}
    >
      <form class="form" onSubmit={(event) => void submit(event)} noValidate>
        {step === 'password' ? (
          <>
            <TextField
              id="login-email"
              type="email"
              label={t('field.email')}
              value={email}
              autoComplete="username"
              autoFocus
              required
              error={checks.show(problems['login-email'] ?? null)}
              onValue={setEmail}
            />
            <TextField
              id="login-password"
              type="password"
              label={t('field.password')}
              value={password}
              autoComplete="current-password"
              required
              error={checks.show(problems['login-password'] ?? null)}
              onValue={setPassword}
            />
          </>
        ) : (
          <TextField
            id="login-totp"
            label={t('field.totpCode')}
            value={totpCode}
            autoComplete="one-time-code"
            inputMode="numeric"
            autoFocus
            required
            maxLength={7}
            error={checks.show(problems['login-totp'] ?? null)}
            onValue={setTotpCode}
          />
        )}
        <ErrorAlert
          message={
            isLocked
              ? t('login.lockedOut', { time: formatDuration(lockSeconds, locale) })
              : action.error
          }
        />
        <button type="submit" class="button primary block" disabled={action.busy || isLocked}>
          {action.busy
            ? t('common.working')
            : step === 'password'
              ? t('login.submit')
              : t('login.totpSubmit')}
        </button>
        {step === 'totp' ? (
          <button type="button" class="button ghost block" onClick={back}>
            {t('login.back')}
          </button>
        ) : null}
      </form>
    </PublicLayout>
  )
}
