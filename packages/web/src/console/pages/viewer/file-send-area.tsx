/**
 * The file-transfer panel's send area: files or a whole folder from pickers or a drop, and
 * the names the console refused before sending (SPEC.md T6), each with its reason.
 */
import { useEffect, useRef, useState } from 'preact/hooks'

import type { FileTransfers, FileToSend, RefusedFile } from '../../../viewer/file-transfer/index'
import { useI18n } from '../../i18n-context'
import { filesFromDrop, filesFromInput } from './file-drop'

interface Props {
  readonly files: FileTransfers
  readonly isActive: boolean
}

export function FileSendArea({ files, isActive }: Props) {
  const { t } = useI18n()
  const folderInput = useRef<HTMLInputElement>(null)
  const [refused, setRefused] = useState<readonly RefusedFile[]>([])
  const [isDragOver, setDragOver] = useState(false)

  useEffect(() => {
    // Not in Preact's attribute types; the property works in every browser we support.
    if (folderInput.current !== null) folderInput.current.webkitdirectory = true
  }, [])

  const send = (chosen: readonly FileToSend[]) => {
    if (chosen.length === 0) return
    setRefused(files.send(chosen).refused)
  }

  return (
    <section
      class={`file-send ${isDragOver ? 'is-drag-over' : ''}`}
      aria-label={t('fileTransfer.send.title')}
      data-testid="file-send"
      onDragOver={(event) => {
        if (!isActive) return
        event.preventDefault()
        setDragOver(true)
      }}
      onDragLeave={() => {
        setDragOver(false)
      }}
      onDrop={(event) => {
        event.preventDefault()
        setDragOver(false)
        if (!isActive || event.dataTransfer === null) return
        void filesFromDrop(event.dataTransfer).then(send)
      }}
    >
      <h3>{t('fileTransfer.send.title')}</h3>
      <div class="file-send-pickers">
        <label class={`button secondary small ${isActive ? '' : 'is-disabled'}`}>
          {t('fileTransfer.send.files')}
          <input
            type="file"
            multiple
            class="visually-hidden"
            disabled={!isActive}
            data-testid="file-send-files"
            onChange={(event) => {
              send(filesFromInput(event.currentTarget.files))
              event.currentTarget.value = ''
            }}
          />
        </label>
        <label class={`button secondary small ${isActive ? '' : 'is-disabled'}`}>
          {t('fileTransfer.send.folder')}
          <input
            ref={folderInput}
            type="file"
            class="visually-hidden"
            disabled={!isActive}
            data-testid="file-send-folder"
            onChange={(event) => {
              send(filesFromInput(event.currentTarget.files))
              event.currentTarget.value = ''
            }}
          />
        </label>
        <span class="muted">{t('fileTransfer.send.drop')}</span>
      </div>
      <p class="muted file-send-hint">{t('fileTransfer.send.hint')}</p>
      {refused.length === 0 ? null : (
        <ul class="file-send-refused" role="alert" data-testid="file-send-refused">
          {refused.map((file) => (
            <li key={file.path}>
              {t('fileTransfer.send.refused', {
                name: file.path,
                reason: t(`fileTransfer.path.${file.problem}`),
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
