/** Labelled form controls with a hint and an error tied to the control for screen readers. */
import type { ComponentChildren } from 'preact'

interface ShellProps {
  readonly id: string
  readonly label: string
  readonly hint?: string | undefined
  readonly error?: string | null | undefined
  readonly children: ComponentChildren
}

export function describedBy(id: string, hint?: string, error?: string | null): string | undefined {
  const ids = [hint === undefined ? '' : `${id}-hint`, error ? `${id}-error` : ''].filter(Boolean)
  return ids.length === 0 ? undefined : ids.join(' ')
}

function FieldShell({ id, label, hint, error, children }: ShellProps) {
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {children}
      {hint === undefined ? null : (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}

interface TextFieldProps {
  readonly id: string
  readonly label: string
  readonly value: string
  readonly onValue: (value: string) => void
  readonly type?: 'text' | 'email' | 'password' | 'url' | 'number' | 'date' | 'color'
  readonly hint?: string
  readonly error?: string | null
  readonly autoComplete?: string
  readonly inputMode?: 'numeric' | 'email' | 'url' | 'text'
  readonly required?: boolean
  readonly autoFocus?: boolean
  readonly readOnly?: boolean
  readonly maxLength?: number
  readonly min?: number
  readonly max?: number
  readonly placeholder?: string
  readonly testId?: string
}

export function TextField(props: TextFieldProps) {
  const { id, label, hint, error } = props
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={id}
        type={props.type ?? 'text'}
        value={props.value}
        onInput={(event) => {
          props.onValue(event.currentTarget.value)
        }}
        autoComplete={props.autoComplete}
        inputMode={props.inputMode}
        required={props.required}
        autoFocus={props.autoFocus}
        readOnly={props.readOnly}
        maxLength={props.maxLength}
        min={props.min}
        max={props.max}
        placeholder={props.placeholder}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
        data-testid={props.testId}
      />
    </FieldShell>
  )
}

export interface Option {
  readonly value: string
  readonly label: string
}

interface SelectFieldProps {
  readonly id: string
  readonly label: string
  readonly value: string
  readonly options: readonly Option[]
  readonly onValue: (value: string) => void
  readonly hint?: string
  readonly error?: string | null
  readonly disabled?: boolean
}

export function SelectField(props: SelectFieldProps) {
  const { id, label, hint, error } = props
  return (
    <FieldShell id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        name={id}
        value={props.value}
        disabled={props.disabled}
        onChange={(event) => {
          props.onValue(event.currentTarget.value)
        }}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  )
}
