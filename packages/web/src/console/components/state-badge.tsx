/** A support session's state as a coloured label. */
import { useI18n } from '../i18n-context'
import type { SessionState } from '../types'

export function StateBadge({ state }: { readonly state: SessionState }) {
  const { t } = useI18n()
  return (
    <span class={`badge state-${state}`} data-state={state}>
      {t(`state.${state}`)}
    </span>
  )
}
