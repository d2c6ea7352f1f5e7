/** What the viewer says about the session: its state (announced), the verification code, stats. */
import { formatSessionCode, type SessionEndReason } from '@tasuke/protocol'

import type { ViewerState, ViewerStats } from '../../../viewer/index'
import type { MessageKey } from '../../../shared/i18n'
import { useI18n } from '../../i18n-context'

export function StateMessage({
  state,
  code,
}: {
  readonly state: ViewerState
  readonly code: string | null
}) {
  const { t } = useI18n()
  const number = code === null ? '' : formatSessionCode(code)
  const isEnded = state.phase === 'ended'
  return (
    <div
      class={`viewer-state ${isEnded ? 'is-ended' : ''}`}
      role="status"
      aria-live="polite"
      data-testid="viewer-state"
      data-phase={state.phase}
      data-ended-by={isEnded ? state.endedBy : undefined}
    >
      <p>{t(stateKey(state), { code: number })}</p>
      {isEnded && state.detail !== null ? (
        <p class="muted mono break">{t('viewer.ended.detail', { detail: state.detail })}</p>
      ) : null}
    </div>
  )
}

/** End reasons with a sentence of their own; the others say who ended it. */
const REASON_KEYS: Partial<Record<SessionEndReason, MessageKey>> = {
  'consent-declined': 'viewer.ended.declined',
  'verification-mismatch': 'viewer.ended.mismatch',
  'device-revoked': 'viewer.ended.deviceRevoked',
  'device-busy': 'viewer.ended.deviceBusy',
  'no-display': 'viewer.ended.noDisplay',
}

function stateKey(state: ViewerState): MessageKey {
  switch (state.phase) {
    case 'connecting':
      return state.isReconnect ? 'viewer.state.reconnecting' : 'viewer.state.connecting'
    case 'waiting':
      return 'viewer.state.waiting'
    case 'securing':
      return 'viewer.state.securing'
    case 'active':
      return 'viewer.state.active'
    case 'peer-away':
      return state.isRestarting ? 'viewer.state.restarting' : 'viewer.state.peerAway'
    case 'ended':
      return (
        (state.reason === null ? undefined : REASON_KEYS[state.reason]) ??
        `viewer.ended.${state.endedBy}`
      )
  }
}

export function VerificationCode({ code }: { readonly code: string }) {
  const { t } = useI18n()
  return (
    <p class="verification" data-testid="verification-code" data-code={code.replace(' ', '')}>
      <strong class="verification-code">{t('viewer.verification', { code })}</strong>
      <span> — {t('viewer.verificationHint')}</span>
    </p>
  )
}

export function StatsLine({ stats }: { readonly stats: ViewerStats | null }) {
  const { t } = useI18n()
  const dash = t('common.none')
  const kilobytes = stats === null ? null : Math.round(stats.bytesPerSecond / 1024)
  return (
    <dl class="viewer-stats" aria-label={t('viewer.stats')} data-testid="viewer-stats">
      <div>
        <dt>{t('viewer.stats.fpsLabel')}</dt>
        <dd>{stats === null ? dash : t('viewer.stats.fps', { value: stats.fps })}</dd>
      </div>
      <div>
        <dt>{t('viewer.stats.latencyLabel')}</dt>
        <dd>
          {stats?.latencyMs == null ? dash : t('viewer.stats.latency', { value: stats.latencyMs })}
        </dd>
      </div>
      <div>
        <dt>{t('viewer.stats.bandwidthLabel')}</dt>
        <dd>{kilobytes === null ? dash : t('viewer.stats.bandwidth', { value: kilobytes })}</dd>
      </div>
    </dl>
  )
}
