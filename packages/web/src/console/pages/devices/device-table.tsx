/** The installed computers: online dot, name, OS, group, last seen, access; admin actions. */
import { ConfirmButton } from '../../components/confirm-button'
import { useI18n } from '../../i18n-context'
import type { Device } from './device-types'
import { describePolicy } from './policy-text'
import { formatRelative } from './relative-time'

interface Props {
  readonly devices: readonly Device[]
  readonly nowMs: number
  readonly isAdmin: boolean
  readonly busy: boolean
  readonly onEdit: (device: Device) => void
  readonly onRevoke: (device: Device) => void
  /** 接続 / Connect: an unattended session to an online computer (SPEC.md D3). */
  readonly onConnect: (device: Device) => void
}

export function DeviceTable({ devices, nowMs, isAdmin, busy, onEdit, onRevoke, onConnect }: Props) {
  const { t, dateTime, locale } = useI18n()
  return (
    <div class="table-wrap">
      <table class="table" data-testid="devices">
        <thead>
          <tr>
            <th scope="col">{t('devices.filterStatus')}</th>
            <th scope="col">{t('devices.col.name')}</th>
            <th scope="col">{t('devices.col.os')}</th>
            <th scope="col">{t('devices.col.group')}</th>
            <th scope="col">{t('devices.col.lastSeen')}</th>
            <th scope="col">{t('devices.col.enrolled')}</th>
            <th scope="col">{t('devices.col.policy')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {devices.map((device) => {
            const policy = describePolicy(device.effectivePolicy)
            return (
              <tr
                key={device.id}
                data-device-id={device.id}
                data-device-name={device.name}
                data-status={device.status}
              >
                <td class="nowrap">
                  <span class={`device-dot device-${device.status}`} aria-hidden="true" />
                  {t(`devices.status.${device.status}`)}
                </td>
                <td>{device.name}</td>
                <td>
                  {device.os.platform} {device.os.release}
                  <span class="muted"> · {device.os.arch}</span>
                </td>
                <td>{device.group ?? t('common.none')}</td>
                <td class="nowrap" title={dateTime(device.lastSeenAt)}>
                  {formatRelative(device.lastSeenAt, nowMs, locale) ?? t('devices.never')}
                </td>
                <td class="nowrap">{dateTime(device.enrolledAt)}</td>
                <td>{t(policy.key, policy.params)}</td>
                <td class="actions">
                  {device.status === 'revoked' ? null : (
                    <>
                      {device.status === 'online' ? (
                        <button
                          type="button"
                          class="button small primary"
                          data-testid="device-connect"
                          disabled={busy}
                          onClick={() => {
                            onConnect(device)
                          }}
                        >
                          {t('devices.connect')}
                        </button>
                      ) : (
                        <span title={t('devices.connectOffline')}>
                          <button
                            type="button"
                            class="button small primary"
                            data-testid="device-connect"
                            aria-describedby={`device-offline-${device.id}`}
                            disabled
                          >
                            {t('devices.connect')}
                          </button>
                          <span id={`device-offline-${device.id}`} class="visually-hidden">
                            {t('devices.connectOffline')}
                          </span>
                        </span>
                      )}
                      {isAdmin ? (
                        <button
                          type="button"
                          class="button small secondary"
                          disabled={busy}
                          onClick={() => {
                            onEdit(device)
                          }}
                        >
                          {t('devices.edit')}
                        </button>
                      ) : null}
                      {isAdmin ? (
                        <ConfirmButton
                          label={t('devices.revoke')}
                          question={t('devices.revokeConfirm', { name: device.name })}
                          yes={t('devices.revoke')}
                          no={t('common.cancel')}
                          busy={busy}
                          danger
                          onConfirm={() => {
                            onRevoke(device)
                          }}
                        />
                      ) : null}
                    </>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
