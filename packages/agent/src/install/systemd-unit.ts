/**
 * The systemd unit of the installed agent on Linux: started at boot once the network is up,
 * restarted whenever it stops (crash, killed, lost display), with the display it shows its
 * window on. The service runs as root, as the agent reads the device's secret.
 * @module
 */

/** The service's exit code when the server refused the device for good (EX_CONFIG). */
export const STOPPED_FOR_GOOD_EXIT_CODE = 78

export interface UnitOptions {
  /** What to run: the installed executable or launcher. */
  readonly executable: string
  /** The X display (`:0`), or null when none was found at install time. */
  readonly display: string | null
  readonly xauthority: string | null
  /** The install root when it is not `/` (tests): the service finds its files there. */
  readonly installRoot?: string
  /** Seconds systemd waits before it starts the service again. */
  readonly restartSeconds?: number
}

export function systemdUnit(options: UnitOptions): string {
  const environment: string[] = []
  if (options.display !== null)
    environment.push(`Environment=${quoteValue(`DISPLAY=${options.display}`)}`)
  if (options.installRoot !== undefined && options.installRoot !== '/') {
    environment.push(`Environment=${quoteValue(`TASUKE_INSTALL_ROOT=${options.installRoot}`)}`)
  }
  if (options.xauthority !== null) {
    environment.push(`Environment=${quoteValue(`XAUTHORITY=${options.xauthority}`)}`)
  }
  return [
    '[Unit]',
    'Description=tasuke remote support agent (installed)',
    'Documentation=https://github.com/tasuke/tasuke/blob/main/docs/installed-agent.md',
    'Wants=network-online.target',
    'After=network-online.target',
    // Never give up restarting it, however often it stops.
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${quoteArg(options.executable)} service`,
    'Restart=always',
    `RestartSec=${options.restartSeconds ?? 5}`,
    // A revoked or unknown device exits with this code: restarting it would only be refused.
    `RestartPreventExitStatus=${STOPPED_FOR_GOOD_EXIT_CODE}`,
    ...environment,
    'UMask=0077',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n')
}

/** Reads the ExecStart command back out of a unit (what the e2e test's supervisor runs). */
export function unitExecStart(unit: string): readonly string[] | null {
  const line = unit.split('\n').find((candidate) => candidate.startsWith('ExecStart='))
  if (line === undefined) return null
  const command = line.slice('ExecStart='.length)
  const words: string[] = []
  const pattern = /"((?:[^"\\]|\\.)*)"|(\S+)/g
  for (const match of command.matchAll(pattern)) {
    words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? ''))
  }
  return words
}

/** Reads the Environment= settings of a unit. */
export function unitEnvironment(unit: string): Record<string, string> {
  const environment: Record<string, string> = {}
  for (const line of unit.split('\n')) {
    if (!line.startsWith('Environment=')) continue
    const value = unquote(line.slice('Environment='.length))
    const equals = value.indexOf('=')
    if (equals > 0) environment[value.slice(0, equals)] = value.slice(equals + 1)
  }
  return environment
}

function quoteArg(value: string): string {
  if (/^[A-Za-z0-9/_.:-]+$/.test(value)) return value
  return `"${value.replace(/(["\\])/g, '\\$1')}"`
}

function quoteValue(value: string): string {
  return `"${value.replace(/(["\\])/g, '\\$1').replace(/%/g, '%%')}"`
}

function unquote(value: string): string {
  if (!value.startsWith('"') || !value.endsWith('"')) return value
  return value.slice(1, -1).replace(/\\(.)/g, '$1').replace(/%%/g, '%')
}
