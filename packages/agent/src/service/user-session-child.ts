/**
 * `tasuke-agent session-as-user`: the unattended session, run by the installed service as the
 * desktop's user (user-session-host.ts). Reads its run from the IPC channel, runs the session
 * (unattended-session.ts) and asks the service for what only it can do. Ends with the session,
 * or at once when the service goes away. Not a command for people: without the channel it
 * says so and exits 2.
 * @module
 */
import { runUnattendedSession } from './unattended-session.js'
import {
  parseServiceToSession,
  type RunSessionMessage,
  type SessionToService,
} from './user-session-messages.js'

/** How long the child waits for its run before giving up. */
const RUN_WAIT_MS = 15_000
/** A little longer than the window's farewell (unattended-session.ts). */
const FAREWELL_MS = 2_500

export async function runUserSessionChild(log: (line: string) => void): Promise<number> {
  const channel = process.send?.bind(process)
  if (channel === undefined) {
    process.stderr.write('session-as-user is started by the installed service, not by hand\n')
    return 2
  }
  const send = (message: SessionToService): void => {
    if (process.connected) channel(message)
  }
  const tokenWaiters: ((token: string | null) => void)[] = []
  let onRun: (message: RunSessionMessage) => void = () => undefined
  const ran = new Promise<RunSessionMessage>((resolve) => (onRun = resolve))
  process.on('message', (raw: unknown) => {
    const message = parseServiceToSession(raw)
    if (message === null) {
      log('the service sent something unexpected; ignored')
      return
    }
    if (message.type === 'run') onRun(message)
    else tokenWaiters.shift()?.(message.token)
  })
  // The service went away (stopped, restarted): so does its session.
  const serviceGone = () => {
    log('the service is gone; the session ends')
    process.exit(0)
  }
  process.once('disconnect', serviceGone)
  const timer = setTimeout(() => {
    log('no session came from the service')
    process.exit(1)
  }, RUN_WAIT_MS)
  const run = await ran
  clearTimeout(timer)
  await runUnattendedSession(
    {
      serverUrl: new URL(run.serverUrl),
      fingerprint: run.fingerprint,
      language: run.language,
      openBrowser: run.openBrowser,
      log,
      installedNote: () => run.installedNote,
      restartComputer: () => {
        send({ type: 'restart-computer' })
        return Promise.resolve()
      },
    },
    {
      request: run.request,
      policy: run.policy,
      isResumed: run.isResumed,
      tokens: {
        next: () =>
          new Promise((resolve) => {
            tokenWaiters.push(resolve)
            send({ type: 'next-token' })
          }),
      },
      onAccepted: () => {
        send({ type: 'accepted' })
      },
    },
  )
  send({ type: 'over' })
  // The window shows its last view a moment (unattended-session.ts closes it), then this ends.
  process.off('disconnect', serviceGone)
  await new Promise((resolve) => setTimeout(resolve, FAREWELL_MS))
  if (process.connected) process.disconnect()
  return 0
}
