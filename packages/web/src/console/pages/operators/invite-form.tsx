/** Invites an operator and shows the one-time link to pass on (and whether it was mailed). */
import { useState } from 'preact/hooks'

import { useAuth } from '../../auth-context'
import { ErrorAlert } from '../../components/alert'
import { CopyButton } from '../../components/copy-button'
import { SelectField, TextField } from '../../components/field'
import { useI18n } from '../../i18n-context'
import type { Operator, Role } from '../../types'
import { useAction } from '../../use-action'
import { useChecks } from '../../use-checks'
import * as validate from '../../validate'

interface Invited {
  readonly operator: Operator
  readonly invitationUrl: string
  readonly mailed: boolean
  readonly mailError?: string
}

export function InviteForm({ onInvited }: { readonly onInvited: (operator: Operator) => void }) {
  const { t } = useI18n()
  const { api } = useAuth()
  const action = useAction()
  const checks = useChecks()
  const [email, setEmail] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [role, setRole] = useState<Role>('operator')
  const [invited, setInvited] = useState<Invited | null>(null)

  const problems = {
    'invite-email': validate.email(email, t('field.email')),
    'invite-display-name': validate.required(displayName, t('field.name')),
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    if (action.busy || !checks.passes(problems)) return
    const result = await action.run(() =>
      api.post<Invited>('/operators', {
        email: email.trim(),
        displayName: displayName.trim(),
        role,
      }),
    )
    if (result === undefined) return
    setInvited(result)
    setEmail('')
    setDisplayName('')
    setRole('operator')
    checks.reset()
    onInvited(result.operator)
  }

  return (
    <section class="card" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('operators.invite')}</h2>
      <form class="form-row" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          id="invite-email"
          type="email"
          label={t('field.email')}
          value={email}
          autoComplete="off"
          required
          error={checks.show(problems['invite-email'])}
          onValue={setEmail}
        />
        <TextField
          id="invite-display-name"
          label={t('field.name')}
          value={displayName}
          autoComplete="off"
          required
          maxLength={100}
          error={checks.show(problems['invite-display-name'])}
          onValue={setDisplayName}
        />
        <SelectField
          id="invite-role"
          label={t('field.role')}
          value={role}
          options={[
            { value: 'operator', label: t('role.operator') },
            { value: 'admin', label: t('role.admin') },
          ]}
          onValue={(value) => {
            setRole(value === 'admin' ? 'admin' : 'operator')
          }}
        />
        <div class="form-row-submit">
          <button type="submit" class="button primary" disabled={action.busy}>
            {action.busy ? t('common.working') : t('operators.inviteSubmit')}
          </button>
        </div>
      </form>
      <ErrorAlert message={action.error} />
      {invited === null ? null : <InvitationLink invited={invited} />}
    </section>
  )
}

function InvitationLink({ invited }: { readonly invited: Invited }) {
  const { t } = useI18n()
  const name = invited.operator.displayName
  return (
    <div class="issued" role="status">
      <p class="issued-label">
        <label for="invitation-url">{t('operators.invitationLink', { name })}</label>
      </p>
      <div class="issued-row">
        <input
          id="invitation-url"
          class="link-display"
          type="text"
          readOnly
          value={invited.invitationUrl}
          data-testid="invitation-url"
          onFocus={(event) => {
            event.currentTarget.select()
          }}
        />
        <CopyButton text={invited.invitationUrl} />
      </div>
      <p class="muted">{t('operators.invitationHint', { name })}</p>
      <p
        class={invited.mailError === undefined ? 'muted' : 'field-error'}
        data-testid="invitation-mailed"
      >
        {invited.mailed
          ? t('operators.mailed')
          : invited.mailError === undefined
            ? t('operators.notMailed')
            : t('operators.mailError', { error: invited.mailError })}
      </p>
    </div>
  )
}
