/** The two controls of an access policy: what happens when an operator connects, and the wait. */
import { type Option, SelectField, TextField } from '../../components/field'
import { useI18n } from '../../i18n-context'
import type { PolicyMode } from './device-types'
import { POLICY_MODES } from './policy-text'

/** '' stands for "no policy of its own" where that choice is offered. */
export type PolicyModeChoice = PolicyMode | ''

interface Props {
  readonly id: string
  readonly label: string
  readonly mode: PolicyModeChoice
  readonly seconds: string
  readonly onMode: (mode: PolicyModeChoice) => void
  readonly onSeconds: (seconds: string) => void
  readonly secondsError: string | null
  /** A problem with the choice itself (e.g. laxer than allowed). */
  readonly modeError?: string | null
  /** The label of the '' choice; without it there is none. */
  readonly followLabel?: string
  readonly hint?: string
}

export function isPolicyModeChoice(value: string): value is PolicyModeChoice {
  return value === '' || (POLICY_MODES as readonly string[]).includes(value)
}

export function PolicyFields(props: Props) {
  const { t } = useI18n()
  const options: Option[] = POLICY_MODES.map((mode) => ({
    value: mode,
    label: t(`policy.mode.${mode}`),
  }))
  if (props.followLabel !== undefined) options.unshift({ value: '', label: props.followLabel })
  return (
    <>
      <SelectField
        id={`${props.id}-mode`}
        label={props.label}
        value={props.mode}
        options={options}
        {...(props.hint === undefined ? {} : { hint: props.hint })}
        error={props.modeError ?? null}
        onValue={(value) => {
          if (isPolicyModeChoice(value)) props.onMode(value)
        }}
      />
      {props.mode === 'ask-then-connect' ? (
        <TextField
          id={`${props.id}-seconds`}
          label={t('policy.askSeconds')}
          type="number"
          inputMode="numeric"
          min={5}
          max={300}
          value={props.seconds}
          error={props.secondsError}
          onValue={props.onSeconds}
        />
      ) : null}
    </>
  )
}
