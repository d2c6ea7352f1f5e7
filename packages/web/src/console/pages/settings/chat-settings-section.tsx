/**
 * The website chat for admins: the script tag to paste into the company's website, and
 * the websites (origins) allowed to embed it, one per line; none means any website
 * (GET/PUT /api/v1/chat/settings).
 */
import { useEffect, useState } from 'preact/hooks'

import { useAuth, useSignedIn } from '../../auth-context'
import { ErrorAlert, Notice } from '../../components/alert'
import { CopyButton } from '../../components/copy-button'
import { describedBy } from '../../components/field'
import { useI18n } from '../../i18n-context'
import { useAction } from '../../use-action'
import { useNotice } from '../../use-notice'
import { MAX_ALLOWED_ORIGINS, parseOrigins, widgetScriptTag } from './allowed-origins'

interface ChatSettings {
  readonly allowedOrigins: readonly string[]
}

const FIELD = 'chat-allowed-origins'

export function ChatSettingsSection() {
  const { t } = useI18n()
  const { api } = useAuth()
  const { tenant } = useSignedIn()
  const action = useAction()
  const notice = useNotice()
  const [saved, setSaved] = useState<readonly string[] | null>(null)
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const tag = widgetScriptTag(window.location.origin, tenant.slug)

  useEffect(() => {
    void action
      .run(() => api.get<ChatSettings>('/chat/settings'))
      .then((result) => {
        if (result === undefined) return
        setSaved(result.allowedOrigins)
        setText(result.allowedOrigins.join('\n'))
      })
  }, [])

  const submit = async (event: Event) => {
    event.preventDefault()
    notice.clear()
    if (action.busy) return
    const check = parseOrigins(text)
    if (!check.ok) {
      setProblem(
        check.problem === 'too-many'
          ? t('chatSettings.tooMany', { max: MAX_ALLOWED_ORIGINS })
          : t('chatSettings.invalidLine', { line: check.line, text: check.text }),
      )
      return
    }
    setProblem(null)
    const result = await action.run(
      () => api.request<ChatSettings>('PUT', '/chat/settings', { allowedOrigins: check.origins }),
      (error) => {
        const index = error.details['index']
        if (error.code !== 'invalid-origin' || typeof index !== 'number') return false
        const line = check.origins[index] ?? ''
        setProblem(t('chatSettings.invalidLine', { line: index + 1, text: line }))
        return true
      },
    )
    if (result === undefined) return
    setSaved(result.allowedOrigins)
    setText(result.allowedOrigins.join('\n'))
    notice.show('common.saved')
  }

  const hint = t('chatSettings.originsHint')
  return (
    <section class="card" aria-labelledby="chat-settings-title" data-testid="chat-settings">
      <h2 id="chat-settings-title">{t('chatSettings.title')}</h2>
      <h3>{t('chatSettings.scriptTag')}</h3>
      <p class="muted">{t('chatSettings.scriptTagHint')}</p>
      <pre class="mono" data-testid="chat-script-tag">
        {tag}
      </pre>
      <CopyButton text={tag} label={t('chatSettings.copyTag')} />
      <form class="form" onSubmit={(event) => void submit(event)} noValidate>
        <div class={problem === null ? 'field' : 'field has-error'}>
          <label for={FIELD}>{t('chatSettings.origins')}</label>
          <textarea
            id={FIELD}
            name={FIELD}
            rows={5}
            value={text}
            placeholder="https://www.example.com"
            spellcheck={false}
            autoComplete="off"
            disabled={saved === null}
            aria-invalid={problem === null ? undefined : 'true'}
            aria-describedby={describedBy(FIELD, hint, problem)}
            onInput={(event) => {
              setText(event.currentTarget.value)
            }}
          />
          <p class="field-hint" id={`${FIELD}-hint`}>
            {hint}
          </p>
          {problem === null ? null : (
            <p class="field-error" id={`${FIELD}-error`}>
              {problem}
            </p>
          )}
        </div>
        <p class="muted" data-testid="chat-origins-summary" aria-live="polite">
          {saved === null
            ? t('app.loading')
            : saved.length === 0
              ? t('chatSettings.anyWebsite')
              : t('chatSettings.onlyListed', { count: saved.length })}
        </p>
        <Notice message={notice.text} />
        <ErrorAlert message={action.error} />
        <button type="submit" class="button primary" disabled={action.busy || saved === null}>
          {action.busy ? t('common.working') : t('common.save')}
        </button>
      </form>
    </section>
  )
}
