/**
 * Starts a private X server for tests on a free display number and stops it by PID: Xvfb, or
 * TigerVNC's Xvnc where the test needs RandR to change the screen size (Xvfb has one fixed mode).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

export interface Xvfb {
  /** e.g. `:57`, for `DISPLAY` */
  readonly display: string
  readonly env: NodeJS.ProcessEnv
  stop(): Promise<void>
}

const FIRST_DISPLAY = 50
const LAST_DISPLAY = 250
const START_TIMEOUT_MS = 10_000

function isDisplayFree(number: number): boolean {
  return !existsSync(`/tmp/.X${number}-lock`) && !existsSync(`/tmp/.X11-unix/X${number}`)
}

/**
 * Whether display `number` is served by `pid`: Xvfb writes its PID into the lock file. Two
 * test files may start an Xvfb on the same number at once; the loser must not mistake the
 * winner's socket for its own.
 */
function isServedBy(number: number, pid: number | undefined): boolean {
  try {
    return Number.parseInt(readFileSync(`/tmp/.X${number}-lock`, 'utf8').trim(), 10) === pid
  } catch {
    return false
  }
}

function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => {
      resolve(false)
    })
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      resolve()
      return
    }
    child.once('exit', () => {
      resolve()
    })
    process.kill(child.pid, 'SIGTERM')
  })
}

/** Starts `Xvfb :N -screen 0 <size>x24 -nolisten tcp` and waits until it accepts connections. */
export function startXvfb(size = '1280x800', extraArgs: string[] = []): Promise<Xvfb> {
  return startXServer('Xvfb', (display) => [
    display,
    '-screen',
    '0',
    `${size}x24`,
    '-nolisten',
    'tcp',
    ...extraArgs,
  ])
}

/**
 * Starts Xvnc (`<size>`, depth 24, no VNC port, no TCP): a real X server whose RandR changes
 * the screen size with `xrandr -s WxH`, for tests of resolution changes.
 */
export function startXvnc(size = '1280x800'): Promise<Xvfb> {
  return startXServer('Xvnc', (display) => [
    display,
    '-geometry',
    size,
    '-depth',
    '24',
    '-SecurityTypes',
    'None',
    '-rfbport',
    '-1',
    '-nolisten',
    'tcp',
  ])
}

/** Whether Xvnc (Debian's tigervnc-standalone-server) is installed. */
export function hasXvnc(): boolean {
  return existsSync('/usr/bin/Xvnc')
}

async function startXServer(
  command: string,
  argsFor: (display: string) => string[],
): Promise<Xvfb> {
  // Start at a random point so parallel test files rarely race for the same number.
  const offset = Math.floor(Math.random() * (LAST_DISPLAY - FIRST_DISPLAY))
  for (let i = 0; i <= LAST_DISPLAY - FIRST_DISPLAY; i += 1) {
    const number = FIRST_DISPLAY + ((offset + i) % (LAST_DISPLAY - FIRST_DISPLAY + 1))
    if (!isDisplayFree(number)) continue
    const display = `:${number}`
    const child = spawn(command, argsFor(display), { stdio: 'ignore' })
    const socketPath = `/tmp/.X11-unix/X${number}`
    const deadline = Date.now() + START_TIMEOUT_MS
    while (child.exitCode === null && Date.now() < deadline) {
      if (
        existsSync(socketPath) &&
        isServedBy(number, child.pid) &&
        (await canConnect(socketPath))
      ) {
        return {
          display,
          env: { ...process.env, DISPLAY: display },
          stop: () => stopChild(child),
        }
      }
      await sleep(50)
    }
    // Lost a race for this number (or the server did not come up): try the next one.
    await stopChild(child)
  }
  throw new Error(`no free X display number for ${command}`)
}
