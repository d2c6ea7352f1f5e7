/**
 * What the customer allows right now (DESIGN.md S8, SPEC.md P6), said at once above the
 * picture: the screen paused, or viewing only. The region is always there, so screen readers
 * announce each change.
 */
import type { CustomerControls } from '../../../viewer/index'
import { useI18n } from '../../i18n-context'

export function CustomerControlsNotice({ controls }: { readonly controls: CustomerControls }) {
  const { t } = useI18n()
  const { isPaused, isViewOnly } = controls
  return (
    <div
      class={`viewer-customer-controls ${isPaused || isViewOnly ? '' : 'is-empty'}`}
      role="status"
      aria-live="polite"
      data-testid="customer-controls"
      data-paused={String(isPaused)}
      data-view-only={String(isViewOnly)}
    >
      {isPaused ? <p data-testid="customer-paused">{t('customerControls.paused')}</p> : null}
      {isViewOnly ? <p data-testid="customer-view-only">{t('customerControls.viewOnly')}</p> : null}
    </div>
  )
}
