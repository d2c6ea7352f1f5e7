/** The frame of the signed-in pages: company, navigation, operator, language, log-out. */
import type { ComponentChildren } from 'preact'
import { useEffect, useState } from 'preact/hooks'

import { useAuth, useSignedIn } from '../auth-context'
import { useI18n } from '../i18n-context'
import type { MessageKey } from '../../shared/i18n'
import { ChatQueueContext, useChatQueue } from '../pages/chat/use-chat-queue'
import { LanguageSwitch } from './language-switch'
import { NavLink } from './nav-link'

interface Page {
  readonly path: string
  readonly label: MessageKey
  readonly isAdminOnly: boolean
}

const PAGES: readonly Page[] = [
  { path: '/sessions', label: 'nav.sessions', isAdminOnly: false },
  { path: '/chat', label: 'chat.nav', isAdminOnly: false },
  { path: '/history', label: 'nav.history', isAdminOnly: false },
  { path: '/devices', label: 'nav.devices', isAdminOnly: false },
  { path: '/operators', label: 'nav.operators', isAdminOnly: true },
  { path: '/settings', label: 'nav.settings', isAdminOnly: false },
]

interface Props {
  readonly path: string
  readonly title: string
  readonly children: ComponentChildren
}

export function AppShell({ path, title, children }: Props) {
  const { t } = useI18n()
  const { api, signedOut } = useAuth()
  const { operator, tenant, isAdmin } = useSignedIn()
  const [isLoggingOut, setLoggingOut] = useState(false)
  const [hasLogo, setHasLogo] = useState(true)
  const chatQueue = useChatQueue()

  useEffect(() => {
    document.title = `${title} · ${tenant.name}`
  }, [title, tenant.name])
  useEffect(() => {
    setHasLogo(true)
  }, [tenant.logoUrl])

  const logOut = () => {
    setLoggingOut(true)
    // Whatever the server answers, this browser is logged out afterwards.
    api
      .post('/auth/logout')
      .catch(() => undefined)
      .finally(() => {
        setLoggingOut(false)
        signedOut()
      })
  }

  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <div class="company">
            {tenant.logoUrl !== null && hasLogo ? (
              <img
                class="company-logo"
                src={tenant.logoUrl}
                alt=""
                onError={() => {
                  setHasLogo(false)
                }}
              />
            ) : (
              <span class="company-mark" aria-hidden="true">
                {tenant.name.slice(0, 1)}
              </span>
            )}
            <span class="company-name" data-testid="company-name">
              {tenant.name}
            </span>
          </div>
          <nav class="nav" aria-label={t('nav.main')}>
            {PAGES.filter((page) => isAdmin || !page.isAdminOnly).map((page) => (
              <NavLink key={page.path} href={page.path} isCurrent={path === page.path}>
                {t(page.label)}
                {page.path === '/chat' && chatQueue.waitingCount > 0 && (
                  <span class="nav-badge" data-testid="chat-badge">
                    {chatQueue.waitingCount}
                  </span>
                )}
              </NavLink>
            ))}
          </nav>
          <div class="account">
            <span class="operator" title={t('nav.signedInAs', { name: operator.displayName })}>
              <span class="operator-name" data-testid="operator-name">
                {operator.displayName}
              </span>
              <span class="operator-role">{t(`role.${operator.role}`)}</span>
            </span>
            <LanguageSwitch />
            <button
              type="button"
              class="button ghost small"
              onClick={logOut}
              disabled={isLoggingOut}
              data-testid="logout"
            >
              {t('nav.logout')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" class="content" tabIndex={-1}>
        <h1 class="page-title">{title}</h1>
        <ChatQueueContext.Provider value={chatQueue}>{children}</ChatQueueContext.Provider>
      </main>
    </div>
  )
}
