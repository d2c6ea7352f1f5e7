/**
 * 端末 / Devices: the company's installed computers with their online state (refreshed while
 * the page is open), filters, the access policy, and for admins the enrolment tokens.
 */
import { useState } from 'preact/hooks'

import { useAuth, useSignedIn } from '../../auth-context'
import { ErrorAlert, Notice } from '../../components/alert'
import { type Option, SelectField } from '../../components/field'
import { useI18n } from '../../i18n-context'
import { useAction } from '../../use-action'
import { useNotice } from '../../use-notice'
import { navigate } from '../../router'
import { useNow, usePolling } from '../../use-now'
import { CompanyPolicySection } from './company-policy-section'
import { DeviceEditor } from './device-editor'
import { DeviceTable } from './device-table'
import type { Device, DeviceList, DeviceStatus } from './device-types'
import { EnrolmentTokensSection } from './enrolment-tokens-section'
import './devices-page.css'

/** How often the list is fetched again, so online/offline follows the heartbeats. */
const REFRESH_MS = 5000
const STATUSES: readonly DeviceStatus[] = ['online', 'offline', 'revoked']

function isStatus(value: string): value is DeviceStatus {
  return (STATUSES as readonly string[]).includes(value)
}

export function DevicesPage() {
  const { t } = useI18n()
  const { api } = useAuth()
  const { isAdmin } = useSignedIn()
  const loading = useAction()
  const changing = useAction()
  const notice = useNotice()
  const nowMs = useNow(REFRESH_MS)
  const [list, setList] = useState<DeviceList | null>(null)
  const [group, setGroup] = useState('')
  const [status, setStatus] = useState<DeviceStatus | ''>('')
  const [editing, setEditing] = useState<Device | null>(null)
  const [refreshKey, setRefreshKey] = useState(0)

  const load = () => {
    void loading
      .run(() => api.get<DeviceList>('/devices', { group, status }))
      .then((result) => {
        if (result !== undefined) setList(result)
      })
  }
  usePolling(load, REFRESH_MS, `${group}|${status}|${refreshKey}`)
  const reload = () => {
    setRefreshKey((key) => key + 1)
  }

  const revoke = async (device: Device) => {
    notice.clear()
    const done = await changing.run(async () => {
      await api.delete(`/devices/${encodeURIComponent(device.id)}`)
      return true
    })
    if (done === true) {
      notice.show('devices.revokedNotice', { name: device.name })
      if (editing?.id === device.id) setEditing(null)
    }
    reload()
  }

  const connect = async (device: Device) => {
    notice.clear()
    const opened = await changing.run(() =>
      api.post<{ sessionId: string; viewerUrl: string }>(
        `/devices/${encodeURIComponent(device.id)}/connect`,
        {},
      ),
    )
    if (opened !== undefined) navigate(opened.viewerUrl)
    else reload()
  }

  const any: Option = { value: '', label: t('devices.any') }
  const groups = list?.groups ?? []
  const groupOptions: Option[] = [
    any,
    ...(group !== '' && !groups.includes(group) ? [group] : groups).map((name) => ({
      value: name,
      label: name,
    })),
  ]
  const isFiltered = group !== '' || status !== ''

  return (
    <>
      <section class="card" aria-labelledby="devices-list-title">
        <div class="card-header">
          <div>
            <h2 id="devices-list-title">{t('devices.listTitle')}</h2>
            <p class="muted">{t('devices.intro')}</p>
          </div>
        </div>
        <form
          class="filters"
          aria-label={t('devices.filters')}
          onSubmit={(event) => {
            event.preventDefault()
          }}
        >
          <SelectField
            id="devices-group"
            label={t('devices.filterGroup')}
            value={group}
            options={groupOptions}
            onValue={setGroup}
          />
          <SelectField
            id="devices-status"
            label={t('devices.filterStatus')}
            value={status}
            options={[
              any,
              ...STATUSES.map((value) => ({ value, label: t(`devices.status.${value}`) })),
            ]}
            onValue={(value) => {
              setStatus(isStatus(value) ? value : '')
            }}
          />
        </form>
        <Notice message={notice.text} />
        <ErrorAlert message={changing.error ?? loading.error} />
        {list === null ? (
          <p class="muted">{t('app.loading')}</p>
        ) : list.devices.length === 0 ? (
          <p class="empty">{isFiltered ? t('devices.emptyFiltered') : t('devices.empty')}</p>
        ) : (
          <DeviceTable
            devices={list.devices}
            nowMs={nowMs}
            isAdmin={isAdmin}
            busy={changing.busy}
            onEdit={(device) => {
              notice.clear()
              setEditing(device)
            }}
            onRevoke={(device) => void revoke(device)}
            onConnect={(device) => void connect(device)}
          />
        )}
        {editing === null || list === null ? null : (
          <DeviceEditor
            key={editing.id}
            device={editing}
            companyPolicy={list.policy}
            onSaved={() => {
              setEditing(null)
              notice.show('common.saved')
              reload()
            }}
            onCancel={() => {
              setEditing(null)
            }}
          />
        )}
      </section>
      <CompanyPolicySection policy={list?.policy ?? null} onChanged={reload} />
      {isAdmin ? (
        <EnrolmentTokensSection
          devicesKey={list?.devices.map((device) => device.id).join(',') ?? ''}
          onChanged={reload}
        />
      ) : null}
    </>
  )
}
