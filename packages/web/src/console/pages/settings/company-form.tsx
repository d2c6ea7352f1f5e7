/** The tenant's name, brand colour, logo and history retention; editable by admins. */
import { useState } from 'preact/hooks'

import { useAuth, useSignedIn } from '../../auth-context'
import { ErrorAlert, Notice } from '../../components/alert'
import { TextField } from '../../components/field'
import { useI18n } from '../../i18n-context'
import type { Tenant } from '../../types'
import { useAction } from '../../use-action'
import { useNotice } from '../../use-notice'
import { useChecks } from '../../use-checks'
import * as validate from '../../validate'

export function CompanyForm() {
  const { t } = useI18n()
  const { api, setMe } = useAuth()
  const me = useSignedIn()
  const { tenant, isAdmin } = me
  const action = useAction()
  const checks = useChecks()
  const [name, setName] = useState(tenant.name)
  const [brandColor, setBrandColor] = useState(tenant.brandColor)
  const [logoUrl, setLogoUrl] = useState(tenant.logoUrl ?? '')
  const [retentionDays, setRetentionDays] = useState(String(tenant.retentionDays))
  const notice = useNotice()

  const problems = {
    'company-name': validate.required(name, t('settings.companyName')),
    'company-brand-color': validate.brandColor(brandColor),
    'company-logo-url': validate.logoUrl(logoUrl),
    'company-retention': validate.retentionDays(retentionDays),
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    notice.clear()
    if (action.busy || !checks.passes(problems)) return
    const result = await action.run(() =>
      api.patch<{ tenant: Tenant }>('/tenant', {
        name: name.trim(),
        brandColor: brandColor.toLowerCase(),
        logoUrl: logoUrl.trim() === '' ? null : logoUrl.trim(),
        retentionDays: Number(retentionDays),
      }),
    )
    if (result === undefined) return
    setMe({ operator: me.operator, tenant: result.tenant, csrfToken: me.csrfToken })
    notice.show('common.saved')
  }

  return (
    <section class="card" aria-labelledby="company-title">
      <h2 id="company-title">{t('settings.company')}</h2>
      <p class="muted">{t('settings.slug', { slug: tenant.slug })}</p>
      <form class="form" onSubmit={(event) => void submit(event)} noValidate>
        <fieldset disabled={!isAdmin}>
          <TextField
            id="company-name"
            label={t('settings.companyName')}
            value={name}
            maxLength={200}
            required
            error={checks.show(problems['company-name'])}
            onValue={setName}
          />
          <div class="field-pair">
            <TextField
              id="company-brand-color"
              label={t('settings.brandColor')}
              value={brandColor}
              maxLength={7}
              error={checks.show(problems['company-brand-color'])}
              onValue={setBrandColor}
            />
            <input
              type="color"
              class="colour-swatch"
              aria-label={t('settings.brandColor')}
              value={validate.brandColor(brandColor) === null ? brandColor : '#2563eb'}
              onInput={(event) => {
                setBrandColor(event.currentTarget.value)
              }}
            />
          </div>
          <TextField
            id="company-logo-url"
            type="url"
            label={t('settings.logoUrl')}
            hint={t('settings.logoUrlHint')}
            value={logoUrl}
            error={checks.show(problems['company-logo-url'])}
            onValue={setLogoUrl}
          />
          <TextField
            id="company-retention"
            type="number"
            inputMode="numeric"
            label={t('settings.retentionDays')}
            value={retentionDays}
            min={1}
            max={3650}
            error={checks.show(problems['company-retention'])}
            onValue={setRetentionDays}
          />
        </fieldset>
        <Notice message={notice.text} />
        <ErrorAlert message={action.error} />
        {isAdmin ? (
          <button type="submit" class="button primary" disabled={action.busy}>
            {action.busy ? t('common.working') : t('common.save')}
          </button>
        ) : null}
      </form>
    </section>
  )
}
