/**
 * `tasuke-agent status`: installed or not, for which company, whether it is online, and the
 * last connections the server reports; `--window` shows the same in the browser.
 */
import { existsSync } from 'node:fs'

import type { Language } from '../i18n/messages.js'
import { showAboutWindow } from '../device-page/about-window.js'
import { isRunning, readServiceState } from '../service/service-state.js'
import { ConfigError, readDeviceConfig } from './device-config.js'
import { fetchDeviceInfo } from './device-info.js'
import { INSTALL_MESSAGES } from './install-messages.js'
import type { InstallPaths } from './install-paths.js'

export async function status(
  paths: InstallPaths,
  language: Language,
  out: (line: string) => void,
  err: (line: string) => void,
  options: { readonly window: boolean; readonly env: NodeJS.ProcessEnv } = {
    window: false,
    env: {},
  },
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
  const fetched = await fetchDeviceInfo({
    serverUrl: new URL(config.serverUrl),
    fingerprint: config.fingerprint,
    deviceId: config.deviceId,
    deviceSecret: config.deviceSecret,
  })
  out(
    text.status({
      deviceName: state?.deviceName ?? config.deviceName,
      server: new URL(config.serverUrl).origin,
      tenantName: (fetched.ok ? fetched.info.tenantName : null) ?? state?.tenantName ?? null,
      online: running && state.online,
      running,
      since: state?.since ?? null,
      problem: state?.problem ?? null,
    }),
  )
  out(fetched.ok ? text.history(fetched.info) : text.historyUnavailable(fetched.problem))
  if (options.window) return showAboutWindow(config, paths, language, options.env, out)
  return 0
}
