/**
 * Clipboard text with the customer (SPEC.md P9), under the toolbar: that the customer stopped
 * sharing it, the customer's copied text when the browser would not put it on the operator's
 * clipboard (with a button that does), and a panel to send text to the customer's clipboard.
 * Ctrl+V in the viewer does the same on its own (the viewer's paste chord).
 */
import { CLIPBOARD_TEXT_MAX_LENGTH } from '@tasuke/protocol'
import { useEffect, useState } from 'preact/hooks'

import type { ClipboardState, ConsoleSession, SendRefusal } from '../../../viewer/index'
import { useI18n } from '../../i18n-context'

interface Props {
  readonly session: ConsoleSession | null
  /** The end-to-end channel is open (the customer's agent is there). */
  readonly isActive: boolean
}

const SHARED: ClipboardState = { isShared: true, fromCustomer: null, isReadRefused: false }

export function ClipboardControl({ session, isActive }: Props) {
  const { t } = useI18n()
  const [state, setState] = useState<ClipboardState>(SHARED)
  const [isOpen, setOpen] = useState(false)
  const [text, setText] = useState('')
  const [result, setResult] = useState<SendRefusal | 'sent' | null>(null)

  useEffect(() => {
    if (session === null) return
    setState(session.clipboard.state)
    return session.clipboard.onChange(setState)
  }, [session])

  const { isShared, fromCustomer, isReadRefused } = state
  const isOff = isActive && !isShared
  const send = () => {
    if (session === null) return
    const refusal = session.clipboard.sendText(text)
    setResult(refusal ?? 'sent')
    if (refusal === null) setText('')
  }
  const copyAgain = () => void session?.clipboard.copyAgain()

  return (
    <div class="viewer-clipboard" data-testid="clipboard" data-shared={String(isShared)}>
      <button
        type="button"
        class={`button small ${isOpen ? 'primary' : 'secondary'}`}
        aria-expanded={isOpen}
        aria-controls="clipboard-panel"
        disabled={!isActive}
        data-testid="clipboard-button"
        onClick={() => {
          setResult(null)
          setOpen(!isOpen)
        }}
      >
        {t('clipboard.button')}
      </button>
      <div role="status" aria-live="polite" class="viewer-clipboard-status">
        {isOff ? <p data-testid="clipboard-off">{t('clipboard.off')}</p> : null}
        {isActive && !isOff && isReadRefused ? (
          <p data-testid="clipboard-read-refused">{t('clipboard.readRefused')}</p>
        ) : null}
        {isActive && !isOff && fromCustomer !== null && !fromCustomer.isCopied ? (
          <p data-testid="clipboard-not-copied">
            {t('clipboard.notCopied')}{' '}
            <button type="button" class="button secondary small" onClick={copyAgain}>
              {t('clipboard.copy')}
            </button>
          </p>
        ) : null}
      </div>
      {isOpen ? (
        <section
          id="clipboard-panel"
          class="viewer-clipboard-panel"
          aria-label={t('clipboard.title')}
          data-testid="clipboard-panel"
        >
          <header class="viewer-clipboard-header">
            <h2>{t('clipboard.title')}</h2>
            <button
              type="button"
              class="button ghost small"
              onClick={() => {
                setOpen(false)
              }}
            >
              {t('clipboard.close')}
            </button>
          </header>
          {isShared ? null : <p class="muted">{t('clipboard.off')}</p>}
          <h3>{t('clipboard.fromCustomer')}</h3>
          {fromCustomer === null ? (
            <p class="muted">{t('clipboard.nothingYet')}</p>
          ) : (
            <>
              <textarea
                readOnly
                rows={3}
                value={fromCustomer.text}
                aria-label={t('clipboard.fromCustomer')}
                data-testid="clipboard-from-customer"
              />
              <p class="muted">
                {fromCustomer.isCopied ? t('clipboard.copied') : t('clipboard.notCopied')}{' '}
                <button type="button" class="button secondary small" onClick={copyAgain}>
                  {t('clipboard.copy')}
                </button>
              </p>
            </>
          )}
          <form
            onSubmit={(event) => {
              event.preventDefault()
              send()
            }}
          >
            <h3>
              <label for="clipboard-send-text">{t('clipboard.sendLabel')}</label>
            </h3>
            <textarea
              id="clipboard-send-text"
              rows={4}
              maxLength={CLIPBOARD_TEXT_MAX_LENGTH}
              value={text}
              disabled={!isShared}
              data-testid="clipboard-send-text"
              onInput={(event) => {
                setText(event.currentTarget.value)
                setResult(null)
              }}
            />
            <p class="muted">
              {t('clipboard.counter', {
                count: String(text.length),
                max: String(CLIPBOARD_TEXT_MAX_LENGTH),
              })}
            </p>
            {result === null ? null : (
              <p role={result === 'sent' ? 'status' : 'alert'} data-testid="clipboard-result">
                {t(`clipboard.result.${result}`)}
              </p>
            )}
            <button
              type="submit"
              class="button primary small"
              disabled={!isActive || !isShared || text.length === 0}
              data-testid="clipboard-send"
            >
              {t('clipboard.send')}
            </button>
          </form>
          <p class="muted">{t('clipboard.hint')}</p>
        </section>
      ) : null}
    </div>
  )
}
