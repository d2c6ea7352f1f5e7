/** The file-transfer panel's list: each transfer's progress, speed, time left, and how it ended. */
import { formatDuration } from '../../../shared/format'
import type {
  FileTransfers,
  TransferPhase,
  TransferView,
} from '../../../viewer/file-transfer/index'
import { isFinished } from '../../../viewer/file-transfer/index'
import { useI18n } from '../../i18n-context'
import { formatBytes, percentDone, secondsLeft } from './file-transfer-format'

interface Props {
  readonly files: FileTransfers
  readonly transfers: readonly TransferView[]
}

export function FileTransferList({ files, transfers }: Props) {
  const { t } = useI18n()
  return (
    <section class="file-transfers" aria-label={t('fileTransfer.list.title')}>
      <header class="file-transfers-header">
        <h3>{t('fileTransfer.list.title')}</h3>
        {transfers.some((transfer) => isFinished(transfer.phase)) ? (
          <button
            type="button"
            class="button ghost small"
            onClick={() => {
              files.clearFinished()
            }}
          >
            {t('fileTransfer.list.clear')}
          </button>
        ) : null}
      </header>
      {transfers.length === 0 ? (
        <p class="muted">{t('fileTransfer.list.none')}</p>
      ) : (
        <ul class="file-transfer-list" data-testid="file-transfer-list">
          {transfers.map((transfer) => (
            <TransferRow key={transfer.id} files={files} transfer={transfer} />
          ))}
        </ul>
      )}
    </section>
  )
}

function TransferRow({
  files,
  transfer,
}: {
  readonly files: FileTransfers
  readonly transfer: TransferView
}) {
  const { t, locale } = useI18n()
  const { phase, size, doneBytes, bytesPerSecond } = transfer
  const percent = size === null ? 0 : percentDone(doneBytes, size)
  const left = size === null ? null : secondsLeft(doneBytes, size, bytesPerSecond)
  return (
    <li
      class={`file-transfer is-${phase.name}`}
      data-testid="file-transfer"
      data-transfer-id={transfer.id}
      data-direction={transfer.direction}
      data-phase={phase.name}
      data-name={transfer.name ?? ''}
      data-problem={phase.name === 'failed' ? phase.problem : undefined}
    >
      <div class="file-transfer-title">
        <span class="file-transfer-direction muted">
          {t(
            transfer.direction === 'to-customer'
              ? 'fileTransfer.list.toCustomer'
              : 'fileTransfer.list.fromCustomer',
          )}
        </span>
        <span class="file-transfer-name">{transfer.name ?? '…'}</span>
        {isFinished(phase) ? null : (
          <button
            type="button"
            class="button ghost small"
            data-testid="file-transfer-cancel"
            onClick={() => {
              files.cancel(transfer.id)
            }}
          >
            {t('fileTransfer.list.cancel')}
          </button>
        )}
      </div>
      {size === null || isFinished(phase) ? null : (
        <div class="file-transfer-progress">
          <progress max={100} value={percent} aria-label={transfer.name ?? ''} />
          <span data-testid="file-transfer-percent">
            {t('fileTransfer.list.progress', { percent, size: formatBytes(size, locale) })}
          </span>
          {bytesPerSecond === null || left === null ? null : (
            <span class="muted">
              {t('fileTransfer.list.speed', {
                speed: formatBytes(bytesPerSecond, locale),
                left: formatDuration(left, locale),
              })}
            </span>
          )}
        </div>
      )}
      <p class="file-transfer-state" data-testid="file-transfer-state">
        {phaseText(phase, t)}
        {phase.name === 'completed' && size !== null ? (
          <span class="muted"> · {formatBytes(size, locale)}</span>
        ) : null}
        {transfer.savedAs !== null && transfer.savedAs !== transfer.name ? (
          <span class="muted"> · {t('fileTransfer.list.savedAs', { name: transfer.savedAs })}</span>
        ) : null}
      </p>
    </li>
  )
}

type Translate = ReturnType<typeof useI18n>['t']

function phaseText(phase: TransferPhase, t: Translate): string {
  switch (phase.name) {
    case 'queued':
    case 'starting':
    case 'moving':
    case 'waiting-for-link':
    case 'verifying':
    case 'completed':
      return t(`fileTransfer.phase.${phase.name}`)
    case 'cancelled':
      return t(
        phase.by === 'operator'
          ? 'fileTransfer.phase.cancelledByOperator'
          : 'fileTransfer.phase.cancelledByCustomer',
      )
    case 'failed': {
      const reason = t(`fileTransfer.problem.${phase.problem}`)
      return t('fileTransfer.phase.failed', {
        reason: phase.detail === '' ? reason : `${reason} (${phase.detail})`,
      })
    }
  }
}
