/**
 * The customer's link for a session number (`<origin>/join/<code>`, the server's join page)
 * with a copy button and the hint to send it or read out the number.
 */
import { useI18n } from '../i18n-context'
import { CopyButton } from './copy-button'

/** The join page of this server for `code` (the console is served by the same server). */
export function customerLinkFor(code: string, origin: string = window.location.origin): string {
  return `${origin}/join/${encodeURIComponent(code)}`
}

export function CustomerLink({ code }: { readonly code: string }) {
  const { t } = useI18n()
  const url = customerLinkFor(code)
  return (
    <div class="customer-link" data-testid="customer-link">
      <label class="issued-label" for={`customer-link-${code}`}>
        {t('sessions.customerLink')}
      </label>
      <div class="issued-row">
        <input
          id={`customer-link-${code}`}
          class="link-display"
          type="text"
          readOnly
          value={url}
          data-testid="customer-link-url"
          onFocus={(event) => {
            event.currentTarget.select()
          }}
        />
        <CopyButton text={url} label={t('sessions.copyLink')} />
      </div>
      <p class="muted">{t('sessions.customerLinkHint')}</p>
    </div>
  )
}
