/** The console: language and sign-in state, and which page a path shows. */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks'

import { ApiClient } from '../shared/api-client'
import { type Auth, AuthContext, useAuth } from './auth-context'
import { applyBrand } from './brand'
import { AppShell } from './components/app-shell'
import { NavLink } from './components/nav-link'
import { I18nContext, useI18n, useI18nState } from './i18n-context'
import { ChatPage } from './pages/chat/chat-page'
import { DevicesPage } from './pages/devices/devices-page'
import { HistoryPage } from './pages/history/history-page'
import { InvitePage } from './pages/invite-page'
import { LoginPage } from './pages/login-page'
import { OperatorsPage } from './pages/operators/operators-page'
import { SessionsPage } from './pages/sessions/sessions-page'
import { SettingsPage } from './pages/settings/settings-page'
import { ViewerPage } from './pages/viewer/viewer-page'
import { SetupPage } from './pages/setup-page'
import { navigate, useLocation } from './router'
import type { SignedIn } from './types'

export function App() {
  const i18n = useI18nState()
  const api = useMemo(() => new ApiClient(), [])
  const [me, setMeState] = useState<SignedIn | null>(null)
  const [isReady, setReady] = useState(false)

  const setMe = useCallback(
    (next: SignedIn | null) => {
      api.setCsrfToken(next?.csrfToken ?? null)
      setMeState(next)
    },
    [api],
  )
  const signedOut = useCallback(() => {
    setMe(null)
    navigate('/login', { replace: true })
  }, [setMe])

  useEffect(() => {
    api
      .get<SignedIn>('/auth/me')
      .then(setMe, () => {
        setMe(null)
      })
      .finally(() => {
        setReady(true)
      })
  }, [api, setMe])
  useEffect(() => {
    applyBrand(me?.tenant.brandColor)
  }, [me?.tenant.brandColor])

  const auth = useMemo<Auth>(() => ({ api, me, setMe, signedOut }), [api, me, setMe, signedOut])
  return (
    <I18nContext.Provider value={i18n}>
      <AuthContext.Provider value={auth}>
        <Routes isReady={isReady} />
      </AuthContext.Provider>
    </I18nContext.Provider>
  )
}

function Redirect({ to }: { readonly to: string }) {
  useEffect(() => {
    navigate(to, { replace: true })
  }, [to])
  return null
}

function Routes({ isReady }: { readonly isReady: boolean }) {
  const { t } = useI18n()
  const { me } = useAuth()
  const location = useLocation()
  const path = location.path.replace(/\/+$/, '') || '/'

  if (path === '/setup') return <SetupPage token={location.query.get('token')} />
  const invitation = /^\/invite\/([^/]+)$/.exec(path)
  if (invitation?.[1] !== undefined) return <InvitePage token={decodeURIComponent(invitation[1])} />
  if (!isReady) {
    return (
      <p class="page-loading" aria-busy="true">
        {t('app.loading')}
      </p>
    )
  }
  if (path === '/login') return me === null ? <LoginPage /> : <Redirect to="/sessions" />
  if (me === null) return <Redirect to="/login" />

  const isAdmin = me.operator.role === 'admin'
  const viewed = /^\/sessions\/([A-Za-z0-9_-]+)\/view$/.exec(path)
  if (viewed?.[1] !== undefined) {
    return (
      <AppShell path="/sessions" title={t('viewer.title')}>
        <ViewerPage key={viewed[1]} sessionId={viewed[1]} />
      </AppShell>
    )
  }
  switch (path) {
    case '/':
      return <Redirect to="/sessions" />
    case '/sessions':
      return (
        <AppShell path={path} title={t('sessions.title')}>
          <SessionsPage />
        </AppShell>
      )
    case '/chat':
      return (
        <AppShell path={path} title={t('chat.title')}>
          <ChatPage />
        </AppShell>
      )
    case '/history':
      return (
        <AppShell path={path} title={t('history.title')}>
          <HistoryPage />
        </AppShell>
      )
    case '/devices':
      return (
        <AppShell path={path} title={t('devices.title')}>
          <DevicesPage />
        </AppShell>
      )
    case '/operators':
      return isAdmin ? (
        <AppShell path={path} title={t('operators.title')}>
          <OperatorsPage />
        </AppShell>
      ) : (
        <Redirect to="/sessions" />
      )
    case '/settings':
      return (
        <AppShell path={path} title={t('settings.title')}>
          <SettingsPage />
        </AppShell>
      )
    default:
      return (
        <AppShell path={path} title={t('notFound.title')}>
          <section class="card">
            <p>{t('notFound.text')}</p>
            <NavLink href="/sessions" class="button secondary">
              {t('notFound.back')}
            </NavLink>
          </section>
        </AppShell>
      )
  }
}
