/**
 * The desktop user's session bus when the agent runs as root (the installed service). The
 * bus admits only its own user (dbus-daemon checks the uid of the socket's peer; root is
 * refused too), so root connects through `systemd-stdio-bridge` started as that user: the
 * bridge connects as the user and relays the D-Bus stream over its stdin/stdout.
 * @module
 */
import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { Duplex } from 'node:stream'

import { DBusConnection } from '../dbus/connection.js'

export interface DesktopUser {
  readonly uid: number
  readonly gid: number
}

const BRIDGES = [
  '/usr/bin/systemd-stdio-bridge',
  '/usr/lib/systemd/systemd-stdio-bridge',
  '/lib/systemd/systemd-stdio-bridge',
]

/**
 * Who is logged in on the display: the owner of the XAUTHORITY file, else of the X server's
 * socket for DISPLAY (`:N` → /tmp/.X11-unix/XN). Null when neither can be read.
 */
export function desktopUser(env: NodeJS.ProcessEnv): DesktopUser | null {
  const candidates: string[] = []
  const xauthority = env['XAUTHORITY']
  if (xauthority !== undefined && xauthority !== '') candidates.push(xauthority)
  const display = /^:(\d+)(\.\d+)?$/.exec(env['DISPLAY'] ?? '')
  if (display !== null) candidates.push(`/tmp/.X11-unix/X${display[1] ?? ''}`)
  for (const path of candidates) {
    try {
      const { uid, gid } = statSync(path)
      return { uid, gid }
    } catch {
      // Not there or not readable: try the next.
    }
  }
  return null
}

/** The bus socket of a user's login session (systemd's user runtime folder). */
export function userBusPath(uid: number): string {
  return `/run/user/${uid}/bus`
}

export function findStdioBridge(): string | null {
  return BRIDGES.find((path) => existsSync(path)) ?? null
}

/** Connects to `socketPath` as `user` through a bridge process; closing the connection stops it. */
export async function connectAsUser(
  user: DesktopUser,
  socketPath: string,
  timeoutMs: number,
): Promise<DBusConnection> {
  const bridge = findStdioBridge()
  if (bridge === null) {
    throw new Error(
      `the agent runs as root and systemd-stdio-bridge, needed to reach uid ${user.uid}'s bus, is missing`,
    )
  }
  const child = spawn(bridge, [`--bus-path=unix:path=${socketPath}`], {
    uid: user.uid,
    gid: user.gid,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {},
  })
  let errors = ''
  child.stderr.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString('utf8')).slice(-2_000)
  })
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM')
    }
  }
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve)
    child.once('error', reject)
  })
  try {
    await spawned
    const stream = Duplex.from({ readable: child.stdout, writable: child.stdin })
    const connection = await DBusConnection.open(stream, user.uid, timeoutMs)
    connection.onClose(stop)
    return connection
  } catch (error) {
    stop()
    const detail = errors.trim() === '' ? '' : ` (${errors.trim()})`
    throw new Error(`${(error as Error).message}${detail}`)
  }
}
