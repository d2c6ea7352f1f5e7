/** A success message kept as a key, so it follows a change of language while it is shown. */
import { useState } from 'preact/hooks'

import type { MessageKey, Params } from '../shared/i18n'
import { useI18n } from './i18n-context'

export interface NoticeState {
  /** The message in the current language, or null. */
  readonly text: string | null
  readonly show: (key: MessageKey, params?: Params) => void
  readonly clear: () => void
}

export function useNotice(): NoticeState {
  const { t } = useI18n()
  const [message, setMessage] = useState<{ key: MessageKey; params?: Params } | null>(null)
  return {
    text: message === null ? null : t(message.key, message.params),
    show: (key, params) => {
      setMessage(params === undefined ? { key } : { key, params })
    },
    clear: () => {
      setMessage(null)
    },
  }
}
