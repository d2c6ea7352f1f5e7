/**
 * Where the installed agent lives on each system. Every path is under an install root:
 * `/` normally, another folder when the environment variable TASUKE_INSTALL_ROOT names one
 * (tests install into a temporary folder that way).
 * @module
 */
import { isAbsolute, join, resolve } from 'node:path'

export interface InstallPaths {
  readonly root: string
  /** The folder holding the installed executable (or the launcher and its build). */
  readonly programDir: string
  /** What the service runs. */
  readonly executable: string
  /** The folder holding the device's configuration. */
  readonly configDir: string
  /** The device's credentials and settings (device.json, readable by the system only). */
  readonly configFile: string
  /** What the service last heard from the server (no secrets): company, online or not. */
  readonly stateFile: string
  /** The service definition: systemd unit, launchd plist; null on Windows (the service manager holds it). */
  readonly serviceFile: string | null
}

export type ServicePlatform = 'linux' | 'darwin' | 'win32'

export const SERVICE_NAME = 'tasuke-agent'
export const LAUNCHD_LABEL = 'jp.tasuke.agent'

/** The install root from the environment; relative or empty values are refused. */
export function installRoot(env: Readonly<Record<string, string | undefined>>): string {
  const given = env['TASUKE_INSTALL_ROOT']
  if (given === undefined || given === '') return '/'
  if (!isAbsolute(given)) {
    throw new Error(`TASUKE_INSTALL_ROOT must be an absolute path, got "${given}"`)
  }
  return resolve(given)
}

export function installPaths(
  platform: ServicePlatform,
  root: string,
  env: Readonly<Record<string, string | undefined>> = {},
): InstallPaths {
  switch (platform) {
    case 'linux': {
      const programDir = join(root, 'opt', SERVICE_NAME)
      const configDir = join(root, 'etc', SERVICE_NAME)
      return {
        root,
        programDir,
        executable: join(programDir, SERVICE_NAME),
        configDir,
        configFile: join(configDir, 'device.json'),
        stateFile: join(configDir, 'state.json'),
        serviceFile: join(root, 'etc', 'systemd', 'system', `${SERVICE_NAME}.service`),
      }
    }
    case 'darwin': {
      const programDir = join(root, 'Library', 'Application Support', 'tasuke')
      return {
        root,
        programDir,
        executable: join(programDir, SERVICE_NAME),
        configDir: programDir,
        configFile: join(programDir, 'device.json'),
        stateFile: join(programDir, 'state.json'),
        serviceFile: join(root, 'Library', 'LaunchDaemons', `${LAUNCHD_LABEL}.plist`),
      }
    }
    case 'win32': {
      // The Windows folders are named by the system; the install root only prefixes them in tests.
      const programFiles = env['ProgramFiles'] ?? 'C:\\Program Files'
      const programData = env['ProgramData'] ?? 'C:\\ProgramData'
      const under = (folder: string) => (root === '/' ? folder : join(root, stripDrive(folder)))
      const programDir = under(`${programFiles}\\tasuke`)
      const configDir = under(`${programData}\\tasuke`)
      return {
        root,
        programDir,
        executable: `${programDir}\\${SERVICE_NAME}.exe`,
        configDir,
        configFile: `${configDir}\\device.json`,
        stateFile: `${configDir}\\state.json`,
        serviceFile: null,
      }
    }
  }
}

function stripDrive(path: string): string {
  return path.replace(/^[A-Za-z]:/, '').replace(/\\/g, '/')
}
