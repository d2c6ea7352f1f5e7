/** The frame of the pages before log-in: a centred card with the product name. */
import type { ComponentChildren } from 'preact'
import { useEffect } from 'preact/hooks'

import { useI18n } from '../i18n-context'
import { LanguageSwitch } from './language-switch'

interface Props {
  readonly title: string
  readonly intro?: string | undefined
  readonly children: ComponentChildren
}

export function PublicLayout({ title, intro, children }: Props) {
  const { t } = useI18n()
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`
  }, [title, t])
  return (
    <div class="public">
      <header class="public-header">
        <span class="brand-mark" aria-hidden="true">
          助
        </span>
        <span class="brand-name">{t('app.name')}</span>
        <span class="brand-tagline">{t('app.tagline')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" class="public-card">
        <h1>{title}</h1>
        {intro === undefined ? null : <p class="lead">{intro}</p>}
        {children}
      </main>
    </div>
  )
}
