/**
 * The installed agent against the REAL server (the built server as a process): `install`
 * enrols with a token the admin created and writes its files under a temporary install root;
 * the service keeps `/ws/device` open and shows online (SPEC.md D1–D2); an operator's connect
 * arrives as `connect-request` and runs a session whose consent the policy settles (D3), with
 * the console's end-to-end handshake; 中止 in the window ends it; a second connect while one
 * runs is refused busy; `uninstall` tells the server the device left, which revokes it (D4:
 * the service stops for good), and leaves nothing under the root; a replayed token installs
 * nothing; revoking a computer in the console ends its running session and its service. The
 * screen is a recording stream here: the real display is covered in the e2e test.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

import type { AccessPolicy } from '@tasuke/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type DeviceConfig, readDeviceConfig } from '../install/device-config.js'
import { install, type InstallRequest } from '../install/install.js'
import { installPaths } from '../install/install-paths.js'
import { uninstall } from '../install/uninstall.js'
import { runAttendedSession, type SessionOutcome } from '../session/attended-session.js'
import { startConnectProxy } from '../session/test-support/connect-proxy.js'
import { type ConsolePeer, openConsolePeer } from '../session/test-support/console-peer.js'
import { fakeUi, type FakeUi, recordingStreams } from '../session/test-support/fakes.js'
import {
  hasBuiltServer,
  type RelayServer,
  startRelayServer,
} from '../session/test-support/relay-server.js'
import { waitFor } from '../test-support/wait-for.js'
import { acceptedSessionFile } from './accepted-session.js'
import { openDeviceLink } from './device-link.js'
import {
  type ConnectRequest,
  type DeviceService,
  type DeviceStatus,
  type ServiceEnd,
  startDeviceService,
} from './device-service.js'
import { policyConsent } from './policy-consent.js'
import { unattendedLinks } from './session-links.js'
import { adminCall, createEnrolmentToken } from './test-support/admin-api.js'

const TIMEOUT_MS = 60_000

interface Session {
  readonly request: ConnectRequest
  readonly policy: AccessPolicy
  readonly ui: FakeUi
  readonly outcome: Promise<SessionOutcome>
}

async function listFiles(root: string): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await walk(path)
      else found.push(relative(root, path))
    }
  }
  await walk(root)
  return found.sort()
}

describe.skipIf(!hasBuiltServer())(
  'installed agent against the real server',
  { timeout: TIMEOUT_MS },
  () => {
    let server: RelayServer
    let root = ''
    const out: string[] = []
    const err: string[] = []
    const sessions: Session[] = []
    const statuses: DeviceStatus[] = []
    const log: string[] = []
    let service: DeviceService | null = null
    let ended: Promise<ServiceEnd> | null = null

    const request = (token: string): InstallRequest => ({
      command: 'install',
      serverUrl: new URL(server.url),
      token,
      fingerprint: server.fingerprint,
      name: 'front-desk',
      policy: null,
      display: ':42',
      xauthority: null,
      language: 'en',
    })
    const environment = (installRoot: string) => ({
      platform: 'linux' as const,
      paths: installPaths('linux', installRoot),
      language: 'en' as const,
      env: {},
      program: {
        isSingleExecutable: false,
        execPath: process.execPath,
        mainScript: '/build/main.js',
      },
      isAdministrator: true,
      out: (line: string) => out.push(line),
      err: (line: string) => err.push(line),
    })

    const serve = (config: DeviceConfig): DeviceService =>
      startDeviceService({
        openLink: (events) =>
          openDeviceLink(
            {
              serverUrl: new URL(config.serverUrl),
              fingerprint: config.fingerprint,
              deviceId: config.deviceId,
              deviceSecret: config.deviceSecret,
            },
            events,
          ),
        localPolicy: config.localPolicy,
        hasDisplay: () => Promise.resolve(true),
        acceptedSessions: acceptedSessionFile(join(root, 'session.json')),
        runSession: (run) => {
          const { request: connect, policy } = run
          const ui = fakeUi()
          const { factory } = recordingStreams([])
          const consent = policyConsent(ui, { policy })
          consent.onAction((action) => {
            if (action.type === 'accept') run.onAccepted()
          })
          const outcome = runAttendedSession({
            ui: consent,
            openLink: unattendedLinks(
              { serverUrl: new URL(config.serverUrl), fingerprint: config.fingerprint },
              run,
            ),
            createScreenStream: factory,
          })
          sessions.push({ request: connect, policy, ui, outcome })
          return outcome.then(() => undefined)
        },
        onStatus: (status) => statuses.push(status),
        log: (line) => log.push(line),
      })

    beforeAll(async () => {
      server = await startRelayServer()
      root = await mkdtemp(join(tmpdir(), 'tasuke-install-'))
    }, TIMEOUT_MS)

    afterAll(async () => {
      service?.stop()
      await server.stop()
      await rm(root, { recursive: true, force: true })
    })

    it('install refuses to run without root, writing nothing', async () => {
      const token = await createEnrolmentToken(server)
      const code = await install(request(token), { ...environment(root), isAdministrator: false })
      expect(code).toBe(2)
      expect(err.at(-1)).toMatch(/must run as root/)
      expect(await listFiles(root)).toEqual([])
    })

    it('install enrols with the admin’s token and writes the program, device.json (600) and the unit', async () => {
      const token = await createEnrolmentToken(server)
      const code = await install(request(token), environment(root))
      expect(code).toBe(0)
      expect(await listFiles(root)).toEqual([
        'etc/systemd/system/tasuke-agent.service',
        'etc/tasuke-agent/device.json',
        'opt/tasuke-agent/tasuke-agent',
      ])
      const paths = installPaths('linux', root)
      expect((await stat(paths.configFile)).mode & 0o777).toBe(0o600)
      const config = await readDeviceConfig(paths.configFile)
      expect(config).toMatchObject({
        serverUrl: `${server.url}/`,
        deviceName: 'front-desk',
        display: ':42',
      })
      const unit = await readFile(paths.serviceFile ?? '', 'utf8')
      expect(unit).toContain(`ExecStart=${paths.executable} service`)
      expect(unit).toContain('Environment="DISPLAY=:42"')
      expect(await readFile(paths.executable, 'utf8')).toContain(
        `'${process.execPath}' '/build/main.js' "$@"`,
      )
      // Installing twice is refused before the token is used.
      const again = await createEnrolmentToken(server)
      expect(await install(request(again), environment(root))).toBe(1)
      expect(err.at(-1)).toMatch(/already installed.*uninstall/)
      // No systemd under a test root: the files are there, and how to start them is said.
      expect(out.join('\n')).toMatch(
        /service manager is not running here[\s\S]*systemctl enable --now tasuke-agent/,
      )
    })

    it('a replayed token is refused with the clear message and installs nothing', async () => {
      const token = await createEnrolmentToken(server)
      const first = await mkdtemp(join(tmpdir(), 'tasuke-install-first-'))
      const second = await mkdtemp(join(tmpdir(), 'tasuke-install-second-'))
      try {
        expect(await install(request(token), environment(first))).toBe(0)
        expect(await install(request(token), environment(second))).toBe(1)
        expect(err.at(-1)).toMatch(
          /already been used to enrol a computer; each token works once.*Nothing was installed/,
        )
        expect(await listFiles(second)).toEqual([])
        expect(await install(request('tse_' + 'x'.repeat(43)), environment(second))).toBe(1)
        expect(err.at(-1)).toMatch(/does not exist/)
        expect(await listFiles(second)).toEqual([])
      } finally {
        await rm(first, { recursive: true, force: true })
        await rm(second, { recursive: true, force: true })
      }
    })

    it('[D1][D2] the service says device-hello and shows online in the device list', async () => {
      const config = await readDeviceConfig(installPaths('linux', root).configFile)
      service = serve(config)
      ended = service.ended
      const online = await waitFor('device-welcome', () => statuses.find((status) => status.online))
      expect(online).toMatchObject({
        online: true,
        tenantName: 'Example Support',
        deviceName: 'front-desk',
      })
      const list = await adminCall(server, 'GET', '/api/v1/devices')
      const devices = (list.body as { devices: { id: string; name: string; status: string }[] })
        .devices
      expect(devices.find((device) => device.id === config.deviceId)).toMatchObject({
        name: 'front-desk',
        status: 'online',
      })
    })

    it('[D3] with policy connect the operator’s connect runs a session at once; 中止 ends it; a second connect is refused busy', async () => {
      const config = await readDeviceConfig(installPaths('linux', root).configFile)
      expect(
        (await adminCall(server, 'PUT', '/api/v1/device-policy', { policy: { mode: 'connect' } }))
          .status,
      ).toBe(200)
      const connect = await adminCall(server, 'POST', `/api/v1/devices/${config.deviceId}/connect`)
      expect(connect.status).toBe(201)
      const sessionId = (connect.body as { sessionId: string }).sessionId
      const console: ConsolePeer = openConsolePeer(server, sessionId)
      try {
        const session = await waitFor('the connect-request', () => sessions[0])
        expect(session.request).toMatchObject({ sessionId, policy: { mode: 'connect' } })
        expect(session.policy).toEqual({ mode: 'connect' })
        await waitFor('the handshake', () => (console.handshakes.length === 1 ? true : undefined))
        // Consent was never asked: the window went straight to the operator connected, with 中止.
        expect(session.ui.views.some((view) => view.type === 'ask-consent')).toBe(false)
        expect(session.ui.last()).toMatchObject({ type: 'connected' })

        const again = await adminCall(server, 'POST', `/api/v1/devices/${config.deviceId}/connect`)
        expect(again.status).toBe(201)
        await waitFor('busy', () =>
          log.some((line) => line.includes('a session already runs')) ? true : undefined,
        )
        expect(sessions).toHaveLength(1)

        session.ui.act({ type: 'end' })
        expect(await session.outcome).toBe('ended-by-customer')
      } finally {
        console.close()
      }
    })

    it('[D3] always-ask asks in the window and declines when nobody answers', async () => {
      const config = await readDeviceConfig(installPaths('linux', root).configFile)
      expect(
        (
          await adminCall(server, 'PUT', '/api/v1/device-policy', {
            policy: { mode: 'always-ask' },
          })
        ).status,
      ).toBe(200)
      const connect = await adminCall(server, 'POST', `/api/v1/devices/${config.deviceId}/connect`)
      expect(connect.status).toBe(201)
      const session = await waitFor('the connect-request', () => sessions[1])
      expect(session.policy).toEqual({ mode: 'always-ask' })
      await waitFor('the question', () =>
        session.ui.last()?.type === 'ask-consent' ? true : undefined,
      )
      session.ui.act({ type: 'decline' })
      expect(await session.outcome).toBe('declined')
    })

    it('[D5] a dropped link comes back with a fresh token asked over the device socket, without a new consent', async () => {
      const config = await readDeviceConfig(installPaths('linux', root).configFile)
      await adminCall(server, 'PUT', '/api/v1/device-policy', { policy: { mode: 'connect' } })
      const proxy = await startConnectProxy()
      // Only the session's relay link goes through the proxy: the device socket stays up.
      process.env['HTTPS_PROXY'] = proxy.url
      const connect = await adminCall(server, 'POST', `/api/v1/devices/${config.deviceId}/connect`)
      const sessionId = (connect.body as { sessionId: string }).sessionId
      const console: ConsolePeer = openConsolePeer(server, sessionId)
      try {
        const session = await waitFor('the connect-request', () => sessions[2])
        await waitFor('the handshake', () => (console.handshakes.length === 1 ? true : undefined))
        expect(proxy.requests).toHaveLength(1)
        proxy.cutAll()
        await waitFor('a second handshake', () =>
          console.handshakes.length === 2 ? true : undefined,
        )
        expect(proxy.requests).toHaveLength(2)
        // The same session, accepted once: no question, still the connected view.
        expect(sessions).toHaveLength(3)
        expect(session.ui.views.some((view) => view.type === 'ask-consent')).toBe(false)
        const row = await adminCall(server, 'GET', `/api/v1/sessions/${sessionId}`)
        expect(row.body).toMatchObject({ session: { state: 'active' } })
        session.ui.act({ type: 'end' })
        expect(await session.outcome).toBe('ended-by-customer')
      } finally {
        delete process.env['HTTPS_PROXY']
        console.close()
        await proxy.close()
      }
    })

    it('[D4] uninstall tells the server the device left: the service stops for good and nothing is left', async () => {
      const code = await uninstall({
        platform: 'linux',
        paths: installPaths('linux', root),
        language: 'en',
        isAdministrator: true,
        out: (line) => out.push(line),
        err: (line) => err.push(line),
      })
      expect(code).toBe(0)
      expect(out).toContain('The support company’s server was told that this computer left.')
      expect(await listFiles(root)).toEqual([])
      expect(await ended).toBe('revoked')
      const twice = await uninstall({
        platform: 'linux',
        paths: installPaths('linux', root),
        language: 'ja',
        isAdministrator: true,
        out: (line) => out.push(line),
        err: (line) => err.push(line),
      })
      expect(twice).toBe(0)
      expect(out.at(-1)).toBe('このコンピュータには tasuke-agent はインストールされていません。')
      expect(log.join('\n')).toMatch(/revoked this computer; the service stops for good/)
    })

    it('[D4] revoking the computer in the console ends its running session and stops the service for good', async () => {
      const other = await mkdtemp(join(tmpdir(), 'tasuke-install-revoke-'))
      try {
        const token = await createEnrolmentToken(server)
        expect(await install(request(token), environment(other))).toBe(0)
        const config = await readDeviceConfig(installPaths('linux', other).configFile)
        const before = statuses.filter((status) => status.online).length
        const revocable = serve(config)
        await waitFor('device-welcome', () =>
          statuses.filter((status) => status.online).length > before ? true : undefined,
        )
        expect(
          (await adminCall(server, 'PUT', '/api/v1/device-policy', { policy: { mode: 'connect' } }))
            .status,
        ).toBe(200)
        const count = sessions.length
        const connect = await adminCall(
          server,
          'POST',
          `/api/v1/devices/${config.deviceId}/connect`,
        )
        expect(connect.status).toBe(201)
        const console = openConsolePeer(server, (connect.body as { sessionId: string }).sessionId)
        try {
          const session = await waitFor('the connect-request', () => sessions[count])
          await waitFor('the handshake', () => (console.handshakes.length === 1 ? true : undefined))
          const revoke = await adminCall(server, 'DELETE', `/api/v1/devices/${config.deviceId}`)
          expect(revoke.status).toBeLessThan(300)
          expect(await revocable.ended).toBe('revoked')
          expect(await session.outcome).not.toBe('ended-by-customer')
          expect(session.ui.last()?.type).toBe('ended')
        } finally {
          console.close()
        }
      } finally {
        await rm(other, { recursive: true, force: true })
      }
    })
  },
)
