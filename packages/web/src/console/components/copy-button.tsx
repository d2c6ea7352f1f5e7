/** Copies a text to the clipboard and says so for a moment. */
import { useEffect, useState } from 'preact/hooks'

import { useI18n } from '../i18n-context'

const CONFIRMATION_MS = 2000

/** The Clipboard API needs a secure context, which the console always is (HTTPS). */
async function copyText(text: string): Promise<void> {
  if (!window.isSecureContext) throw new Error('the clipboard needs HTTPS')
  await navigator.clipboard.writeText(text)
}

interface Props {
  readonly text: string
  readonly label?: string
  readonly class?: string
}

export function CopyButton({ text, label, class: className }: Props) {
  const { t } = useI18n()
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return undefined
    const timer = setTimeout(() => {
      setState('idle')
    }, CONFIRMATION_MS)
    return () => {
      clearTimeout(timer)
    }
  }, [state])

  const copy = () => {
    copyText(text).then(
      () => {
        setState('copied')
      },
      () => {
        setState('failed')
      },
    )
  }
  return (
    <span class="copy">
      <button type="button" class={className ?? 'button secondary'} onClick={copy}>
        {state === 'copied' ? t('common.copied') : (label ?? t('common.copy'))}
      </button>
      <span class="copy-status" role="status">
        {state === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </span>
  )
}
