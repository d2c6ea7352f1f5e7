/**
 * The operator's view of a customer's screen (/sessions/:id/view): waiting for the customer,
 * the verification code to compare on the phone, the live picture with the operator's input,
 * and who ended it. The session itself runs in the framework-free viewer (`ConsoleSession`).
 */
import { useEffect, useRef, useState } from 'preact/hooks'

import { useAuth } from '../../auth-context'
import { ConfirmButton } from '../../components/confirm-button'
import { CustomerLink } from '../../components/customer-link'
import { NavLink } from '../../components/nav-link'
import { useI18n } from '../../i18n-context'
import { CUSTOMER_ALLOWS_ALL } from '../../../viewer/index'
import type { SupportSession } from '../../types'
import { ClipboardControl } from './clipboard-panel'
import { CustomerControlsNotice } from './customer-controls-notice'
import { useConsoleSession } from './use-console-session'
import { StateMessage, StatsLine, VerificationCode } from './viewer-status'
import { ViewerToolbar } from './viewer-toolbar'
import { WindowRestrictionNotice } from './window-restriction-notice'

export function ViewerPage({ sessionId }: { readonly sessionId: string }) {
  const { t } = useI18n()
  const { api } = useAuth()
  const frame = useRef<HTMLElement>(null)
  const screen = useRef<HTMLDivElement>(null)
  const keys = useRef<HTMLTextAreaElement>(null)
  const [code, setCode] = useState<string | null>(null)
  const [isFullscreen, setFullscreen] = useState(false)
  const { state, stats, customerControls, isWindowRestricted, canRestart, session } =
    useConsoleSession(sessionId, screen, keys)

  useEffect(() => {
    let isCurrent = true
    api.get<{ session: SupportSession }>(`/sessions/${encodeURIComponent(sessionId)}`).then(
      (result) => {
        if (isCurrent) setCode(result.session.code)
      },
      () => undefined,
    )
    return () => {
      isCurrent = false
    }
  }, [api, sessionId])

  useEffect(() => {
    const update = () => {
      setFullscreen(document.fullscreenElement !== null)
    }
    document.addEventListener('fullscreenchange', update)
    return () => {
      document.removeEventListener('fullscreenchange', update)
    }
  }, [])

  const isLive = state.phase !== 'ended'
  const hasPicture = state.phase === 'active' || state.phase === 'peer-away' || !isLive
  // Shown only while the customer's agent is there to hold them.
  const controls = state.phase === 'active' ? customerControls : CUSTOMER_ALLOWS_ALL
  return (
    <section class="viewer" ref={frame} data-testid="viewer" data-phase={state.phase}>
      <div class="viewer-header">
        <NavLink href="/sessions" class="button ghost small">
          {t('viewer.back')}
        </NavLink>
        <StateMessage state={state} code={code} />
      </div>
      {state.phase === 'waiting' && code !== null ? (
        <div class="viewer-customer-link">
          <CustomerLink code={code} />
        </div>
      ) : null}
      {state.phase === 'active' ? (
        <div class="viewer-verification">
          <VerificationCode code={state.verificationCode} />
          <ConfirmButton
            label={t('viewer.mismatch')}
            question={t('viewer.mismatchConfirm')}
            yes={t('viewer.mismatchYes')}
            no={t('viewer.endNo')}
            danger
            onConfirm={() => void session?.end('verification-mismatch')}
          />
        </div>
      ) : null}
      <ViewerToolbar
        session={session}
        frame={frame}
        isLive={isLive}
        isFullscreen={isFullscreen}
        isInputAllowed={!controls.isPaused && !controls.isViewOnly}
        canRestart={state.phase === 'active' && canRestart}
      />
      <CustomerControlsNotice controls={controls} />
      <ClipboardControl session={session} isActive={state.phase === 'active'} />
      <WindowRestrictionNotice isOn={state.phase === 'active' && isWindowRestricted} />
      <div
        class={`viewer-stage ${hasPicture ? '' : 'is-empty'} ${controls.isPaused ? 'is-paused' : ''}`}
        data-paused={String(controls.isPaused)}
      >
        <div ref={screen} class="viewer-screen" role="img" aria-label={t('viewer.screen')} />
        {controls.isPaused ? (
          <p class="viewer-paused-label" aria-hidden="true">
            {t('customerControls.paused')}
          </p>
        ) : null}
        <textarea
          ref={keys}
          class="viewer-keys"
          aria-label={t('viewer.keyboard')}
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          data-testid="viewer-keys"
        />
      </div>
      <StatsLine stats={stats} />
    </section>
  )
}
