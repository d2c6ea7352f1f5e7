/** A button that asks in place before it acts, instead of a blocking browser dialog. */
import { useState } from 'preact/hooks'

interface Props {
  readonly label: string
  readonly question: string
  readonly yes: string
  readonly no: string
  readonly busy?: boolean
  readonly danger?: boolean
  readonly onConfirm: () => void
}

export function ConfirmButton({ label, question, yes, no, busy, danger, onConfirm }: Props) {
  const [isAsking, setAsking] = useState(false)
  const kind = danger === true ? 'danger' : 'secondary'
  if (!isAsking) {
    return (
      <button
        type="button"
        class={`button small ${kind}`}
        disabled={busy}
        onClick={() => {
          setAsking(true)
        }}
      >
        {label}
      </button>
    )
  }
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span class="confirm-question">{question}</span>
      <button
        type="button"
        class={`button small ${kind}`}
        disabled={busy}
        autoFocus
        onClick={() => {
          setAsking(false)
          onConfirm()
        }}
      >
        {yes}
      </button>
      <button
        type="button"
        class="button small ghost"
        onClick={() => {
          setAsking(false)
        }}
      >
        {no}
      </button>
    </span>
  )
}
