/**
 * The installed service runs each session in its own process, as the person on the display
 * (user-session-host.ts → `session-as-user`), against the REAL built server and a real Xvfb:
 * the operator's connect gets its handshake from that process; the acceptance it reports is
 * recorded by the service (session.json); a file the operator sends lands in that person's
 * home and belongs to them; a dropped link comes back with a fresh token the process asks the
 * service for; the operator's restart reaches the service, which alone may
 * restart the computer; revoking the computer ends the process. As root the test runs the
 * session as `nobody` when that account can read this checkout, else as itself (a checkout
 * under a private folder, as on CI), which still covers everything but the change of id.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chown, mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { enrolDevice } from '../install/enrol.js'
import { startConnectProxy } from '../session/test-support/connect-proxy.js'
import { type ConsolePeer, openConsolePeer } from '../session/test-support/console-peer.js'
import {
  hasBuiltServer,
  type RelayServer,
  startRelayServer,
} from '../session/test-support/relay-server.js'
import { waitFor } from '../test-support/wait-for.js'
import { type Xvfb, startXvfb } from '../test-support/xvfb.js'
import { acceptedSessionFile } from './accepted-session.js'
import type { DesktopAccount } from './desktop-account.js'
import { openDeviceLink } from './device-link.js'
import { type DeviceService, startDeviceService } from './device-service.js'
import { adminCall, createEnrolmentToken } from './test-support/admin-api.js'
import { type ProgramLaunch, runSessionAsUser } from './user-session-host.js'

const TIMEOUT_MS = 90_000
const REPO = fileURLToPath(new URL('../../../../', import.meta.url))
/** The agent from its sources, as the service would start itself again. */
const PROGRAM: ProgramLaunch = {
  command: process.execPath,
  args: [
    '--import',
    pathToFileURL(join(REPO, 'node_modules/tsx/dist/loader.mjs')).href,
    join(REPO, 'packages/agent/src/main.ts'),
  ],
}
const NOBODY = 65_534

/** Whether `nobody` can run Node.js and read this checkout's sources. */
function nobodyCanRunTheAgent(): boolean {
  if (process.getuid?.() !== 0) return false
  const probe = spawnSync(
    process.execPath,
    ['-e', `require('fs').accessSync(${JSON.stringify(PROGRAM.args[2])})`],
    { uid: NOBODY, gid: NOBODY, stdio: 'ignore', timeout: 10_000 },
  )
  return probe.status === 0
}

describe.skipIf(!hasBuiltServer())(
  'a session as the desktop’s user, in its own process',
  { timeout: TIMEOUT_MS },
  () => {
    let server: RelayServer
    let xvfb: Xvfb
    let dir: string
    let account: DesktopAccount
    let deviceId = ''
    let service: DeviceService
    const log: string[] = []
    const sessionsOver: Promise<void>[] = []
    let restarts = 0
    /** The session process's HTTPS_PROXY (the service's own device socket never uses it). */
    let proxyUrl: string | null = null

    beforeAll(async () => {
      server = await startRelayServer()
      xvfb = await startXvfb('640x480')
      dir = await mkdtemp(join(tmpdir(), 'tasuke-user-session-'))
      const home = await mkdtemp(join(tmpdir(), 'tasuke-user-home-'))
      account = nobodyCanRunTheAgent()
        ? { uid: NOBODY, gid: NOBODY, name: 'nobody', home }
        : {
            uid: process.getuid?.() ?? 0,
            gid: process.getgid?.() ?? 0,
            name: 'self',
            home,
          }
      await chown(home, account.uid, account.gid)
      const enrolled = await enrolDevice(
        new URL(server.url),
        await createEnrolmentToken(server),
        'desk',
        server.fingerprint,
      )
      if (!enrolled.ok) throw new Error(`enrolment failed: ${enrolled.failure}`)
      deviceId = enrolled.deviceId
      service = startDeviceService({
        openLink: (events) =>
          openDeviceLink(
            {
              serverUrl: new URL(server.url),
              fingerprint: server.fingerprint,
              deviceId: enrolled.deviceId,
              deviceSecret: enrolled.deviceSecret,
            },
            events,
          ),
        localPolicy: null,
        hasDisplay: () => Promise.resolve(true),
        acceptedSessions: acceptedSessionFile(join(dir, 'session.json')),
        runSession: (run) => {
          const over = runSessionAsUser(
            {
              account,
              program: PROGRAM,
              env: {
                PATH: process.env['PATH'] ?? '',
                ...xvfb.env,
                TASUKE_NO_BROWSER: '1',
                ...(proxyUrl === null ? {} : { HTTPS_PROXY: proxyUrl }),
              },
              session: {
                serverUrl: `${server.url}/`,
                fingerprint: server.fingerprint,
                language: 'en',
                openBrowser: false,
                installedNote: null,
              },
              restartComputer: () => {
                restarts += 1
                return Promise.resolve()
              },
              log: (line) => log.push(line),
            },
            run,
          )
          sessionsOver.push(over)
          return over
        },
        onStatus: () => undefined,
        log: (line) => log.push(line),
      })
      await adminCall(server, 'PUT', '/api/v1/device-policy', { policy: { mode: 'connect' } })
    }, TIMEOUT_MS)

    afterAll(async () => {
      service.stop()
      await xvfb.stop()
      await server.stop()
      await rm(dir, { recursive: true, force: true })
      await rm(account.home, { recursive: true, force: true })
    })

    const nextOf = (console: ConsolePeer, type: string) =>
      waitFor(type, () => console.messages.find((message) => message.type === type), 30_000)

    it('session-as-user started by hand (no channel to a service) says so and exits 2', () => {
      const run = spawnSync(PROGRAM.command, [...PROGRAM.args, 'session-as-user'], {
        encoding: 'utf8',
        timeout: 30_000,
      })
      expect(run.status).toBe(2)
      expect(run.stderr).toContain('session-as-user is started by the installed service')
    })

    it('runs the operator’s session in a process of that user; its file lands in their home', async () => {
      await waitFor('online', () =>
        log.some((line) => line.startsWith('online as')) ? true : undefined,
      )
      const proxy = await startConnectProxy()
      proxyUrl = proxy.url
      const connect = await adminCall(server, 'POST', `/api/v1/devices/${deviceId}/connect`)
      expect(connect.status).toBe(201)
      const sessionId = (connect.body as { sessionId: string }).sessionId
      const console = openConsolePeer(server, sessionId)
      try {
        await waitFor(
          'the handshake',
          () => (console.handshakes.length === 1 ? true : undefined),
          60_000,
        )
        // The policy accepted in the session's process; the service recorded it.
        await waitFor('session.json', async () =>
          (await acceptedSessionFile(join(dir, 'session.json')).isAccepted(sessionId))
            ? true
            : undefined,
        )

        const bytes = Buffer.from('見積書 from the operator\n')
        await console.send({
          type: 'file-send',
          transferId: 1,
          path: 'note.txt',
          size: bytes.length,
        })
        await nextOf(console, 'file-accept')
        await console.sendChunk({ transferId: 1, offset: 0, data: bytes })
        await console.send({
          type: 'file-done',
          transferId: 1,
          sha256: createHash('sha256').update(bytes).digest('hex'),
        })
        expect(await nextOf(console, 'file-result')).toMatchObject({ outcome: 'completed' })
        const saved = join(account.home, 'tasuke-files', 'note.txt')
        expect(await readFile(saved)).toEqual(bytes)
        expect((await stat(saved)).uid).toBe(account.uid)

        // The link drops: the session process asks the service for a fresh token, which asks
        // the server over the device socket, and the session comes back without a question.
        await waitFor('the proxied link', () => (proxy.requests.length === 1 ? true : undefined))
        proxy.cutAll()
        await waitFor(
          'a second handshake',
          () => (console.handshakes.length === 2 ? true : undefined),
          30_000,
        )
        expect(proxy.requests).toHaveLength(2)

        // The operator's restart goes to the service: only it may restart the computer.
        await nextOf(console, 'restart-support')
        await console.send({ type: 'restart-computer' })
        await waitFor('the restart', () => (restarts === 1 ? true : undefined))

        // Revoked: the server ends the session, and its process with it.
        await adminCall(server, 'DELETE', `/api/v1/devices/${deviceId}`)
        await sessionsOver[0]
        expect(log.some((line) => line.startsWith('[session] '))).toBe(true)
      } finally {
        console.close()
        await proxy.close()
      }
    })
  },
)
