/**
 * `tasuke-agent install` (docs/installed-agent.md): enrols this computer with the token the
 * support company's admin created, then puts the program, device.json (mode 600) and the
 * service definition in place and starts the service. Enrolment comes first, so a refused
 * token leaves nothing behind; a failure after it removes what was written.
 * Linux (systemd) is complete; on macOS and Windows the same files are written and the
 * commands that load the service are printed for the administrator to run.
 * @module
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

import type { Subcommand } from '../cli/subcommands.js'
import type { Language } from '../i18n/messages.js'
import { ServerUnreachableError } from '../server-api/pinned-request.js'
import { CONFIG_VERSION, type DeviceConfig, writeDeviceConfig } from './device-config.js'
import { enrolDevice } from './enrol.js'
import { INSTALL_MESSAGES } from './install-messages.js'
import { type InstallPaths, SERVICE_NAME, type ServicePlatform } from './install-paths.js'
import { launchdPlist, launchdStartCommands } from './launchd-plist.js'
import { installProgram, type RunningProgram } from './program-copy.js'
import { systemdUnit } from './systemd-unit.js'
import { commandLine, windowsInstallCommands } from './windows-service.js'
import { SERVICE_HOST_SOURCE, serviceHostFiles } from './windows-service-host.js'

export type InstallRequest = Extract<Subcommand, { command: 'install' }>

export interface InstallEnvironment {
  readonly platform: ServicePlatform
  readonly paths: InstallPaths
  readonly language: Language
  readonly env: Readonly<Record<string, string | undefined>>
  readonly program: RunningProgram
  readonly isAdministrator: boolean
  /** Runs a service-manager command; rejects when it fails. */
  readonly run?: (command: readonly string[]) => Promise<void>
  readonly out: (line: string) => void
  readonly err: (line: string) => void
}

/** Exit code: 0 installed, 1 refused or failed, 2 bad usage (not root). */
export async function install(
  request: InstallRequest,
  environment: InstallEnvironment,
): Promise<number> {
  const { paths, platform, out, err } = environment
  const text = INSTALL_MESSAGES[environment.language]
  if (!environment.isAdministrator) {
    err(text.needsRoot('install'))
    return 2
  }
  if (existsSync(paths.configFile)) {
    err(text.alreadyInstalled(paths.configFile))
    return 1
  }
  const name = request.name ?? hostname().slice(0, 100)
  let enrolled
  try {
    enrolled = await enrolDevice(request.serverUrl, request.token, name, request.fingerprint)
  } catch (error) {
    if (!(error instanceof ServerUnreachableError)) throw error
    err(text.unreachable(error.message))
    return 1
  }
  if (!enrolled.ok) {
    err(text.enrolFailed(enrolled.failure, enrolled.message))
    return 1
  }
  const display =
    platform === 'linux'
      ? findDisplay(request, environment.env)
      : { display: null, xauthority: null }
  const config: DeviceConfig = {
    version: CONFIG_VERSION,
    serverUrl: request.serverUrl.href,
    fingerprint: request.fingerprint,
    deviceId: enrolled.deviceId,
    deviceSecret: enrolled.deviceSecret,
    deviceName: name,
    localPolicy: request.policy,
    display: display.display,
    xauthority: display.xauthority,
    language: request.language,
  }
  let program
  try {
    await mkdir(paths.programDir, { recursive: true, mode: 0o755 })
    program = await installProgram(environment.program, paths.executable)
    await mkdir(paths.configDir, { recursive: true, mode: 0o700 })
    await writeDeviceConfig(paths.configFile, config)
    await writeServiceFile(environment, config)
  } catch (error) {
    await removeInstalledFiles(paths)
    err(text.failed(error instanceof Error ? error.message : String(error)))
    return 1
  }
  out(text.installed(name, request.serverUrl.origin))
  if (program.kind === 'launcher') out(text.launcherNote(program.mainScript))
  if (platform === 'linux' && display.display === null) err(text.noDisplay)
  return startService(environment)
}

async function writeServiceFile(
  environment: InstallEnvironment,
  config: DeviceConfig,
): Promise<void> {
  const { paths, platform } = environment
  if (platform === 'win32') {
    // The service host's source, compiled on the computer by the commands install prints.
    await writeFile(serviceHostFiles(paths.programDir).source, SERVICE_HOST_SOURCE, {
      mode: 0o644,
    })
    return
  }
  if (paths.serviceFile === null) return
  await mkdir(join(paths.serviceFile, '..'), { recursive: true, mode: 0o755 })
  if (platform === 'linux') {
    await writeFile(
      paths.serviceFile,
      systemdUnit({
        executable: paths.executable,
        display: config.display,
        xauthority: config.xauthority,
        installRoot: paths.root,
      }),
      { mode: 0o644 },
    )
  } else {
    await writeFile(
      paths.serviceFile,
      launchdPlist(paths.executable, '/Library/Logs/tasuke-agent.log'),
      { mode: 0o644 },
    )
  }
}

/** The commands that load and start the service on each system. */
export function startCommands(
  platform: ServicePlatform,
  paths: InstallPaths,
): readonly (readonly string[])[] {
  switch (platform) {
    case 'linux':
      return [
        ['systemctl', 'daemon-reload'],
        ['systemctl', 'enable', '--now', SERVICE_NAME],
      ]
    case 'darwin':
      return launchdStartCommands(paths.serviceFile ?? '')
    case 'win32':
      return windowsInstallCommands(paths.programDir, paths.configFile)
  }
}

async function startService(environment: InstallEnvironment): Promise<number> {
  const { platform, paths, out } = environment
  const text = INSTALL_MESSAGES[environment.language]
  const commands = startCommands(platform, paths)
  // systemd is asked only for a real install on a system it runs (not under a test's root).
  const systemdRuns =
    platform === 'linux' && paths.root === '/' && existsSync('/run/systemd/system')
  if (!systemdRuns) {
    out(text.notStarted(commands.map((command) => commandLine(command))))
    return 0
  }
  const run = environment.run ?? runCommand
  for (const command of commands) await run(command)
  out(text.started)
  return 0
}

/** Removes the program, settings and service definition (what install writes). */
export async function removeInstalledFiles(paths: InstallPaths): Promise<void> {
  // A service told of its revocation may still write its state file while the folder goes:
  // removing again on ENOTEMPTY/EBUSY, as node's rm does with retries, settles the race.
  const options = { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }
  if (paths.serviceFile !== null) await rm(paths.serviceFile, { force: true })
  await rm(paths.configDir, options)
  await rm(paths.programDir, options)
}

/**
 * The display the service shows its window on and shares: `--display`/`--xauthority` when
 * given, else the installing session's DISPLAY and XAUTHORITY (under sudo, which drops
 * XAUTHORITY, the invoking user's ~/.Xauthority when it exists).
 */
export function findDisplay(
  request: InstallRequest,
  env: Readonly<Record<string, string | undefined>>,
): { readonly display: string | null; readonly xauthority: string | null } {
  const given = request.display ?? env['DISPLAY'] ?? null
  const display = given !== null && /^[A-Za-z0-9._-]*:[0-9]+(\.[0-9]+)?$/.test(given) ? given : null
  let xauthority = request.xauthority ?? env['XAUTHORITY'] ?? null
  const sudoUser = env['SUDO_USER']
  if (xauthority === null && sudoUser !== undefined && /^[a-z_][a-z0-9_-]*$/.test(sudoUser)) {
    const candidate = `/home/${sudoUser}/.Xauthority`
    if (existsSync(candidate)) xauthority = candidate
  }
  if (xauthority !== null && !xauthority.startsWith('/')) xauthority = null
  return { display, xauthority: display === null ? null : xauthority }
}

async function runCommand(command: readonly string[]): Promise<void> {
  const [file, ...args] = command
  if (file === undefined) return
  await promisify(execFile)(file, args, { timeout: 60_000 })
}
