/**
 * The toolbar's 文字を送信 / Type text button and its dialog: the operator writes text (up to
 * TYPE_TEXT_MAX_LENGTH characters) that the agent types on the customer's machine (SPEC.md P7).
 * A native modal <dialog> keeps the viewer's keyboard capture away from the textarea.
 */
import { TYPE_TEXT_MAX_LENGTH } from '@tasuke/protocol'
import { useRef, useState } from 'preact/hooks'

import type { ConsoleSession } from '../../../viewer/index'
import { useI18n } from '../../i18n-context'

interface Props {
  readonly session: ConsoleSession | null
  /** False while not live, view-only, paused or the customer allows viewing only. */
  readonly isEnabled: boolean
}

export function TypeTextControl({ session, isEnabled }: Props) {
  const { t } = useI18n()
  const dialog = useRef<HTMLDialogElement>(null)
  const [text, setText] = useState('')
  const [isRefused, setRefused] = useState(false)

  const close = () => {
    dialog.current?.close()
  }
  const send = () => {
    if (session?.typeText(text) === true) {
      setText('')
      close()
    } else {
      setRefused(true)
    }
  }

  return (
    <>
      <button
        type="button"
        class="button secondary small"
        disabled={!isEnabled}
        data-testid="type-text"
        onClick={() => {
          setRefused(false)
          dialog.current?.showModal()
        }}
      >
        {t('typeText.button')}
      </button>
      <dialog ref={dialog} aria-labelledby="type-text-title" data-testid="type-text-dialog">
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault()
            send()
          }}
        >
          <h2 id="type-text-title">{t('typeText.title')}</h2>
          <p class="muted">{t('typeText.hint')}</p>
          <textarea
            rows={6}
            cols={50}
            maxLength={TYPE_TEXT_MAX_LENGTH}
            value={text}
            aria-label={t('typeText.label')}
            data-testid="type-text-input"
            onInput={(event) => {
              setText(event.currentTarget.value)
              setRefused(false)
            }}
          />
          <p class="muted" aria-live="polite" data-testid="type-text-counter">
            {t('typeText.counter', {
              count: String(text.length),
              max: String(TYPE_TEXT_MAX_LENGTH),
            })}
          </p>
          {isRefused ? (
            <p role="alert" data-testid="type-text-refused">
              {t('typeText.refused')}
            </p>
          ) : null}
          <button
            type="submit"
            class="button primary small"
            disabled={!isEnabled || text.length === 0}
            data-testid="type-text-send"
          >
            {t('typeText.send')}
          </button>
          <button type="button" class="button ghost small" onClick={close}>
            {t('typeText.cancel')}
          </button>
        </form>
      </dialog>
    </>
  )
}
