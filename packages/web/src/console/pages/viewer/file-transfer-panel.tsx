/**
 * The toolbar's ファイル転送 / File transfer button and the side panel it opens: files to the
 * customer, the files the customer offers, the customer's folders once allowed, and every
 * transfer with its progress (SPEC.md T1–T8). The bytes go end to end; the server keeps none.
 */
import { useEffect, useState } from 'preact/hooks'

import type { FileTransferView, FileTransfers } from '../../../viewer/file-transfer/index'
import type { ConsoleSession } from '../../../viewer/index'
import { useI18n } from '../../i18n-context'
import { FileBrowsePanel } from './file-browse-panel'
import { FileSendArea } from './file-send-area'
import { formatBytes } from './file-transfer-format'
import { FileTransferList } from './file-transfer-list'
import './file-transfer-panel.css'

interface Props {
  readonly session: ConsoleSession | null
  readonly isActive: boolean
}

export function FileTransferControl({ session, isActive }: Props) {
  const { t } = useI18n()
  const [isOpen, setOpen] = useState(false)
  const view = useFileTransferView(session?.files ?? null)
  const running = view?.transfers.filter((transfer) => transfer.phase.name === 'moving').length ?? 0

  return (
    <div class="file-transfer-control">
      <button
        type="button"
        class={`button small ${isOpen ? 'primary' : 'secondary'}`}
        aria-expanded={isOpen}
        aria-controls="file-transfer-panel"
        disabled={session === null}
        data-testid="file-transfer"
        onClick={() => {
          setOpen(!isOpen)
        }}
      >
        {t('fileTransfer.button')}
        {running > 0 ? <span class="badge">{running}</span> : null}
      </button>
      {isOpen && session !== null && view !== null ? (
        <aside
          id="file-transfer-panel"
          class="file-transfer-panel"
          aria-label={t('fileTransfer.title')}
          data-testid="file-transfer-panel"
        >
          <header class="system-info-header">
            <h2>{t('fileTransfer.title')}</h2>
            <button
              type="button"
              class="button ghost small"
              onClick={() => {
                setOpen(false)
              }}
            >
              {t('fileTransfer.close')}
            </button>
          </header>
          <FileSendArea files={session.files} isActive={isActive} />
          <Offers files={session.files} view={view} isActive={isActive} />
          <FileBrowsePanel files={session.files} browse={view.browse} isActive={isActive} />
          <FileTransferList files={session.files} transfers={view.transfers} />
          <p class="system-info-note muted">{t('fileTransfer.notStored')}</p>
        </aside>
      ) : null}
    </div>
  )
}

function Offers({
  files,
  view,
  isActive,
}: {
  readonly files: FileTransfers
  readonly view: FileTransferView
  readonly isActive: boolean
}) {
  const { t, locale } = useI18n()
  return (
    <section class="file-offers" aria-label={t('fileTransfer.offers.title')}>
      <h3>{t('fileTransfer.offers.title')}</h3>
      {view.offers.length === 0 ? (
        <p class="muted">{t('fileTransfer.offers.none')}</p>
      ) : (
        <ul class="file-entries" data-testid="file-offers">
          {view.offers.map((offer) => (
            <li key={offer.offerId} data-offer-id={offer.offerId}>
              <span class="file-entry-name">{offer.name}</span>
              <span class="muted">{formatBytes(offer.size, locale)}</span>
              <button
                type="button"
                class="button ghost small"
                disabled={!isActive}
                onClick={() => files.fetch({ offerId: offer.offerId }, offer.name)}
              >
                {t('fileTransfer.download')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** The session's file-transfer snapshot, re-rendered on every change. */
function useFileTransferView(files: FileTransfers | null): FileTransferView | null {
  const [view, setView] = useState<FileTransferView | null>(files?.view ?? null)
  useEffect(() => {
    if (files === null) {
      setView(null)
      return
    }
    setView(files.view)
    return files.onChange(setView)
  }, [files])
  return view
}
