/**
 * Runs one unattended session in a child process of this same program (`session-as-user`),
 * started with the id of the person logged in on the display (desktop-account.ts): their
 * HOME, their session bus, their display. The service (root) keeps what needs it — the device
 * socket, the fresh tokens, session.json and restarting the computer — and answers the
 * child's requests for them over the IPC channel (user-session-messages.ts). Ends when the
 * child says its session is over (or exits); the child ends when the service goes away.
 * @module
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'

import type { DesktopAccount } from './desktop-account.js'
import type { SessionRun } from './device-service.js'
import {
  parseSessionToService,
  type RunSessionMessage,
  type ServiceToSession,
} from './user-session-messages.js'

/** The session's log lines are cut here (it runs as the user, who could write anything). */
const MAX_LOG_LINE = 2_000

/** What the session takes from the service's environment: its display, language and proxy. */
const PASSED_ON = [
  'DISPLAY',
  'XAUTHORITY',
  'LANG',
  'LC_ALL',
  'LANGUAGE',
  'HTTPS_PROXY',
  'https_proxy',
  'NO_PROXY',
  'no_proxy',
]

/** How this program is started again: the executable, and the arguments before the command. */
export interface ProgramLaunch {
  readonly command: string
  readonly args: readonly string[]
}

export interface UserSessionOptions {
  readonly account: DesktopAccount
  readonly program: ProgramLaunch
  /** The service's environment: PATH, PASSED_ON and TASUKE_* go to the session. */
  readonly env: NodeJS.ProcessEnv
  /** Everything of the run message but the run itself. */
  readonly session: Omit<RunSessionMessage, 'type' | 'request' | 'policy' | 'isResumed'>
  readonly restartComputer: () => Promise<void>
  readonly log: (line: string) => void
}

/** The environment of the session: the account's, with the display the service found. */
export function sessionEnvironment(
  account: DesktopAccount,
  env: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  const runtime = `/run/user/${account.uid}`
  const passed = Object.entries(env).filter(
    ([name]) => PASSED_ON.includes(name) || name.startsWith('TASUKE_'),
  )
  return {
    ...Object.fromEntries(passed),
    PATH: env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: account.home,
    USER: account.name,
    LOGNAME: account.name,
    ...(existsSync(runtime) ? { XDG_RUNTIME_DIR: runtime } : {}),
    ...(existsSync(`${runtime}/bus`)
      ? { DBUS_SESSION_BUS_ADDRESS: `unix:path=${runtime}/bus` }
      : {}),
  }
}

export function runSessionAsUser(options: UserSessionOptions, run: SessionRun): Promise<void> {
  const { account, log } = options
  // Another id only when it differs: a service run by hand as that very user may not set ids.
  const ids =
    account.uid === process.getuid?.() && account.gid === process.getgid?.()
      ? {}
      : { uid: account.uid, gid: account.gid }
  let finish: () => void = () => undefined
  const over = new Promise<void>((resolve) => (finish = resolve))
  const child = spawn(options.program.command, [...options.program.args, 'session-as-user'], {
    ...ids,
    env: sessionEnvironment(account, options.env),
    cwd: existsSync(account.home) ? account.home : '/',
    // Its log lines (stderr) join the service's, marked as the session's.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  })
  if (child.stderr !== null) {
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
      log(`[session] ${line.slice(0, MAX_LOG_LINE)}`)
    })
  }
  const send = (message: ServiceToSession): void => {
    if (child.connected) child.send(message)
  }
  let asking: Promise<string | null> | null = null
  let isRestarting = false
  child.on('message', (raw: unknown) => {
    const message = parseSessionToService(raw)
    if (message === null) {
      log(`the session process sent something unexpected; it is stopped`)
      child.kill('SIGTERM')
      return
    }
    switch (message.type) {
      case 'accepted':
        run.onAccepted()
        return
      case 'next-token':
        // One question to the server at a time, however often the process asks.
        asking ??= run.tokens.next().finally(() => {
          asking = null
        })
        void asking.then((token) => {
          send({ type: 'token', token })
        })
        return
      case 'restart-computer':
        if (isRestarting) return
        isRestarting = true
        options.restartComputer().catch((error: unknown) => {
          isRestarting = false
          log(`the computer could not be restarted: ${String(error)}`)
        })
        return
      case 'over':
        // The computer takes the next request while the window shows its last view.
        finish()
        return
    }
  })
  send({
    type: 'run',
    request: run.request,
    policy: run.policy,
    isResumed: run.isResumed,
    ...options.session,
  })
  child.once('error', (error) => {
    log(`the session process could not be started as ${account.name}: ${error.message}`)
    finish()
  })
  child.once('exit', (code, signal) => {
    if (code !== 0) {
      log(`the session process as ${account.name} ended with ${signal ?? `code ${code ?? '?'}`}`)
    }
    finish()
  })
  return over
}
