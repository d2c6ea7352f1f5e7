/**
 * The Windows service of the installed agent: the `icacls` command that keeps device.json to
 * SYSTEM and Administrators (it holds the device's secret), the compilation of the service
 * host (windows-service-host.ts), and the `sc.exe` commands that create, start, stop and
 * delete the service, which runs the host. Generated here; none of it has run on Windows in
 * this project's tests (the host itself runs under Mono in them).
 * @module
 */
import { SERVICE_NAME } from './install-paths.js'
import { compileServiceHostCommand, serviceHostFiles } from './windows-service-host.js'

export const WINDOWS_DISPLAY_NAME = 'tasuke remote support agent'

/** Compiles the host, creates the service (automatic start, restarted after a failure), starts it. */
export function windowsInstallCommands(
  programDir: string,
  configFile: string,
): readonly (readonly string[])[] {
  const host = serviceHostFiles(programDir).program
  return [
    [
      'icacls',
      configFile,
      '/inheritance:r',
      '/grant:r',
      'SYSTEM:F',
      '/grant:r',
      'Administrators:F',
    ],
    compileServiceHostCommand(programDir),
    [
      'sc.exe',
      'create',
      SERVICE_NAME,
      // sc.exe takes `name=` and its value as two words.
      'binPath=',
      `"${host}"`,
      'start=',
      'auto',
      'DisplayName=',
      WINDOWS_DISPLAY_NAME,
    ],
    [
      'sc.exe',
      'failure',
      SERVICE_NAME,
      'reset=',
      '0',
      'actions=',
      'restart/5000/restart/5000/restart/5000',
    ],
    ['sc.exe', 'start', SERVICE_NAME],
  ]
}

export function windowsUninstallCommands(): readonly (readonly string[])[] {
  return [
    ['sc.exe', 'stop', SERVICE_NAME],
    ['sc.exe', 'delete', SERVICE_NAME],
  ]
}

/** A command as it would be typed in an administrator's Command Prompt. */
export function commandLine(command: readonly string[]): string {
  return command
    .map((word) => (/[\s"]/.test(word) ? `"${word.replace(/"/g, '\\"')}"` : word))
    .join(' ')
}
