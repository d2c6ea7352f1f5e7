/**
 * A real, private session bus for tests: `dbus-daemon --session` on a socket in a temporary
 * folder, stopped by its PID.
 * @module
 */
import { spawn } from 'node:child_process'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface PrivateBus {
  /** For DBUS_SESSION_BUS_ADDRESS. */
  readonly address: string
  readonly socketPath: string
  stop(): Promise<void>
}

const START_TIMEOUT_MS = 10_000

export interface PrivateBusOptions {
  /** Runs the bus as this user (the test must run as root): the bus is then that user's. */
  readonly user?: { readonly uid: number; readonly gid: number }
  /** Listens on a Linux abstract socket instead of a file (socketPath is then '\\0' + name). */
  readonly isAbstract?: boolean
}

/** Starts a session bus (`dbus-daemon --session` with its usual policy). */
export async function startPrivateBus(options: PrivateBusOptions = {}): Promise<PrivateBus> {
  const folder = await mkdtemp(join(tmpdir(), 'tasuke-bus-'))
  const { user } = options
  if (user !== undefined) await chown(folder, user.uid, user.gid)
  const socketPath = options.isAbstract === true ? `\0${join(folder, 'bus')}` : join(folder, 'bus')
  const listen =
    options.isAbstract === true ? `unix:abstract=${socketPath.slice(1)}` : `unix:path=${socketPath}`
  const daemon = spawn(
    'dbus-daemon',
    ['--session', '--nofork', '--print-address=1', `--address=${listen}`],
    { stdio: ['ignore', 'pipe', 'pipe'], ...(user === undefined ? {} : user) },
  )
  let errors = ''
  daemon.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')))
  const address = await new Promise<string>((resolve, reject) => {
    let printed = ''
    const timer = setTimeout(() => {
      reject(new Error(`dbus-daemon did not start: ${errors}`))
    }, START_TIMEOUT_MS)
    daemon.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8')
      const newline = printed.indexOf('\n')
      if (newline >= 0) {
        clearTimeout(timer)
        resolve(printed.slice(0, newline).trim())
      }
    })
    daemon.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    daemon.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`dbus-daemon exited ${String(code)}: ${errors}`))
    })
  })
  return {
    address,
    socketPath,
    stop: async () => {
      if (daemon.exitCode === null && daemon.signalCode === null && daemon.pid !== undefined) {
        const exited = new Promise((resolve) => daemon.once('exit', resolve))
        process.kill(daemon.pid, 'SIGTERM')
        await exited
      }
      await rm(folder, { recursive: true, force: true })
    },
  }
}
