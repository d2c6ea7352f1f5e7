/**
 * The customer shows only the applications they chose (DESIGN.md S15, SPEC.md P10), said
 * above the picture: the grey areas are hidden on purpose, and input there does nothing. The
 * operator learns only that it is on, never what is hidden.
 */
import { useI18n } from '../../i18n-context'

export function WindowRestrictionNotice({ isOn }: { readonly isOn: boolean }) {
  const { t } = useI18n()
  return (
    <div
      class={`viewer-customer-controls ${isOn ? '' : 'is-empty'}`}
      role="status"
      aria-live="polite"
      data-testid="window-restriction"
      data-on={String(isOn)}
    >
      {isOn ? <p data-testid="window-restriction-on">{t('windowRestriction.on')}</p> : null}
    </div>
  )
}
