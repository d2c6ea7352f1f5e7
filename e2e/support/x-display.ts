/**
 * A private X display for end-to-end tests and the benchmark: the server picks a free display
 * number itself (`-displayfd`), so parallel runs never race for one. Programs started on it
 * (xterm, xdotool) are stopped by PID with the display. Xvfb by default; Xvnc (TigerVNC) where a
 * test changes the screen size or lays out monitors with RandR, which Xvfb cannot.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'

const run = promisify(execFile)
const START_TIMEOUT_MS = 15_000

export interface XDisplay {
  /** e.g. `:57`, for `DISPLAY`. */
  readonly display: string
  /** `PATH` and `DISPLAY`: enough for an X client. */
  readonly env: NodeJS.ProcessEnv
  /** Starts a program on this display; it is stopped with the display. */
  launch(command: string, args: readonly string[]): ChildProcess
  /** Runs `xdotool` with these arguments and returns what it printed. */
  xdotool(...args: string[]): Promise<string>
  /**
   * Holds the X server (SIGSTOP): a client that connects now gets no answer, like a computer
   * whose desktop has not started yet. `thaw` lets it go on, with every window as it was.
   */
  freeze(): void
  thaw(): void
  stop(): Promise<void>
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      resolve()
      return
    }
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL')
    }, 5_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    process.kill(child.pid, 'SIGTERM')
  })
}

/** Which X server: Xvfb (one fixed screen size) or Xvnc (`xrandr -s`, `--setmonitor` work). */
export type XServerKind = 'xvfb' | 'xvnc'

function serverCommand(kind: XServerKind, width: number, height: number): [string, string[]] {
  const common = ['-displayfd', '3', '-nolisten', 'tcp']
  if (kind === 'xvfb') return ['Xvfb', [...common, '-screen', '0', `${width}x${height}x24`]]
  // No VNC port at all (-rfbport -1): only X clients on this machine's socket reach it.
  const vnc = ['-geometry', `${width}x${height}`, '-depth', '24', '-rfbport', '-1']
  return ['Xvnc', [...common, ...vnc, '-SecurityTypes', 'None']]
}

/** Starts an X server with one `<width>x<height>` 24-bit screen and waits until it accepts clients. */
export async function startXDisplay(
  width = 1280,
  height = 800,
  kind: XServerKind = 'xvfb',
): Promise<XDisplay> {
  const [command, args] = serverCommand(kind, width, height)
  const server = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] })
  let errors = ''
  server.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')))
  const number = await new Promise<string>((resolve, reject) => {
    let text = ''
    const timer = setTimeout(() => {
      reject(new Error(`${command} did not start within ${START_TIMEOUT_MS} ms: ${errors}`))
    }, START_TIMEOUT_MS)
    const pipe = server.stdio[3]
    if (pipe === null || pipe === undefined || !('on' in pipe)) {
      reject(new Error(`${command} has no display-number pipe`))
      return
    }
    pipe.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8')
      if (text.includes('\n')) {
        clearTimeout(timer)
        resolve(text.trim())
      }
    })
    server.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${command} exited with ${String(code)}: ${errors}`))
    })
  })
  const display = `:${number}`
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] ?? '', DISPLAY: display }
  const children: ChildProcess[] = []
  return {
    display,
    env,
    launch(command, args) {
      const child = spawn(command, [...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
      // The end of what it said, for the error when its window never shows.
      let said = ''
      child.stderr.on('data', (chunk: Buffer) => {
        said = (said + chunk.toString('utf8')).slice(-2_000)
      })
      launched.set(child, () => said)
      children.push(child)
      return child
    },
    async xdotool(...args) {
      const { stdout } = await run('xdotool', args, { env, timeout: 10_000 })
      return stdout
    },
    freeze() {
      if (server.pid !== undefined) process.kill(server.pid, 'SIGSTOP')
    },
    thaw() {
      if (server.pid !== undefined && server.exitCode === null) process.kill(server.pid, 'SIGCONT')
    },
    async stop() {
      // A held server would not see the SIGTERM.
      if (server.pid !== undefined && server.exitCode === null) process.kill(server.pid, 'SIGCONT')
      await Promise.all(children.map(stopChild))
      await stopChild(server)
    },
  }
}

/** The program that was to show the window exited first. */
export class ProgramExitedError extends Error {
  override readonly name = 'ProgramExitedError'
}

/** What each launched program wrote to stderr so far. */
const launched = new WeakMap<ChildProcess, () => string>()

/**
 * Waits until `xdotool search` finds a visible window of this class; returns its id. Given
 * the `program` that should show it, fails at once when that program has exited, saying why.
 */
export async function waitForWindow(
  x: XDisplay,
  windowClass: string,
  // A loaded 2-core machine running several suites at once can take long to start an xterm.
  timeoutMs = 30_000,
  program?: ChildProcess,
): Promise<string> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (program !== undefined && (program.exitCode !== null || program.signalCode !== null)) {
      const said = launched.get(program)?.() ?? ''
      throw new ProgramExitedError(
        `${windowClass} exited (${String(program.exitCode ?? program.signalCode)}) before its window showed on ${x.display}: ${said}`,
      )
    }
    try {
      const found = (await x.xdotool('search', '--onlyvisible', '--class', windowClass)).trim()
      const id = found.split('\n')[0]
      if (id !== undefined && id !== '') return id
    } catch {
      // xdotool exits 1 while nothing matches.
    }
    await sleep(100)
  }
  throw new Error(`no ${windowClass} window appeared on ${x.display} within ${timeoutMs} ms`)
}
