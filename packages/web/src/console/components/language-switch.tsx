/** Switches between 日本語 and English; the choice is kept in localStorage. */
import { isLanguage, LANGUAGES } from '../../shared/i18n'
import { useI18n } from '../i18n-context'

export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n()
  return (
    <label class="language-switch">
      <span class="visually-hidden">{t('language.label')}</span>
      <select
        value={language}
        aria-label={t('language.label')}
        data-testid="language-switch"
        onChange={(event) => {
          const value = event.currentTarget.value
          if (isLanguage(value)) setLanguage(value)
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(`language.${code}`)}
          </option>
        ))}
      </select>
    </label>
  )
}
