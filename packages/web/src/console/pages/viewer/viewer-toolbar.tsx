/**
 * The viewer's controls: size, full screen, view only, Ctrl+Alt+Del, system information,
 * picture quality, end.
 */
import { useState } from 'preact/hooks'

import { type ConsoleSession, ScaleMode } from '../../../viewer/index'
import { ConfirmButton } from '../../components/confirm-button'
import { useI18n } from '../../i18n-context'
import { FileTransferControl } from './file-transfer-panel'
import { ScreenSelect } from './screen-select'
import { SystemInfoControl } from './system-info-panel'
import { TypeTextControl } from './type-text-dialog'

const QUALITIES = ['auto', 'sharp', 'fast'] as const
type Quality = (typeof QUALITIES)[number]

interface Props {
  readonly session: ConsoleSession | null
  /** The element that goes full screen (the whole viewer, toolbar included). */
  readonly frame: { readonly current: HTMLElement | null }
  readonly isLive: boolean
  readonly isFullscreen: boolean
  /** False while the customer paused the screen or allows viewing only (SPEC.md P6). */
  readonly isInputAllowed: boolean
  /** The customer's computer is an installed one that comes back after a restart (D5). */
  readonly canRestart: boolean
}

export function ViewerToolbar({
  session,
  frame,
  isLive,
  isFullscreen,
  isInputAllowed,
  canRestart,
}: Props) {
  const { t } = useI18n()
  const [scale, setScale] = useState<ScaleMode>(ScaleMode.Fit)
  const [isViewOnly, setViewOnly] = useState(false)
  const [quality, setQuality] = useState<Quality>('auto')
  const isActive = isLive && session !== null

  const toggleFullscreen = () => {
    if (document.fullscreenElement === null) void frame.current?.requestFullscreen()
    else void document.exitFullscreen()
  }

  return (
    <div class="viewer-toolbar" role="toolbar" aria-label={t('viewer.toolbar')}>
      <div class="segmented" role="radiogroup" aria-label={t('viewer.scale')}>
        {[
          [ScaleMode.Fit, 'viewer.scale.fit'] as const,
          [ScaleMode.OneToOne, 'viewer.scale.oneToOne'] as const,
        ].map(([mode, label]) => (
          <button
            key={mode}
            type="button"
            role="radio"
            aria-checked={scale === mode}
            class={scale === mode ? 'is-selected' : undefined}
            data-testid={`scale-${mode}`}
            onClick={() => {
              setScale(mode)
              session?.setScaleMode(mode)
            }}
          >
            {t(label)}
          </button>
        ))}
      </div>
      <button
        type="button"
        class="button secondary small"
        data-testid="fullscreen"
        onClick={toggleFullscreen}
      >
        {t(isFullscreen ? 'viewer.exitFullscreen' : 'viewer.fullscreen')}
      </button>
      <button
        type="button"
        class={`button small ${isViewOnly ? 'primary' : 'secondary'}`}
        aria-pressed={isViewOnly}
        data-testid="view-only"
        onClick={() => {
          setViewOnly(!isViewOnly)
          session?.setViewOnly(!isViewOnly)
        }}
      >
        {t('viewer.viewOnly')}
      </button>
      <button
        type="button"
        class="button secondary small"
        disabled={!isActive || isViewOnly || !isInputAllowed}
        data-testid="ctrl-alt-del"
        onClick={() => session?.sendCtrlAltDel()}
      >
        {t('viewer.ctrlAltDel')}
      </button>
      <TypeTextControl session={session} isEnabled={isActive && !isViewOnly && isInputAllowed} />
      <SystemInfoControl session={session} isActive={isActive} />
      <FileTransferControl session={session} isActive={isActive} />
      <ScreenSelect session={session} isActive={isActive} />
      <label class="inline-field viewer-quality">
        <span>{t('viewer.quality')}</span>
        <select
          value={quality}
          data-testid="quality"
          onChange={(event) => {
            const next = QUALITIES.find((value) => value === event.currentTarget.value) ?? 'auto'
            setQuality(next)
            session?.setQuality(next)
          }}
        >
          {QUALITIES.map((value) => (
            <option key={value} value={value}>
              {t(`viewer.quality.${value}`)}
            </option>
          ))}
        </select>
      </label>
      {canRestart ? (
        <ConfirmButton
          label={t('viewer.restart')}
          question={t('viewer.restartConfirm')}
          yes={t('viewer.restartYes')}
          no={t('viewer.endNo')}
          busy={!isActive || isViewOnly || !isInputAllowed}
          danger
          onConfirm={() => session?.restartComputer()}
        />
      ) : null}
      <span class="viewer-toolbar-end">
        <ConfirmButton
          label={t('viewer.end')}
          question={t('viewer.endConfirm')}
          yes={t('viewer.endYes')}
          no={t('viewer.endNo')}
          busy={session === null || !isLive}
          danger
          onConfirm={() => void session?.end()}
        />
      </span>
    </div>
  )
}
