/**
 * The toolbar's システム情報 / System information button and the panel under it: asks the
 * agent (SPEC.md P5) and shows the answer, which came end to end and is kept nowhere but here.
 */
import type { SystemInfo } from '@tasuke/protocol'
import { useEffect, useState } from 'preact/hooks'

import type { ConsoleSession } from '../../../viewer/index'
import { useI18n } from '../../i18n-context'
import { gigabytes, osLine, uptimeParts } from './system-info-format'

interface Props {
  readonly session: ConsoleSession | null
  readonly isActive: boolean
}

export function SystemInfoControl({ session, isActive }: Props) {
  const { t } = useI18n()
  const [isOpen, setOpen] = useState(false)
  const [info, setInfo] = useState<SystemInfo | null>(null)
  const [isLoading, setLoading] = useState(false)

  useEffect(() => {
    if (session === null) return
    return session.onSystemInfo((answer) => {
      setInfo(answer)
      setLoading(false)
    })
  }, [session])

  const ask = () => {
    setLoading(true)
    session?.requestSystemInfo()
  }

  return (
    <div class="system-info">
      <button
        type="button"
        class={`button small ${isOpen ? 'primary' : 'secondary'}`}
        aria-expanded={isOpen}
        aria-controls="system-info-panel"
        disabled={!isActive}
        data-testid="system-info"
        onClick={() => {
          if (!isOpen) ask()
          setOpen(!isOpen)
        }}
      >
        {t('systemInfo.button')}
      </button>
      {isOpen ? (
        <section
          id="system-info-panel"
          class="system-info-panel"
          aria-label={t('systemInfo.title')}
          aria-busy={isLoading}
          data-testid="system-info-panel"
        >
          <header class="system-info-header">
            <h2>{t('systemInfo.title')}</h2>
            <button type="button" class="button ghost small" disabled={!isActive} onClick={ask}>
              {t('systemInfo.refresh')}
            </button>
            <button
              type="button"
              class="button ghost small"
              onClick={() => {
                setOpen(false)
              }}
            >
              {t('systemInfo.close')}
            </button>
          </header>
          {info === null ? (
            <p class="muted" role="status">
              {t('systemInfo.loading')}
            </p>
          ) : (
            <SystemInfoList info={info} />
          )}
          <p class="system-info-note muted">{t('systemInfo.notStored')}</p>
        </section>
      ) : null}
    </div>
  )
}

function SystemInfoList({ info }: { readonly info: SystemInfo }) {
  const { t, locale } = useI18n()
  const unknown = t('systemInfo.unknown')
  const freeOfTotal = (free: number, total: number) =>
    t('systemInfo.freeOfTotal', { free: gigabytes(free, locale), total: gigabytes(total, locale) })
  const os = osLine(info.os)
  return (
    <dl class="system-info-list">
      <dt>{t('systemInfo.os')}</dt>
      <dd data-testid="system-info-os">
        {os === '' ? unknown : os}
        {info.os.version === '' ? null : (
          <span class="system-info-version muted">{info.os.version}</span>
        )}
      </dd>
      <dt>{t('systemInfo.hostname')}</dt>
      <dd class="mono" data-testid="system-info-hostname">
        {info.hostname === '' ? unknown : info.hostname}
      </dd>
      <dt>{t('systemInfo.user')}</dt>
      <dd class="mono" data-testid="system-info-user">
        {info.user === '' ? unknown : info.user}
      </dd>
      <dt>{t('systemInfo.uptime')}</dt>
      <dd>{t('systemInfo.uptimeValue', uptimeParts(info.uptimeSeconds))}</dd>
      <dt>{t('systemInfo.cpu')}</dt>
      <dd>
        {t('systemInfo.cpuValue', {
          model: info.cpu.model === '' ? unknown : info.cpu.model,
          cores: info.cpu.cores,
        })}
      </dd>
      <dt>{t('systemInfo.memory')}</dt>
      <dd>{freeOfTotal(info.memory.freeBytes, info.memory.totalBytes)}</dd>
      <dt>{t('systemInfo.disks')}</dt>
      <dd>
        {info.disks.length === 0 ? (
          t('systemInfo.none')
        ) : (
          <ul data-testid="system-info-disks">
            {info.disks.map((disk) => (
              <li key={disk.mount}>
                <span class="mono">{disk.mount}</span>{' '}
                {freeOfTotal(disk.freeBytes, disk.totalBytes)}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>{t('systemInfo.network')}</dt>
      <dd>
        {info.network.length === 0 ? (
          t('systemInfo.none')
        ) : (
          <ul data-testid="system-info-network">
            {info.network.map((entry) => (
              <li key={entry.name}>
                <span class="mono">{entry.name}</span>{' '}
                <span class="mono">{entry.addresses.join(', ')}</span>
              </li>
            ))}
          </ul>
        )}
      </dd>
    </dl>
  )
}
