/** `tasuke-agent status`: installed or not, for which company, and whether it is online. */
import { existsSync } from 'node:fs'

import type { Language } from '../i18n/messages.js'
import { isRunning, readServiceState } from '../service/service-state.js'
import { ConfigError, readDeviceConfig } from './device-config.js'
import { INSTALL_MESSAGES } from './install-messages.js'
import type { InstallPaths } from './install-paths.js'

export async function status(
  paths: InstallPaths,
  language: Language,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const text = INSTALL_MESSAGES[language]
  if (!existsSync(paths.configFile)) {
    out(text.notInstalled)
    return 3
  }
  let config
  try {
    config = await readDeviceConfig(paths.configFile)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    err(text.badConfig(error.message))
    return 1
  }
  const state = await readServiceState(paths.stateFile)
  const running = state !== null && isRunning(state.pid)
  out(
    text.status({
      deviceName: state?.deviceName ?? config.deviceName,
      server: new URL(config.serverUrl).origin,
      tenantName: state?.tenantName ?? null,
      online: running && state.online,
      running,
      since: state?.since ?? null,
      problem: state?.problem ?? null,
    }),
  )
  return 0
}
