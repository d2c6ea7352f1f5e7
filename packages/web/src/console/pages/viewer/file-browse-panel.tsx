/**
 * The customer's folders in the file-transfer panel (SPEC.md T7): asked for once, shown only
 * while the customer allows it, with a way up and a download for each file.
 */
import { FILE_LISTING_MAX_ENTRIES, FileAccess } from '@tasuke/protocol'

import type { BrowseView, FileTransfers } from '../../../viewer/file-transfer/index'
import { useI18n } from '../../i18n-context'
import { formatBytes } from './file-transfer-format'

interface Props {
  readonly files: FileTransfers
  readonly browse: BrowseView
  readonly isActive: boolean
}

export function FileBrowsePanel({ files, browse, isActive }: Props) {
  const { t } = useI18n()
  return (
    <section
      class="file-browse"
      aria-label={t('fileTransfer.browse.title')}
      aria-busy={browse.isLoading}
      data-testid="file-browse"
      data-access={browse.access}
    >
      <h3>{t('fileTransfer.browse.title')}</h3>
      {browse.access === FileAccess.NotAsked ? (
        <button
          type="button"
          class="button secondary small"
          disabled={!isActive || browse.isLoading}
          data-testid="file-browse-ask"
          onClick={() => {
            files.browse('')
          }}
        >
          {t('fileTransfer.browse.ask')}
        </button>
      ) : null}
      {browse.access === FileAccess.Asking ? (
        <p class="muted" role="status">
          {t('fileTransfer.browse.asking')}
        </p>
      ) : null}
      {browse.access === FileAccess.Refused ? (
        <p role="status">{t('fileTransfer.browse.refused')}</p>
      ) : null}
      {browse.error === null ? null : (
        <p class="file-browse-error" role="alert">
          {t('fileTransfer.browse.error', {
            reason: t(`fileTransfer.problem.${browse.error.problem}`),
          })}
        </p>
      )}
      {browse.access === FileAccess.Allowed ? (
        <Listing files={files} browse={browse} isActive={isActive} />
      ) : null}
    </section>
  )
}

function Listing({ files, browse, isActive }: Props) {
  const { t, locale } = useI18n()
  const listing = browse.listing
  if (listing === null) {
    return <p class="muted">{t('fileTransfer.browse.loading')}</p>
  }
  const join = (name: string) =>
    listing.path.endsWith('/') ? listing.path + name : `${listing.path}/${name}`
  return (
    <div class="file-browse-listing">
      <div class="file-browse-path">
        <button
          type="button"
          class="button ghost small"
          disabled={!isActive || listing.parent === null || browse.isLoading}
          data-testid="file-browse-up"
          onClick={() => {
            if (listing.parent !== null) files.browse(listing.parent)
          }}
        >
          {t('fileTransfer.browse.up')}
        </button>
        <span class="mono" data-testid="file-browse-path">
          {listing.path}
        </span>
      </div>
      {listing.entries.length === 0 ? (
        <p class="muted">{t('fileTransfer.browse.empty')}</p>
      ) : (
        <ul class="file-entries" data-testid="file-browse-entries">
          {listing.entries.map((entry) => (
            <li key={entry.name} data-kind={entry.kind}>
              {entry.kind === 'folder' ? (
                <button
                  type="button"
                  class="link-button"
                  disabled={!isActive || browse.isLoading}
                  aria-label={`${t('fileTransfer.browse.folder')}: ${entry.name}`}
                  onClick={() => {
                    files.browse(join(entry.name))
                  }}
                >
                  📁 {entry.name}
                </button>
              ) : (
                <span class="file-entry-name">{entry.name}</span>
              )}
              {entry.kind === 'file' ? (
                <>
                  <span class="muted">{formatBytes(entry.size, locale)}</span>
                  <button
                    type="button"
                    class="button ghost small"
                    disabled={!isActive}
                    onClick={() => files.fetch({ path: join(entry.name) }, entry.name)}
                  >
                    {t('fileTransfer.download')}
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {listing.isTruncated ? (
        <p class="muted">
          {t('fileTransfer.browse.truncated', { count: FILE_LISTING_MAX_ENTRIES })}
        </p>
      ) : null}
    </div>
  )
}
