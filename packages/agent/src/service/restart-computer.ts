/**
 * Restarting the customer's computer at the operator's request (SPEC.md D5): the system's
 * own reboot command, run by the installed service (which runs as the system). An
 * administrator may name another command in TASUKE_RESTART_COMMAND (run by /bin/sh; the
 * end-to-end test uses it to restart only the service, as a reboot would).
 * @module
 */
import { execFile } from 'node:child_process'

export type RestartPlatform = 'linux' | 'darwin' | 'win32'

/** The program and arguments that restart the computer now. */
export function restartCommand(
  platform: RestartPlatform,
  env: Readonly<Record<string, string | undefined>>,
): readonly [string, ...string[]] {
  const custom = env['TASUKE_RESTART_COMMAND']
  if (custom !== undefined && custom.trim() !== '') return ['/bin/sh', '-c', custom]
  switch (platform) {
    case 'linux':
      return ['systemctl', 'reboot']
    case 'darwin':
      return ['/sbin/shutdown', '-r', 'now']
    case 'win32':
      return ['shutdown.exe', '/r', '/t', '5', '/c', 'tasuke: restart requested by support']
  }
}

/** Runs the restart command; rejects with its output when it fails (the session goes on). */
export function restartComputer(command: readonly [string, ...string[]]): Promise<void> {
  const [file, ...args] = command
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 30_000 }, (error, _stdout, stderr) => {
      if (error === null) {
        resolve()
        return
      }
      const detail = stderr.trim() === '' ? error.message : stderr.trim().slice(0, 500)
      reject(new Error(`${command.join(' ')} failed: ${detail}`))
    })
  })
}
