/** An admin changes one computer: its name, its group and its own (stricter) access policy. */
import { useState } from 'preact/hooks'

import { useAuth } from '../../auth-context'
import { ErrorAlert } from '../../components/alert'
import { TextField } from '../../components/field'
import { useI18n } from '../../i18n-context'
import { useAction } from '../../use-action'
import * as validate from '../../validate'
import { type AccessPolicy, type Device, NAME_MAX_LENGTH } from './device-types'
import { PolicyFields, type PolicyModeChoice } from './policy-fields'
import { describePolicy, isAtLeastAsStrict, policyFromForm } from './policy-text'

interface Props {
  readonly device: Device
  readonly companyPolicy: AccessPolicy
  readonly onSaved: (device: Device) => void
  readonly onCancel: () => void
}

export function DeviceEditor({ device, companyPolicy, onSaved, onCancel }: Props) {
  const { t } = useI18n()
  const { api } = useAuth()
  const action = useAction()
  const [name, setName] = useState(device.name)
  const [group, setGroup] = useState(device.group ?? '')
  const [mode, setMode] = useState<PolicyModeChoice>(device.policyOverride?.mode ?? '')
  const [seconds, setSeconds] = useState(
    device.policyOverride?.mode === 'ask-then-connect'
      ? String(device.policyOverride.askSeconds)
      : '60',
  )
  const [isSubmitted, setSubmitted] = useState(false)

  const override = mode === '' ? null : policyFromForm(mode, seconds)
  const nameProblem = validate.required(name, t('devices.name'))
  const secondsError = mode !== '' && override === null ? t('validation.askSeconds') : null
  // A policy kept as it was is not sent again: the company may have tightened its own since.
  const isOverrideChanged = JSON.stringify(override) !== JSON.stringify(device.policyOverride)
  const laxError =
    isOverrideChanged && override !== null && !isAtLeastAsStrict(override, companyPolicy)
      ? t('error.policy-too-lax')
      : null
  const company = describePolicy(companyPolicy)

  const save = async (event: Event) => {
    event.preventDefault()
    setSubmitted(true)
    if (action.busy || nameProblem !== null || secondsError !== null || laxError !== null) return
    const result = await action.run(() =>
      api.patch<{ device: Device }>(`/devices/${encodeURIComponent(device.id)}`, {
        name: name.trim(),
        group: group.trim() === '' ? null : group.trim(),
        ...(isOverrideChanged ? { policyOverride: override } : {}),
      }),
    )
    if (result !== undefined) onSaved(result.device)
  }

  return (
    <form
      class="device-editor"
      onSubmit={(event) => void save(event)}
      noValidate
      aria-labelledby="device-editor-title"
    >
      <h3 id="device-editor-title">{t('devices.editTitle', { name: device.name })}</h3>
      <div class="form-row">
        <TextField
          id="device-name"
          label={t('devices.name')}
          value={name}
          maxLength={NAME_MAX_LENGTH}
          autoComplete="off"
          error={
            isSubmitted && nameProblem !== null ? t(nameProblem.key, nameProblem.params) : null
          }
          onValue={setName}
        />
        <TextField
          id="device-group"
          label={t('devices.group')}
          value={group}
          maxLength={NAME_MAX_LENGTH}
          autoComplete="off"
          hint={t('devices.groupHint')}
          onValue={setGroup}
        />
        <PolicyFields
          id="device-policy"
          label={t('devices.policyOverride')}
          mode={mode}
          seconds={seconds}
          onMode={setMode}
          onSeconds={setSeconds}
          followLabel={`${t('devices.policyFollow')} (${t(company.key, company.params)})`}
          hint={t('devices.policyStricterHint')}
          secondsError={isSubmitted ? secondsError : null}
          modeError={isSubmitted ? laxError : null}
        />
      </div>
      <ErrorAlert message={action.error} />
      <div class="toolbar">
        <button type="submit" class="button primary" disabled={action.busy}>
          {t('common.save')}
        </button>
        <button type="button" class="button ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
