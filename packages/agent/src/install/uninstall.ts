/**
 * `tasuke-agent uninstall`: tells the server this computer leaves (best effort: it is then
 * removed and revoked there), stops and disables the service, and removes the service
 * definition, device.json, state.json and the program, folders included.
 * @module
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'

import type { Language } from '../i18n/messages.js'
import { ServerUnreachableError } from '../server-api/pinned-request.js'
import { ConfigError, readDeviceConfig } from './device-config.js'
import { leaveServer } from './enrol.js'
import { removeInstalledFiles } from './install.js'
import { INSTALL_MESSAGES } from './install-messages.js'
import { type InstallPaths, SERVICE_NAME, type ServicePlatform } from './install-paths.js'
import { launchdStopCommands } from './launchd-plist.js'
import { commandLine, windowsUninstallCommands } from './windows-service.js'

export interface UninstallEnvironment {
  readonly platform: ServicePlatform
  readonly paths: InstallPaths
  readonly language: Language
  readonly isAdministrator: boolean
  readonly run?: (command: readonly string[]) => Promise<void>
  readonly out: (line: string) => void
  readonly err: (line: string) => void
}

export async function uninstall(environment: UninstallEnvironment): Promise<number> {
  const { paths, platform, out, err } = environment
  const text = INSTALL_MESSAGES[environment.language]
  if (!environment.isAdministrator) {
    err(text.needsRoot('uninstall'))
    return 2
  }
  const installed =
    existsSync(paths.configFile) ||
    existsSync(paths.programDir) ||
    (paths.serviceFile !== null && existsSync(paths.serviceFile))
  if (!installed) {
    out(text.notInstalled)
    return 0
  }
  try {
    const config = await readDeviceConfig(paths.configFile)
    const agreed = await leaveServer(
      new URL(config.serverUrl),
      config.deviceId,
      config.deviceSecret,
      config.fingerprint,
    )
    out(text.leftServer(agreed))
  } catch (error) {
    if (error instanceof ServerUnreachableError) err(text.leaveUnreachable(error.message))
    else if (error instanceof ConfigError) err(text.badConfig(error.message))
    else throw error
  }
  const systemdRuns =
    platform === 'linux' && paths.root === '/' && existsSync('/run/systemd/system')
  const run = environment.run ?? runCommand
  if (systemdRuns) {
    // A service that is already stopped or unknown is fine: the files go anyway.
    await run(['systemctl', 'disable', '--now', SERVICE_NAME]).catch(() => undefined)
  } else if (platform !== 'linux') {
    const commands = platform === 'darwin' ? launchdStopCommands() : windowsUninstallCommands()
    out(commands.map((command) => `  ${commandLine(command)}`).join('\n'))
  }
  await removeInstalledFiles(paths)
  if (systemdRuns) await run(['systemctl', 'daemon-reload']).catch(() => undefined)
  out(text.uninstalled)
  return 0
}

async function runCommand(command: readonly string[]): Promise<void> {
  const [file, ...args] = command
  if (file === undefined) return
  await promisify(execFile)(file, args, { timeout: 60_000 })
}
