/**
 * What the "About this computer" page shows, gathered when it is asked for: device.json for
 * the server and name, state.json for online or not, the server's own answer for the company,
 * group, policy and history (or why it is not available).
 * @module
 */
import type { AccessPolicy } from '@tasuke/protocol'

import type { DeviceConfig } from '../install/device-config.js'
import {
  type DeviceInfoProblem,
  type DeviceInfoResult,
  type DeviceSessionInfo,
  fetchDeviceInfo,
} from '../install/device-info.js'
import { isRunning, readServiceState } from '../service/service-state.js'

export interface DevicePageModel {
  /** The server's origin, e.g. `https://support.example.com`. */
  readonly server: string
  readonly deviceName: string
  /** Null until the server (or the service) has said. */
  readonly companyName: string | null
  readonly group: string | null
  readonly policy: AccessPolicy | null
  readonly isOnline: boolean
  readonly sessions: readonly DeviceSessionInfo[]
  /** Why the server's facts are missing; null when it answered. */
  readonly problem: DeviceInfoProblem | null
}

/** The page's facts from what the service last wrote and what the server answers. */
export async function loadDevicePageModel(
  config: DeviceConfig,
  stateFile: string,
  fetchInfo: (config: DeviceConfig) => Promise<DeviceInfoResult> = fetchFromServer,
): Promise<DevicePageModel> {
  const [state, result] = await Promise.all([readServiceState(stateFile), fetchInfo(config)])
  const isOnline = state !== null && state.online && isRunning(state.pid)
  const info = result.ok ? result.info : null
  return {
    server: new URL(config.serverUrl).origin,
    deviceName: info?.deviceName ?? state?.deviceName ?? config.deviceName,
    companyName: info?.tenantName ?? state?.tenantName ?? null,
    group: info?.group ?? null,
    policy: info?.policy ?? null,
    isOnline,
    sessions: info?.sessions ?? [],
    problem: result.ok ? null : result.problem,
  }
}

function fetchFromServer(config: DeviceConfig): Promise<DeviceInfoResult> {
  return fetchDeviceInfo({
    serverUrl: new URL(config.serverUrl),
    fingerprint: config.fingerprint,
    deviceId: config.deviceId,
    deviceSecret: config.deviceSecret,
  })
}
